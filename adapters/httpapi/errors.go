package httpapi

import (
	"errors"
	"net/http"

	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/internal/httpkit"
)

// errNoRoute answers paths the API does not have.
var errNoRoute = apperr.NotFound("route_not_found", "请求的接口不存在")

// requestError is a request the API cannot read at all (malformed JSON, wrong
// content type, too large, unknown fields): a fault of the client program rather
// than of the user's input, hence 400 and not 422.
type requestError struct {
	message string
	fields  []apperr.FieldError
	cause   error
	status  int    // 400 when zero
	code    string // bad_request when empty
}

func (e *requestError) Error() string {
	if e.cause != nil {
		return "bad request: " + e.message + ": " + e.cause.Error()
	}
	return "bad request: " + e.message
}

func (e *requestError) Unwrap() error { return e.cause }

// badRequest returns a requestError with a Chinese message.
func badRequest(message string, cause error, fields ...apperr.FieldError) error {
	return &requestError{message: message, fields: fields, cause: cause}
}

// tooLarge is a request body over its bound (413): the code and a field error
// name the problem.
func tooLarge(field, code, message string, cause error) error {
	return &requestError{message: message, cause: cause, status: http.StatusRequestEntityTooLarge, code: code,
		fields: []apperr.FieldError{{Field: field, Code: code, Message: message}}}
}

// errorBody is the envelope of every error response.
type errorBody struct {
	Error errorDetail `json:"error"`
}

// errorDetail is the documented Error schema.
type errorDetail struct {
	Code      string              `json:"code"`
	Message   string              `json:"message"`
	Fields    []apperr.FieldError `json:"fields"`
	RequestID string              `json:"request_id"`
}

// writeError is the one place where errors become HTTP responses: the status from
// the error kind, the stable code, the user's message and field errors, the
// request id, and the headers some statuses need. Internal errors are logged with
// the request id and shown only as a generic message.
func (a *API) writeError(w http.ResponseWriter, r *http.Request, err error) {
	if httpmw.ClientGone(r) { // nobody reads the answer: no 500, no error line
		httpmw.AnswerClientGone(w)
		return
	}
	log := httpmw.Logger(r.Context(), a.log)
	body := errorDetail{RequestID: httpmw.RequestID(r.Context())}
	status := http.StatusBadRequest
	var re *requestError
	if errors.As(err, &re) {
		body.Code, body.Message, body.Fields = "bad_request", re.message, re.fields
		if re.code != "" {
			body.Code = re.code
		}
		if re.status != 0 {
			status = re.status
		}
		log.Debug("api bad request", "path", r.URL.Path, "error", err)
	} else {
		e := apperr.As(err)
		status = httpkit.Status(e.Kind)
		body.Code, body.Message, body.Fields = e.Code, e.Message, e.Fields
		switch status {
		case http.StatusInternalServerError:
			internal := apperr.Internal(nil)
			body.Code, body.Message, body.Fields = internal.Code, internal.Message, nil
			log.Error("api internal error", "method", r.Method, "path", r.URL.Path,
				"request_id", body.RequestID, "error", err)
		case http.StatusUnauthorized:
			w.Header().Set("WWW-Authenticate", bearerChallenge(e.Code))
		case http.StatusTooManyRequests:
			// Always, even for a wait not known: at least 1 s.
			w.Header().Set("Retry-After", httpkit.RetryAfter(e.RetryAfter))
		}
		if status != http.StatusInternalServerError {
			log.Debug("api request refused", "path", r.URL.Path, "status", status, "code", e.Code)
		}
	}
	a.translateError(w, &body)
	if body.Fields == nil {
		body.Fields = []apperr.FieldError{}
	}
	writeJSON(w, log, status, errorBody{Error: body})
}

// bearerChallenge is the WWW-Authenticate value of RFC 6750: a request without a
// token gets the bare challenge, one with a dead token is told it is invalid.
func bearerChallenge(code string) string {
	if code == codeLoginRequired {
		return `Bearer realm="membership"`
	}
	return `Bearer realm="membership", error="invalid_token"`
}
