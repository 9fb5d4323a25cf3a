package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/httpapi"
)

func TestOpenAPIServed(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	r := a.do(call{Method: http.MethodGet, Path: "/openapi.json"})
	require.Equal(t, http.StatusOK, r.Status)
	var v map[string]any
	require.NoError(t, json.Unmarshal(r.Body, &v))
	assert.Equal(t, "3.1.0", v["openapi"])
	assert.JSONEq(t, string(httpapi.OpenAPIDocument()), string(r.Body))
}

// TestEveryDocumentedOperationIsServed sends each documented operation through
// the router: none may fall through to the router's not-found handler.
func TestEveryDocumentedOperationIsServed(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	for _, key := range a.doc.Operations() {
		method, path, _ := strings.Cut(key, " ")
		c := call{Method: method, Path: path}
		if httpapi.Obj(a.doc.Operation(method, path)["requestBody"]) != nil {
			c.Body = map[string]any{}
		}
		r := a.do(c) // do fails the test on a missing route
		assert.Less(t, r.Status, 500, "%s: %s", key, r.Body)
	}
}
