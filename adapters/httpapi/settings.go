package httpapi

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/payment"
)

// feeSettingsJSON are the fee schedule and payee in force (schema FeeSettings).
type feeSettingsJSON struct {
	Fees      feesJSON  `json:"fees"`
	Payee     payeeJSON `json:"payee"`
	Remark    string    `json:"remark"`
	UpdatedAt *string   `json:"updated_at"`
	UpdatedBy *string   `json:"updated_by"`
	Writable  bool      `json:"writable"`
}

// feeSettings answers with the settings in force.
func (a *API) feeSettings(w http.ResponseWriter, req bunrouter.Request, q query.FeeSettings) error {
	v, err := a.app.Queries.FeeSettings.Handle(req.Context(), q)
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusOK, feeSettingsJSON{Fees: newFeesJSON(v.Fees),
		Payee:  payeeJSON{Name: v.Payee.Name, Account: v.Payee.Account, Bank: v.Payee.Bank},
		Remark: v.Remark, UpdatedAt: optionalTime(v.UpdatedAt), UpdatedBy: optional(v.UpdatedBy),
		Writable: v.Writable})
}

// getFeeSettings is GET /settings/fees: the fee schedule and the payee (finance
// and admin).
func (a *API) getFeeSettings(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	return a.feeSettings(w, req, query.FeeSettings{Principal: s.Principal})
}

// feeSettingsRequest is the admin's change (schema FeeSettingsUpdate).
type feeSettingsRequest struct {
	Fees  feesJSON  `json:"fees"`
	Payee payeeJSON `json:"payee"`
}

// putFeeSettings is PUT /settings/fees: the admin's fee schedule (fen) and
// payee; they apply to claims and orders opened afterwards.
func (a *API) putFeeSettings(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var in feeSettingsRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	if err := a.app.Commands.UpdateFeeSettings.Handle(req.Context(), command.UpdateFeeSettings{
		Principal: s.Principal,
		Fees: payment.Fees{Ordinary: in.Fees.OrdinaryFen, Council: in.Fees.CouncilFen,
			Individual: in.Fees.IndividualFen},
		Payee: payment.Payee{Name: in.Payee.Name, Account: in.Payee.Account, Bank: in.Payee.Bank},
	}); err != nil {
		return err
	}
	return a.feeSettings(w, req, query.FeeSettings{Principal: s.Principal})
}
