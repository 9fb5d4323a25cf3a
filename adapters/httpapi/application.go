package httpapi

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/internal/httpkit"
	"github.com/openassoc/membership/ports"
)

// maxUploadBytes bounds a multipart upload: the 10 MB file plus the multipart
// framing. A file of 10 MB + 1 byte still fits, so that the core names the
// problem; a larger body is cut off (413) before it is parsed.
const maxUploadBytes = application.MaxScanBytes + 64<<10

// scanField is the multipart field of the stamped scan.
const scanField = "scan"

// applicationJSON is query.ApplicationView on the wire (schema Application).
type applicationJSON struct {
	MemberID         string                      `json:"member_id"`
	Kind             string                      `json:"kind"`
	KindLabel        string                      `json:"kind_label"`
	AccountName      string                      `json:"account_name"`
	Email            string                      `json:"email"`
	Number           *string                     `json:"number"`
	Status           string                      `json:"status"`
	StatusLabel      string                      `json:"status_label"`
	Step             int                         `json:"step"`
	Enterprise       *application.EnterpriseForm `json:"enterprise"`
	Individual       *application.IndividualForm `json:"individual"`
	Fields           []application.Field         `json:"fields"`
	FormStarted      bool                        `json:"form_started"`
	FormComplete     bool                        `json:"form_complete"`
	Missing          []apperr.FieldError         `json:"missing"`
	NeedsScan        bool                        `json:"needs_scan"`
	Scan             *scanJSON                   `json:"scan"`
	ConfirmedStamped bool                        `json:"confirmed_stamped"`
	RejectReason     *string                     `json:"reject_reason"`
	SavedAt          *string                     `json:"saved_at"`
	SubmittedAt      *string                     `json:"submitted_at"`
	ApprovedAt       *string                     `json:"approved_at"`
	RejectedAt       *string                     `json:"rejected_at"`
	CanEdit          bool                        `json:"can_edit"`
	CanUploadScan    bool                        `json:"can_upload_scan"`
	CanSubmit        bool                        `json:"can_submit"`
}

// scanJSON describes an uploaded stamped scan (schema Scan).
type scanJSON struct {
	FileName    string `json:"file_name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	UploadedAt  string `json:"uploaded_at"`
}

// optionalTime is a timestamp, or null for the zero time.
func optionalTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	return optional(timestamp(t))
}

func newApplicationJSON(v query.ApplicationView) applicationJSON {
	out := applicationJSON{
		MemberID: v.MemberID, Kind: string(v.Kind), KindLabel: v.KindLabel, AccountName: v.AccountName,
		Email: v.Email, Number: optional(v.Number), Status: string(v.Status), StatusLabel: v.StatusLabel,
		Step: v.Step, Fields: v.Fields, FormStarted: v.FormStarted, FormComplete: v.FormComplete,
		Missing: v.Missing, NeedsScan: v.NeedsScan, ConfirmedStamped: v.ConfirmedStamped,
		RejectReason: optional(v.RejectReason), SavedAt: optionalTime(v.SavedAt),
		SubmittedAt: optionalTime(v.SubmittedAt), ApprovedAt: optionalTime(v.ApprovedAt),
		RejectedAt: optionalTime(v.RejectedAt), CanEdit: v.CanEdit, CanUploadScan: v.CanUploadScan,
		CanSubmit: v.CanSubmit,
	}
	if v.Kind == member.Individual {
		f := v.Individual
		out.Individual = &f
	} else {
		f := v.Enterprise
		out.Enterprise = &f
	}
	if out.Fields == nil {
		out.Fields = []application.Field{}
	}
	if out.Missing == nil {
		out.Missing = []apperr.FieldError{}
	}
	if s := v.Scan; s != nil {
		out.Scan = &scanJSON{FileName: s.FileName, ContentType: s.ContentType, Size: s.Size,
			UploadedAt: timestamp(s.UploadedAt)}
	}
	return out
}

// applicationDraftRequest is the form to save (schema ApplicationDraft): the
// form of the member's kind, and whether it must be complete.
type applicationDraftRequest struct {
	Enterprise      *application.EnterpriseForm `json:"enterprise"`
	Individual      *application.IndividualForm `json:"individual"`
	RequireComplete bool                        `json:"require_complete"`
}

// submitRequest is the submission (schema ApplicationSubmit).
type submitRequest struct {
	ConfirmedStamped bool `json:"confirmed_stamped"`
}

// memberSession resolves the bearer token to a member's session: a staff
// account is refused, as it has no application of its own.
func (a *API) memberSession(r *http.Request) (access.Principal, error) {
	s, _, err := a.session(r)
	if err != nil {
		return access.Principal{}, err
	}
	if !s.Principal.IsMember() {
		return access.Principal{}, apperr.Forbidden("forbidden", "工作人员账号不能办理会员业务")
	}
	return s.Principal, nil
}

// myApplication returns the member's application as the response.
func (a *API) myApplication(w http.ResponseWriter, req bunrouter.Request, p access.Principal, status int) error {
	v, err := a.app.Queries.MemberApplication.Handle(req.Context(), query.MemberApplication{Principal: p})
	if err != nil {
		return err
	}
	return a.ok(w, status, newApplicationJSON(v))
}

// getMyApplication is GET /me/application: the member's form (pre-filled before
// the first save), scan, status and step.
func (a *API) getMyApplication(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	return a.myApplication(w, req, p, http.StatusOK)
}

// saveMyApplication is PUT /me/application: saves the draft (complete when
// require_complete) and returns the application.
func (a *API) saveMyApplication(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	var in applicationDraftRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	if err := a.app.Commands.SaveApplicationDraft.Handle(req.Context(), command.SaveApplicationDraft{
		Principal: p, Enterprise: in.Enterprise, Individual: in.Individual, RequireComplete: in.RequireComplete,
	}); err != nil {
		return err
	}
	return a.myApplication(w, req, p, http.StatusOK)
}

// submitMyApplication is POST /me/application/submit.
func (a *API) submitMyApplication(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	var in submitRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	if err := a.app.Commands.SubmitApplication.Handle(req.Context(), command.SubmitApplication{
		Principal: p, ConfirmStamped: in.ConfirmedStamped,
	}); err != nil {
		return err
	}
	return a.myApplication(w, req, p, http.StatusOK)
}

// uploadMyScan is POST /me/application/scan: one PNG or JPG file of at most
// 10 MB in the multipart field "scan". The session and the member's right are
// checked before the body is read, and the body is bounded before it is parsed.
func (a *API) uploadMyScan(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	if err := a.app.Authorize(p, access.EditOwnApplication); err != nil {
		return err
	}
	up, err := openUpload(w, req.Request, scanField, "只能上传1个PNG/JPG文件")
	if err != nil {
		return err
	}
	defer up.Close()
	s, err := a.app.Commands.UploadApplicationScan.Handle(req.Context(), command.UploadApplicationScan{
		Principal: p, FileName: up.Name, Content: up.File})
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusCreated, scanJSON{FileName: s.FileName, ContentType: s.ContentType, Size: s.Size,
		UploadedAt: timestamp(s.UploadedAt)})
}

// readSingleFileOf parses a multipart/form-data body of at most
// maxUploadBytes and returns its one file, which must come in field. A body
// over the bound is 413; no file is a field error, and more than one is the
// field error tooMany.
func readSingleFileOf(w http.ResponseWriter, r *http.Request, field, tooMany string) (*multipart.FileHeader, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return nil, badRequest("请求体应为 multipart/form-data", err)
	}
	if err := httpkit.ParseUpload(w, r, maxUploadBytes); err != nil {
		if httpkit.TooLarge(err) {
			return nil, tooLarge(field, httpkit.CodeFileTooLarge, httpkit.MsgFileTooLarge, err)
		}
		return nil, badRequest("无法读取上传的文件", err)
	}
	return httpkit.SingleFile(r.MultipartForm, field, tooMany)
}

// upload is one uploaded file, open for reading; Close closes it and removes
// the request's temporary multipart files.
type upload struct {
	Name string
	File multipart.File
	form *multipart.Form
}

// Close closes the file and removes the request's multipart temporary files.
func (u *upload) Close() {
	if u.File != nil {
		_ = u.File.Close()
	}
	if u.form != nil {
		_ = u.form.RemoveAll()
	}
}

// openUpload reads the body's single file of field (readSingleFileOf) and
// opens it; the caller defers Close. On an error the temporary files are
// already removed.
func openUpload(w http.ResponseWriter, r *http.Request, field, tooMany string) (*upload, error) {
	fh, err := readSingleFileOf(w, r, field, tooMany)
	u := &upload{form: r.MultipartForm}
	if err == nil {
		u.Name = fh.Filename
		if u.File, err = fh.Open(); err != nil {
			err = apperr.Internal(err)
		}
	}
	if err != nil {
		u.Close()
		return nil, err
	}
	return u, nil
}

// getMyScan is GET /me/application/scan: the member's stamped scan.
func (a *API) getMyScan(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	return a.sendScan(w, req, p, "")
}

// getMyPDF is GET /me/application/pdf: the filled form to print (前往下载文件).
func (a *API) getMyPDF(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	return a.sendPDF(w, req, p, "")
}

// sendScan writes a stamped scan with the content type checked at upload.
func (a *API) sendScan(w http.ResponseWriter, req bunrouter.Request, p access.Principal, memberID string) error {
	f, err := a.app.Queries.ApplicationScan.Handle(req.Context(), query.ApplicationScan{Principal: p, MemberID: memberID})
	if err != nil {
		return err
	}
	defer func() { _ = f.Body.Close() }()
	ext := ".jpg"
	if f.ContentType == application.ContentTypePNG {
		ext = ".png"
	}
	writeBinary(w, f.ContentType, httpkit.ContentDisposition("inline", f.FileName, "scan"+ext), f.Size, f.Body)
	return nil
}

// sendPDF writes the filled application form.
func (a *API) sendPDF(w http.ResponseWriter, req bunrouter.Request, p access.Principal, memberID string) error {
	doc, err := a.app.Queries.ApplicationPDF.Handle(req.Context(), query.ApplicationPDF{Principal: p, MemberID: memberID})
	if err != nil {
		return err
	}
	writeBinary(w, doc.ContentType, httpkit.ContentDisposition("attachment", doc.FileName, "application.pdf"),
		int64(len(doc.Content)), bytes.NewReader(doc.Content))
	return nil
}

// writeBinary writes a file response that no client sniffs as another type.
func writeBinary(w http.ResponseWriter, contentType, cd string, size int64, body io.Reader) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", cd)
	if size > 0 {
		h.Set("Content-Length", strconv.FormatInt(size, 10))
	}
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, _ = io.Copy(w, body)
}

// applicationOptionsJSON are the vocabularies (schema ApplicationOptions).
type applicationOptionsJSON struct {
	Industries     []application.Option `json:"industries"`
	Provinces      []application.Option `json:"provinces"`
	OwnershipTypes []application.Option `json:"ownership_types"`
	EmployeeRanges []application.Option `json:"employee_ranges"`
	Genders        []application.Option `json:"genders"`
	Educations     []application.Option `json:"educations"`
}

// applicationOptions is GET /application-options: the codes the forms take.
func (a *API) applicationOptions(w http.ResponseWriter, _ bunrouter.Request) error {
	o := a.app.Queries.ApplicationOptions.Handle()
	return a.ok(w, http.StatusOK, applicationOptionsJSON{Industries: o.Industries, Provinces: o.Provinces,
		OwnershipTypes: o.OwnershipTypes, EmployeeRanges: o.EmployeeRanges, Genders: o.Genders,
		Educations: o.Educations})
}

// summaryJSON is one row of the review queue (schema ApplicationSummary).
type summaryJSON struct {
	MemberID      string  `json:"member_id"`
	Kind          string  `json:"kind"`
	KindLabel     string  `json:"kind_label"`
	Name          string  `json:"name"`
	Email         string  `json:"email"`
	Number        *string `json:"number"`
	Status        string  `json:"status"`
	StatusLabel   string  `json:"status_label"`
	ProvinceLabel string  `json:"province_label"`
	IndustryLabel string  `json:"industry_label"`
	ContactName   string  `json:"contact_name"`
	ContactMobile string  `json:"contact_mobile"`
	HasScan       bool    `json:"has_scan"`
	SubmittedAt   *string `json:"submitted_at"`
	ApprovedAt    *string `json:"approved_at"`
	RejectedAt    *string `json:"rejected_at"`
	RejectReason  *string `json:"reject_reason"`
}

// reviewQueueJSON is a page of the queue (schema ReviewQueue).
type reviewQueueJSON struct {
	Status   string        `json:"status"`
	Items    []summaryJSON `json:"items"`
	Total    int           `json:"total"`
	Page     int           `json:"page"`
	PageSize int           `json:"page_size"`
	Pages    int           `json:"pages"`
	Counts   countsJSON    `json:"counts"`
}

// countsJSON are the sizes of the queue's tabs (schema ApplicationCounts).
type countsJSON struct {
	Submitted int `json:"submitted"`
	Rejected  int `json:"rejected"`
	Approved  int `json:"approved"`
}

func newCountsJSON(c ports.ApplicationCounts) countsJSON {
	return countsJSON{Submitted: c.Submitted, Rejected: c.Rejected, Approved: c.Approved}
}

// intParam reads an optional positive integer query parameter.
func intParam(req bunrouter.Request, name string, v *apperr.Validation) int {
	s := req.URL.Query().Get(name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		v.Add(name, "invalid_number", "参数 "+name+" 必须是正整数")
		return 0
	}
	return n
}

// listApplications is GET /applications: one page of the review queue with the
// counts of every tab.
func (a *API) listApplications(w http.ResponseWriter, req bunrouter.Request) error {
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
	res, err := a.app.Queries.ReviewQueue.Handle(req.Context(), query.ReviewQueue{Principal: s.Principal,
		Status: member.Status(q.Get("status")), Kind: member.Kind(q.Get("kind")), Page: page, PageSize: size})
	if err != nil {
		return err
	}
	out := reviewQueueJSON{Status: string(res.Status), Total: res.Total, Page: res.Page, PageSize: res.PageSize,
		Pages: res.Pages, Counts: newCountsJSON(res.Counts), Items: make([]summaryJSON, len(res.Items))}
	for i, it := range res.Items {
		out.Items[i] = summaryJSON{MemberID: it.MemberID, Kind: string(it.Kind), KindLabel: it.KindLabel,
			Name: it.Name, Email: it.Email, Number: optional(it.Number), Status: string(it.Status),
			StatusLabel: it.StatusLabel, ProvinceLabel: it.ProvinceLabel, IndustryLabel: it.IndustryLabel,
			ContactName: it.ContactName, ContactMobile: it.ContactMobile, HasScan: it.HasScan,
			SubmittedAt: optionalTime(it.SubmittedAt), ApprovedAt: optionalTime(it.ApprovedAt),
			RejectedAt: optionalTime(it.RejectedAt), RejectReason: optional(it.RejectReason)}
	}
	return a.ok(w, http.StatusOK, out)
}

// documentJSON is the printable form (schema FormDocument).
type documentJSON struct {
	Title    string        `json:"title"`
	Subtitle string        `json:"subtitle"`
	Sections []sectionJSON `json:"sections"`
}

type sectionJSON struct {
	Title string    `json:"title"`
	Rows  []rowJSON `json:"rows"`
}

type rowJSON struct {
	Label string `json:"label"`
	Value string `json:"value"`
	Wide  bool   `json:"wide"`
}

// applicationDetailJSON is one application for staff (schema ApplicationDetail).
type applicationDetailJSON struct {
	applicationJSON
	Document  documentJSON `json:"document"`
	CanReview bool         `json:"can_review"`
}

// getApplication is GET /applications/{member_id}.
func (a *API) getApplication(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	d, err := a.app.Queries.ApplicationDetail.Handle(req.Context(), query.ApplicationDetail{
		Principal: s.Principal, MemberID: req.Param("member_id")})
	if err != nil {
		return err
	}
	out := applicationDetailJSON{applicationJSON: newApplicationJSON(d.ApplicationView), CanReview: d.CanReview,
		Document: newDocumentJSON(d.Document)}
	return a.ok(w, http.StatusOK, out)
}

// newDocumentJSON maps a printable form.
func newDocumentJSON(d ports.FormDocument) documentJSON {
	out := documentJSON{Title: d.Title, Subtitle: d.Subtitle, Sections: []sectionJSON{}}
	for _, sec := range d.Sections {
		sj := sectionJSON{Title: sec.Title, Rows: make([]rowJSON, len(sec.Rows))}
		for i, r := range sec.Rows {
			sj.Rows[i] = rowJSON{Label: r.Label, Value: r.Value, Wide: r.Wide}
		}
		out.Sections = append(out.Sections, sj)
	}
	return out
}

// getApplicationScan is GET /applications/{member_id}/scan.
func (a *API) getApplicationScan(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	return a.sendScan(w, req, s.Principal, req.Param("member_id"))
}

// getApplicationPDF is GET /applications/{member_id}/pdf.
func (a *API) getApplicationPDF(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	return a.sendPDF(w, req, s.Principal, req.Param("member_id"))
}

// approvalJSON is the result of an approval (schema Approval).
type approvalJSON struct {
	MemberID string `json:"member_id"`
	Number   string `json:"number"`
}

// approveApplication is POST /applications/{member_id}/approve: 审核通过 assigns
// the member number. A second approval is 409.
func (a *API) approveApplication(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	id := req.Param("member_id")
	number, err := a.app.Commands.ApproveApplication.Handle(req.Context(), command.ApproveApplication{
		Principal: s.Principal, MemberID: id})
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusOK, approvalJSON{MemberID: id, Number: number})
}

// rejectRequest is 退回 (schema Rejection).
type rejectRequest struct {
	Reason string `json:"reason"`
}

// rejectApplication is POST /applications/{member_id}/reject with the reason the
// member sees.
func (a *API) rejectApplication(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var in rejectRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	if err := a.app.Commands.RejectApplication.Handle(req.Context(), command.RejectApplication{
		Principal: s.Principal, MemberID: req.Param("member_id"), Reason: in.Reason}); err != nil {
		return err
	}
	return noContent(w, http.StatusNoContent)
}
