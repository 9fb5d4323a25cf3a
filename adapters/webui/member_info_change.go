package webui

import (
	"io"
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/infochange"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/internal/httpkit"
)

// Paths of 信息变更.
const (
	infoChangePath         = "/member/info-change"
	infoChangeWithdrawPath = infoChangePath + "/withdraw"
)

// Texts of 信息变更, the manual's.
const (
	infoChangeHint   = "信息变更，在您修改完信息后，需要上传相应的变更证明材料，经工作人员审核后通过修改申请。"
	infoChangeAccept = ".pdf,.jpg,.jpeg,application/pdf,image/jpeg"
	msgProofTooMany  = "只能上传1个PDF/JPG文件"
)

// infoChangeView is the data of 信息变更.
type infoChangeView struct {
	Hint       string
	Accept     string
	Kind       member.Kind
	CanRequest bool
	Fields     []fieldView
	Pending    *infoChangeRow
	History    []infoChangeRow
	Action     string
	Withdraw   string
}

// Messages of 信息变更 after a redirect.
var infoChangeNotices = map[string]string{
	"submitted": "信息变更申请已提交，请等待工作人员审核；审核通过后变更的信息才会生效",
	"withdrawn": "信息变更申请已撤回",
}

// memberInfoChangeShow is 信息变更: the member's data pre-filled, the proof,
// and its requests with their status.
func (u *UI) memberInfoChangeShow(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	p := u.newPage(w, req, "")
	p.Notice = noticeFor(req, infoChangeNotices)
	return u.renderInfoChange(w, req, mc, p, http.StatusOK, true)
}

// renderInfoChange renders the page; fill tells whether to fill the form
// from the member's stored data (false: p.Form keeps what was posted).
func (u *UI) renderInfoChange(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx, p *page, status int,
	fill bool) error {
	pv, err := u.app.Queries.InfoChanges.Page(req.Context(), query.InfoChangePage{Principal: mc.Session.Principal})
	if err != nil {
		return u.showError(w, req, err)
	}
	if p.Form == nil {
		p.Form = newForm()
	}
	if fill {
		p.Form.set("name", pv.Name)
		for _, fl := range pv.Fields {
			if fl.Name != "name" {
				p.Form.set(fl.Name, fl.Value)
			}
		}
	}
	nameLabel := "单位名称"
	if pv.Kind == member.Individual {
		nameLabel = "姓名"
	}
	v := infoChangeView{Hint: infoChangeHint, Accept: infoChangeAccept, Kind: pv.Kind, CanRequest: pv.CanRequest,
		Fields: profileFieldViews(p.Form, nameLabel, pv.Fields, u.app.Queries.ApplicationOptions.Handle()),
		Action: infoChangePath, Withdraw: infoChangeWithdrawPath}
	for _, r := range pv.History {
		row := infoChangeRowOf(r)
		v.History = append(v.History, row)
		if r.Status == infochange.Pending {
			v.Pending = &row
		}
	}
	p.Portal = u.memberPortal(mc, "info-change")
	p.Data = v
	u.render(w, req, status, "member_info_change.html", p)
	return nil
}

// memberInfoChangeSubmit takes the changed data and the proof (one .pdf or
// .jpg of at most 10 MB, checked by its content in the core); nothing is
// kept from a refused request and the form comes back with its messages.
func (u *UI) memberInfoChangeSubmit(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	cmd := command.RequestInfoChange{Principal: mc.Session.Principal, Name: req.PostFormValue("name")}
	f := newForm().set("name", cmd.Name)
	if mc.Dash.Kind == member.Individual {
		form := individualFormFrom(req)
		cmd.Individual = &form
		for _, fl := range form.Fields() {
			f.set(fl.Name, req.PostFormValue(fl.Name))
		}
	} else {
		form := enterpriseFormFrom(req)
		cmd.Enterprise = &form
		for _, fl := range form.Fields() {
			f.set(fl.Name, req.PostFormValue(fl.Name))
		}
	}
	up := uploadOf(req)
	if up.tooLarge || (up.form != nil && len(up.form.File) > 0) {
		fh, st, err := up.singleFileOf(infochange.ProofField, msgProofTooMany)
		if err != nil && up.tooLarge {
			return u.infoChangeFailed(w, req, mc, nil, st, err) // no field was read: the stored data again
		}
		if err != nil {
			return u.infoChangeFailed(w, req, mc, f, st, err)
		}
		file, err := fh.Open()
		if err != nil {
			return u.showError(w, req, apperr.Internal(err))
		}
		defer func() { _ = file.Close() }()
		cmd.FileName, cmd.Content = fh.Filename, io.Reader(file)
	}
	if _, err := u.app.Commands.RequestInfoChange.Handle(req.Context(), cmd); err != nil {
		return u.infoChangeFailed(w, req, mc, f, 0, err)
	}
	return redirectDone(w, req, infoChangePath, "submitted")
}

// memberInfoChangeWithdraw is 「撤回」 of the pending request.
func (u *UI) memberInfoChangeWithdraw(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	err := u.app.Commands.WithdrawInfoChange.Handle(req.Context(), command.WithdrawInfoChange{
		Principal: mc.Session.Principal, ID: req.PostFormValue("id")})
	if err != nil {
		if apperr.IsKind(err, apperr.KindConflict) {
			return u.infoChangeFailed(w, req, mc, nil, 0, err)
		}
		return u.showError(w, req, err)
	}
	return redirectDone(w, req, infoChangePath, "withdrawn")
}

// memberInfoChangeProof shows the member the proof of its own request.
func (u *UI) memberInfoChangeProof(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	pf, err := u.app.Queries.InfoChanges.Proof(req.Context(), query.InfoChangeDetail{
		Principal: mc.Session.Principal, ID: req.Param("id")})
	if err != nil {
		return u.showError(w, req, err)
	}
	return serveProof(w, pf)
}

// serveProof sends a proof inline (images show in the page, PDFs open).
func serveProof(w http.ResponseWriter, pf query.ProofFile) error {
	defer func() { _ = pf.Body.Close() }()
	return writeFile(w, pf.ContentType, httpkit.ContentDisposition("inline", pf.FileName, "proof"), pf.Size, pf.Body)
}

// infoChangeFailed re-renders the page with the messages of a refused request.
func (u *UI) infoChangeFailed(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx, f *form, status int,
	err error) error {
	return u.refused(w, req, f, status, err, func(p *page, status int) error {
		return u.renderInfoChange(w, req, mc, p, status, f == nil)
	})
}
