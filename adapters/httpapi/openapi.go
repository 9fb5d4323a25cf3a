package httpapi

import (
	_ "embed"
	"net/http"

	"github.com/uptrace/bunrouter"
)

// openAPIDocument is the OpenAPI 3.1 description of this API, kept by hand next to
// the handlers; tests check it against the route table and every response.
//
//go:embed openapi.json
var openAPIDocument []byte

// OpenAPIDocument returns a copy of the OpenAPI 3.1 document (JSON), for hosts that
// publish it elsewhere or feed it to tooling.
func OpenAPIDocument() []byte { return append([]byte(nil), openAPIDocument...) }

// openAPI is GET /openapi.json.
func (a *API) openAPI(w http.ResponseWriter, _ bunrouter.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(openAPIDocument)
	return nil
}
