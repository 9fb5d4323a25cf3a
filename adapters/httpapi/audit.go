package httpapi

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
)

// auditChangeJSON is one field before → after (schema AuditChange).
type auditChangeJSON struct {
	Field  string `json:"field"`
	Label  string `json:"label"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// auditEntryJSON is one entry of the audit log (schema AuditEntry).
type auditEntryJSON struct {
	ID           int64             `json:"id"`
	At           string            `json:"at"`
	StaffID      string            `json:"staff_id"`
	StaffName    string            `json:"staff_name"`
	StaffRole    *string           `json:"staff_role"`
	Address      *string           `json:"address"`
	Action       string            `json:"action"`
	ActionLabel  string            `json:"action_label"`
	MemberID     *string           `json:"member_id"`
	MemberNumber *string           `json:"member_number"`
	MemberName   *string           `json:"member_name"`
	Subject      *string           `json:"subject"`
	Summary      string            `json:"summary"`
	Reason       *string           `json:"reason"`
	Changes      []auditChangeJSON `json:"changes"`
}

// auditLogJSON is one page of the audit log (schema AuditLog).
type auditLogJSON struct {
	Items    []auditEntryJSON `json:"items"`
	Total    int              `json:"total"`
	Page     int              `json:"page"`
	PageSize int              `json:"page_size"`
	Pages    int              `json:"pages"`
	Clamped  bool             `json:"clamped"`
	OwnOnly  bool             `json:"own_only"`
}

func newAuditEntryJSON(it query.AuditItem) auditEntryJSON {
	out := auditEntryJSON{ID: it.ID, At: timestamp(it.At), StaffID: it.StaffID, StaffName: it.StaffName,
		StaffRole: optional(it.StaffRole), Address: optional(it.Address), Action: string(it.Action),
		ActionLabel: it.ActionLabel, MemberID: optional(it.MemberID), MemberNumber: optional(it.MemberNo),
		MemberName: optional(it.MemberName), Subject: optional(it.Subject), Summary: it.Summary,
		Reason: optional(it.Reason), Changes: make([]auditChangeJSON, len(it.Changes))}
	for i, c := range it.Changes {
		out.Changes[i] = auditChangeJSON{Field: c.Field, Label: c.Label, Before: c.Before, After: c.After}
	}
	return out
}

// listAudit is GET /audit: one page of the audit log (操作日志), newest first,
// filtered by staff, member, action and days. The admin reads every entry;
// any other staff account its own, and asking for another's is 403.
func (a *API) listAudit(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var v apperr.Validation
	page, size := intParam(req, "page", &v), intParam(req, "page_size", &v)
	if err := v.Err(); err != nil {
		return err
	}
	q := req.URL.Query()
	list, err := a.app.Queries.AuditLog.Handle(req.Context(), query.AuditLog{Principal: s.Principal,
		Filters: query.AuditFilters{Staff: q.Get("staff"), Member: q.Get("member"), Action: q.Get("action"),
			From: q.Get("from"), To: q.Get("to")}, Page: page, PageSize: size})
	if err != nil {
		return err
	}
	out := auditLogJSON{Items: make([]auditEntryJSON, len(list.Items)), Total: list.Total, Page: list.Page,
		PageSize: list.PageSize, Pages: list.Pages, Clamped: list.Clamped, OwnOnly: list.OwnOnly}
	for i, it := range list.Items {
		out.Items[i] = newAuditEntryJSON(it)
	}
	return a.ok(w, http.StatusOK, out)
}
