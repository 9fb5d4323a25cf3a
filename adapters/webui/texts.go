package webui

import (
	"context"
	"net/http"

	"github.com/openassoc/membership/core/i18n"
)

// docContext is the request's context carrying its language (i18n.WithLocale),
// for the queries that draw documents (the application form, the advance
// invoice form, the card and certificate): they come out in the language the
// page is shown in.
func (u *UI) docContext(r *http.Request) context.Context {
	return i18n.WithLocale(r.Context(), u.locale(r))
}
