package httpapi

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
)

// notificationJSON is one notification (schema Notification).
type notificationJSON struct {
	ID        string `json:"id"`
	Category  string `json:"category"`
	Text      string `json:"text"`
	CreatedAt string `json:"created_at"`
	Read      bool   `json:"read"`
}

// notificationListJSON is a page of notifications (schema NotificationList).
type notificationListJSON struct {
	Items  []notificationJSON `json:"items"`
	Total  int                `json:"total"`
	Unread int                `json:"unread"`
}

// listMyNotifications is GET /me/notifications: the member's 通知提醒, newest
// first, limit (default 20, at most 100) from offset.
func (a *API) listMyNotifications(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	var v apperr.Validation
	limit := intParam(req, "limit", &v)
	offset := 0
	if s := req.URL.Query().Get("offset"); s != "" && s != "0" {
		offset = intParam(req, "offset", &v)
	}
	if err := v.Err(); err != nil {
		return err
	}
	list, err := a.app.Queries.MemberNotifications.Handle(req.Context(), query.MemberNotifications{
		Principal: p, Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	out := notificationListJSON{Total: list.Total, Unread: list.Unread, Items: make([]notificationJSON, len(list.Items))}
	for i, n := range list.Items {
		out.Items[i] = notificationJSON{ID: n.ID, Category: string(n.Category), Text: n.Text,
			CreatedAt: timestamp(n.CreatedAt), Read: n.Read}
	}
	return a.ok(w, http.StatusOK, out)
}

// markReadRequest lists the notifications to mark read (schema MarkRead); none
// means all.
type markReadRequest struct {
	IDs []string `json:"ids"`
}

// markedJSON says how many notifications changed (schema Marked).
type markedJSON struct {
	Marked int `json:"marked"`
}

// markMyNotificationsRead is POST /me/notifications/read.
func (a *API) markMyNotificationsRead(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	var in markReadRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	n, err := a.app.Commands.MarkNotificationsRead.Handle(req.Context(), command.MarkNotificationsRead{
		Principal: p, IDs: in.IDs})
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusOK, markedJSON{Marked: n})
}
