package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/internal/httpkit"
)

// feeSettingsView is the data of 会费设置.
type feeSettingsView struct {
	Settings query.FeeSettingsView
	Updated  string // when the admin last changed them, "" for the configuration's
}

// Messages of 会费设置 after a redirect.
var feeSettingsNotices = map[string]string{"saved": "会费设置已保存，新的缴费申请和订单将按新设置执行"}

// adminFeeSettingsShow is 会费设置: the fee schedule (in yuan) and the payee's
// transfer details, editable by the admin when a settings store is configured.
func (u *UI) adminFeeSettingsShow(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	s, err := u.app.Queries.FeeSettings.Handle(req.Context(), query.FeeSettings{Principal: sc.Session.Principal})
	if err != nil {
		return u.showError(w, req, err)
	}
	p := u.newPage(w, req, "")
	p.Form = newForm().set("fees_ordinary", yuanValue(s.Fees.Ordinary)).set("fees_council", yuanValue(s.Fees.Council)).
		set("fees_individual", yuanValue(s.Fees.Individual)).set("payee_name", s.Payee.Name).
		set("payee_account", s.Payee.Account).set("payee_bank", s.Payee.Bank)
	p.Notice = noticeFor(req, feeSettingsNotices)
	return u.renderFeeSettings(w, req, sc, p, s, http.StatusOK)
}

func (u *UI) renderFeeSettings(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, p *page,
	s query.FeeSettingsView, status int) error {
	v := feeSettingsView{Settings: s}
	if !s.UpdatedAt.IsZero() {
		v.Updated = u.minute(s.UpdatedAt)
	}
	p.Portal = u.staffPortal(sc, "fee-settings")
	p.Data = v
	u.render(w, req, status, "admin_fee_settings.html", p)
	return nil
}

// adminFeeSettingsSubmit stores the admin's fee schedule and payee. Amounts are
// typed in yuan and kept in fen; open claims keep the amount they were opened
// for.
func (u *UI) adminFeeSettingsSubmit(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	f := newForm()
	own := map[string][2]string{}
	amount := func(name string) int64 {
		s := req.PostFormValue(name)
		f.set(name, s)
		fen, ok := parseYuan(s)
		if !ok && s != "" {
			own[name] = [2]string{"fee_invalid", "请填写正确的金额（元），如 5000"}
		}
		return fen
	}
	fees := payment.Fees{Ordinary: amount("fees_ordinary"), Council: amount("fees_council"),
		Individual: amount("fees_individual")}
	payee := payment.Payee{Name: req.PostFormValue("payee_name"), Account: req.PostFormValue("payee_account"),
		Bank: req.PostFormValue("payee_bank")}
	f.set("payee_name", payee.Name).set("payee_account", payee.Account).set("payee_bank", payee.Bank)
	err := u.app.Commands.UpdateFeeSettings.Handle(req.Context(), command.UpdateFeeSettings{
		Principal: sc.Session.Principal, Fees: fees, Payee: payee})
	if err = fieldErrors(err, own); err != nil {
		e := apperr.As(err)
		switch e.Kind {
		case apperr.KindInvalid, apperr.KindConflict:
		default:
			return u.showError(w, req, err)
		}
		s, qerr := u.app.Queries.FeeSettings.Handle(req.Context(), query.FeeSettings{Principal: sc.Session.Principal})
		if qerr != nil {
			return u.showError(w, req, qerr)
		}
		p := u.newPage(w, req, "")
		p.Form = f
		p.Form.fail(e)
		return u.renderFeeSettings(w, req, sc, p, s, httpkit.Status(e.Kind))
	}
	return redirectDone(w, req, adminFeeSettingsPath, "saved")
}
