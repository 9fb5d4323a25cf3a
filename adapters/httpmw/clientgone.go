package httpmw

import (
	"context"
	"errors"
	"net/http"
)

// StatusClientGone is the status recorded for a request whose client closed
// the connection before the answer (nginx's 499). Nobody reads that answer; it
// is no server error and is logged at info level, not as a 500.
const StatusClientGone = 499

// ClientGone reports whether the client of r went away (its context was
// cancelled by the server because the connection closed): whatever error the
// handler met then, for instance "context canceled" from the database, is not
// a fault of the system. Error handlers answer such requests with
// AnswerClientGone instead of a 500.
func ClientGone(r *http.Request) bool {
	return errors.Is(r.Context().Err(), context.Canceled)
}

// AnswerClientGone records the status of a request whose client went away.
func AnswerClientGone(w http.ResponseWriter) { w.WriteHeader(StatusClientGone) }
