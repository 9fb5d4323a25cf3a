package httpapi

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
)

// memberAccountHelpJSON is a member account's state as staff helping it see it
// (schema MemberAccountHelp).
type memberAccountHelpJSON struct {
	MemberID      string  `json:"member_id"`
	Email         string  `json:"email"`
	EmailVerified bool    `json:"email_verified"`
	FailedLogins  int     `json:"failed_logins"`
	Locked        bool    `json:"locked"`
	LockedUntil   *string `json:"locked_until"`
}

// getMemberAccountHelp is GET /members/{member_id}/account-help (reviewer and
// admin).
func (a *API) getMemberAccountHelp(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	v, err := a.app.Queries.MemberAccountHelp.Handle(req.Context(), query.MemberAccountHelp{Principal: s.Principal,
		MemberID: req.Param("member_id")})
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusOK, memberAccountHelpJSON{MemberID: v.MemberID, Email: v.Email,
		EmailVerified: v.EmailVerified, FailedLogins: v.FailedLogins, Locked: v.Locked,
		LockedUntil: optionalTime(v.LockedUntil)})
}

// sendMemberResetLink is POST /members/{member_id}/account-help/reset-link.
func (a *API) sendMemberResetLink(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	if err := a.app.Commands.SendMemberResetLink.Handle(req.Context(), command.SendMemberResetLink{
		Principal: s.Principal, MemberID: req.Param("member_id")}); err != nil {
		return err
	}
	return noContent(w, http.StatusAccepted)
}

// unlockMemberLogin is POST /members/{member_id}/account-help/unlock.
func (a *API) unlockMemberLogin(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	if err := a.app.Commands.UnlockMemberLogin.Handle(req.Context(), command.UnlockMemberLogin{
		Principal: s.Principal, MemberID: req.Param("member_id")}); err != nil {
		return err
	}
	return noContent(w, http.StatusNoContent)
}

// resendMemberMail is POST /members/{member_id}/account-help/verification-mail.
func (a *API) resendMemberMail(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	if err := a.app.Commands.ResendMemberMail.Handle(req.Context(), command.ResendMemberMail{
		Principal: s.Principal, MemberID: req.Param("member_id")}); err != nil {
		return err
	}
	return noContent(w, http.StatusAccepted)
}

// memberEmailRequest is the new login email staff ask for (schema
// MemberEmailChange).
type memberEmailRequest struct {
	Email string `json:"email"`
}

// changeMemberEmail is POST /members/{member_id}/account-help/email: a
// confirmation link goes to the new address; the change applies when it is
// opened.
func (a *API) changeMemberEmail(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var in memberEmailRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	if err := a.app.Commands.ChangeMemberEmail.Handle(req.Context(), command.ChangeMemberEmail{
		Principal: s.Principal, MemberID: req.Param("member_id"), NewEmail: in.Email}); err != nil {
		return err
	}
	return noContent(w, http.StatusAccepted)
}

// emailChangeConfirmRequest is the token of a confirmation link (schema
// EmailChangeConfirm).
type emailChangeConfirmRequest struct {
	Token string `json:"token"`
}

// confirmEmailChange is POST /email-changes/confirm: the confirmation link's
// token makes its address the member's login email.
func (a *API) confirmEmailChange(w http.ResponseWriter, req bunrouter.Request) error {
	var in emailChangeConfirmRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	if err := a.app.Commands.ConfirmEmailChange.Handle(req.Context(), command.ConfirmEmailChange{
		Token: in.Token}); err != nil {
		return err
	}
	return noContent(w, http.StatusNoContent)
}
