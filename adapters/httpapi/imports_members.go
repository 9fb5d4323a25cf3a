package httpapi

import (
	"fmt"
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/ports"
)

// importMemberJSON is a member of a batch (schema ImportBatchMember).
type importMemberJSON struct {
	MemberID   string  `json:"member_id"`
	Number     string  `json:"number"`
	Name       string  `json:"name"`
	Kind       string  `json:"kind"`
	Created    bool    `json:"created"`
	LoggedInAt *string `json:"logged_in_at"`
}

// importMembersJSON is a page of a batch's members (schema ImportBatchMembers).
type importMembersJSON struct {
	Total int                `json:"total"`
	Items []importMemberJSON `json:"items"`
}

// listImportMembers is GET /imports/{batch_id}/members: the batch's members,
// with not_logged_in=true only those that have not logged in yet.
func (a *API) listImportMembers(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	page, size, err := pageParams(req)
	if err != nil {
		return err
	}
	v, err := a.app.Queries.ImportBatches.Batch(req.Context(), query.ImportBatch{Principal: s.Principal,
		BatchID: req.Param("batch_id"), NotLoggedIn: req.URL.Query().Get("not_logged_in") == "true",
		Page: page, PerPage: size})
	if err != nil {
		return err
	}
	out := importMembersJSON{Total: v.Total, Items: make([]importMemberJSON, len(v.Members))}
	for i, m := range v.Members {
		out.Items[i] = importMemberJSON{MemberID: m.MemberID, Number: m.Number, Name: m.Name, Kind: string(m.Kind),
			Created: m.Created, LoggedInAt: optionalTime(m.LoggedInAt)}
	}
	return a.ok(w, http.StatusOK, out)
}

// undoImportJSON is an undone batch (schema ImportUndo).
type undoImportJSON struct {
	Batch    importBatchJSON `json:"batch"`
	Removed  int             `json:"removed"`
	Restored int             `json:"restored"`
}

// undoImport is POST /imports/{batch_id}/undo. Refused because members
// logged in or changed since, it is 409 import_undo_blocked with one entry of
// `fields` per blocker (field `blockers`, code logged_in or changed).
func (a *API) undoImport(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	res, err := a.app.Commands.UndoImport.Handle(req.Context(), command.UndoImport{Principal: s.Principal,
		BatchID: req.Param("batch_id")})
	if err != nil {
		e := apperr.As(err)
		for _, b := range res.Blockers {
			code := "changed"
			if b.Reason == ports.BlockerLoggedIn {
				code = "logged_in"
			}
			e.Fields = append(e.Fields, apperr.FieldError{Field: "blockers", Code: code,
				Message: fmt.Sprintf("%s %s：%s", b.Number, b.Name, b.Reason)})
		}
		return e
	}
	return a.ok(w, http.StatusOK, undoImportJSON{Batch: newImportBatchJSON(res.Batch), Removed: res.Removed,
		Restored: res.Restored})
}
