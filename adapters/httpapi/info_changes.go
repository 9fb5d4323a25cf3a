package httpapi

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/infochange"
	"github.com/openassoc/membership/internal/httpkit"
)

// infoChangeFieldJSON is one field before → after (schema InfoChangeField).
type infoChangeFieldJSON struct {
	Field   string `json:"field"`
	Label   string `json:"label"`
	Before  string `json:"before"`
	After   string `json:"after"`
	Changed bool   `json:"changed"`
}

// infoChangeJSON is one 信息变更 request (schema InfoChange).
type infoChangeJSON struct {
	ID          string                `json:"id"`
	MemberID    string                `json:"member_id"`
	MemberName  string                `json:"member_name"`
	Number      string                `json:"number"`
	Kind        string                `json:"kind"`
	Status      string                `json:"status"`
	StatusLabel string                `json:"status_label"`
	Changed     []string              `json:"changed"`
	Fields      []infoChangeFieldJSON `json:"fields"`
	Proof       proofJSON             `json:"proof"`
	Reason      *string               `json:"reason"`
	CreatedAt   string                `json:"created_at"`
	DecidedAt   *string               `json:"decided_at"`
}

// proofJSON is a request's proof (schema InfoChangeProof).
type proofJSON struct {
	Name   string `json:"name"`
	Format string `json:"format"`
	Size   int64  `json:"size"`
}

func newInfoChange(r infochange.Request) infoChangeJSON {
	out := infoChangeJSON{ID: r.ID, MemberID: r.MemberID, MemberName: r.MemberName, Number: r.Number,
		Kind: string(r.Kind), Status: string(r.Status), StatusLabel: r.Status.Label(), Changed: r.ChangedLabels(),
		Proof: proofJSON{Name: r.Proof.Name, Format: r.Proof.Format, Size: r.Proof.Size}, Reason: optional(r.Reason),
		CreatedAt: timestamp(r.CreatedAt), DecidedAt: optionalTime(r.DecidedAt)}
	if out.Changed == nil {
		out.Changed = []string{}
	}
	for _, row := range r.Rows() {
		out.Fields = append(out.Fields, infoChangeFieldJSON{Field: row.Field, Label: row.Label, Before: row.Before,
			After: row.After, Changed: row.Changed})
	}
	return out
}

// infoChangeRequest is the multipart part `change` (schema InfoChangeRequest).
type infoChangeRequest struct {
	Name       string                      `json:"name"`
	Enterprise *application.EnterpriseForm `json:"enterprise"`
	Individual *application.IndividualForm `json:"individual"`
}

// myInfoChangesJSON is the member's 信息变更 (schema MyInfoChanges).
type myInfoChangesJSON struct {
	CanRequest bool             `json:"can_request"`
	Kind       string           `json:"kind"`
	Name       string           `json:"name"`
	Current    map[string]any   `json:"current"`
	Pending    *infoChangeJSON  `json:"pending"`
	Items      []infoChangeJSON `json:"items"`
}

// getMyInfoChanges is GET /me/info-changes.
func (a *API) getMyInfoChanges(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	v, err := a.app.Queries.InfoChanges.Page(req.Context(), query.InfoChangePage{Principal: p})
	if err != nil {
		return err
	}
	out := myInfoChangesJSON{CanRequest: v.CanRequest, Kind: string(v.Kind), Name: v.Name,
		Current: map[string]any{}, Items: []infoChangeJSON{}}
	for _, f := range v.Fields {
		out.Current[f.Name] = f.Value
	}
	out.Current["name"] = v.Name
	for _, r := range v.History {
		j := newInfoChange(r)
		out.Items = append(out.Items, j)
		if r.Status == infochange.Pending {
			out.Pending = &j
		}
	}
	return a.ok(w, http.StatusOK, out)
}

// requestMyInfoChange is POST /me/info-changes: multipart, the JSON part
// `change` and the file `proof`. The session and the right are checked before
// the body is read.
func (a *API) requestMyInfoChange(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	if err := a.app.Authorize(p, access.RequestOwnInfoChange); err != nil {
		return err // before the body is read
	}
	r := req.Request
	fh, err := readSingleFileOf(w, r, infochange.ProofField, "只能上传1个PDF/JPG文件")
	if r.MultipartForm != nil {
		defer func() { _ = r.MultipartForm.RemoveAll() }()
	}
	if err != nil && !fileMissing(err) {
		return err
	}
	var in infoChangeRequest
	dec := json.NewDecoder(strings.NewReader(r.FormValue("change")))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return badRequest("字段 change 应为信息变更的 JSON 对象", err)
	}
	cmd := command.RequestInfoChange{Principal: p, Name: in.Name, Enterprise: in.Enterprise,
		Individual: in.Individual}
	if fh != nil {
		f, err := fh.Open()
		if err != nil {
			return apperr.Internal(err)
		}
		defer func() { _ = f.Close() }()
		cmd.FileName, cmd.Content = fh.Filename, io.Reader(f)
	}
	id, err := a.app.Commands.RequestInfoChange.Handle(req.Context(), cmd)
	if err != nil {
		return err
	}
	return a.infoChange(w, req, p, id, http.StatusCreated)
}

// fileMissing tells the refusal of an upload without its file: the core
// then says what is missing (a change with no proof).
func fileMissing(err error) bool {
	var e *apperr.Error
	return errors.As(err, &e) && len(e.Fields) == 1 && e.Fields[0].Code == httpkit.CodeFileRequired
}

// withdrawMyInfoChange is POST /me/info-changes/{change_id}/withdraw.
func (a *API) withdrawMyInfoChange(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	if err := a.app.Commands.WithdrawInfoChange.Handle(req.Context(), command.WithdrawInfoChange{Principal: p,
		ID: req.Param("change_id")}); err != nil {
		return err
	}
	return a.infoChange(w, req, p, req.Param("change_id"), http.StatusOK)
}

// infoChange answers with one request the principal may read.
func (a *API) infoChange(w http.ResponseWriter, req bunrouter.Request, p access.Principal, id string,
	status int) error {
	r, err := a.app.Queries.InfoChanges.Detail(req.Context(), query.InfoChangeDetail{Principal: p, ID: id})
	if err != nil {
		return err
	}
	return a.ok(w, status, newInfoChange(r))
}

// getInfoChangeProof is GET /me/info-changes/{change_id}/proof and GET
// /info-changes/{change_id}/proof: the member's own, or any for reviewers.
func (a *API) getInfoChangeProof(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	pf, err := a.app.Queries.InfoChanges.Proof(req.Context(), query.InfoChangeDetail{Principal: s.Principal,
		ID: req.Param("change_id")})
	if err != nil {
		return err
	}
	defer func() { _ = pf.Body.Close() }()
	writeBinary(w, pf.ContentType, httpkit.ContentDisposition("inline", pf.FileName, "proof"), pf.Size, pf.Body)
	return nil
}

// infoChangeQueueJSON is one page of 信息变更审核 (schema InfoChangeQueue).
type infoChangeQueueJSON struct {
	Status   string           `json:"status"`
	Total    int              `json:"total"`
	Page     int              `json:"page"`
	PageSize int              `json:"page_size"`
	Pages    int              `json:"pages"`
	Counts   map[string]int   `json:"counts"`
	Items    []infoChangeJSON `json:"items"`
}

// listInfoChanges is GET /info-changes (reviewers, admin).
func (a *API) listInfoChanges(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	page, size, err := pageParams(req)
	if err != nil {
		return err
	}
	v, err := a.app.Queries.InfoChanges.Queue(req.Context(), query.InfoChangeQueue{Principal: s.Principal,
		Status: infochange.Status(req.URL.Query().Get("status")), Page: page, PageSize: size})
	if err != nil {
		return err
	}
	out := infoChangeQueueJSON{Status: string(v.Status), Total: v.Total, Page: v.Page, PageSize: v.PageSize,
		Pages: v.Pages, Counts: map[string]int{}, Items: []infoChangeJSON{}}
	for _, st := range infochange.Statuses() {
		out.Counts[string(st)] = v.Counts[st]
	}
	for _, r := range v.Rows {
		out.Items = append(out.Items, newInfoChange(r))
	}
	return a.ok(w, http.StatusOK, out)
}

// getInfoChange is GET /info-changes/{change_id}.
func (a *API) getInfoChange(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	return a.infoChange(w, req, s.Principal, req.Param("change_id"), http.StatusOK)
}

// approveInfoChange is POST /info-changes/{change_id}/approve.
func (a *API) approveInfoChange(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	if err := a.app.Commands.ApproveInfoChange.Handle(req.Context(), command.ApproveInfoChange{
		Principal: s.Principal, ID: req.Param("change_id")}); err != nil {
		return err
	}
	return a.infoChange(w, req, s.Principal, req.Param("change_id"), http.StatusOK)
}

// rejectInfoChange is POST /info-changes/{change_id}/reject with a reason.
func (a *API) rejectInfoChange(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var in reasonRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	if err := a.app.Commands.RejectInfoChange.Handle(req.Context(), command.RejectInfoChange{
		Principal: s.Principal, ID: req.Param("change_id"), Reason: in.Reason}); err != nil {
		return err
	}
	return a.infoChange(w, req, s.Principal, req.Param("change_id"), http.StatusOK)
}
