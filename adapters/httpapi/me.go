package httpapi

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/auth"
)

// memberDashboardJSON is query.MemberDashboard on the wire (schema MemberDashboard).
type memberDashboardJSON struct {
	ID                  string  `json:"id"`
	Kind                string  `json:"kind"`
	KindLabel           string  `json:"kind_label"`
	Name                string  `json:"name"`
	Email               string  `json:"email"`
	Number              *string `json:"number"`
	Level               string  `json:"level"`
	Role                string  `json:"role"`
	IsCouncil           bool    `json:"is_council"`
	Status              string  `json:"status"`
	StatusLabel         string  `json:"status_label"`
	Step                int     `json:"step"`
	ValidityText        string  `json:"validity_text"`
	ValidUntil          *string `json:"valid_until"`
	AwaitingSecretariat bool    `json:"awaiting_secretariat"`
	RejectReason        *string `json:"reject_reason"`
	MustChangePassword  bool    `json:"must_change_password"`
	EmailVerified       bool    `json:"email_verified"`
	UnreadNotifications int     `json:"unread_notifications"`
	RegisteredAt        string  `json:"registered_at"`
}

func newMemberDashboardJSON(d query.MemberDashboard) memberDashboardJSON {
	out := memberDashboardJSON{
		ID: d.ID, Kind: string(d.Kind), KindLabel: d.KindLabel, Name: d.Name, Email: d.Email,
		Number: optional(d.Number), Level: d.Level, Role: string(d.Role), IsCouncil: d.IsCouncil,
		Status: string(d.Status), StatusLabel: d.StatusLabel, Step: d.Step,
		ValidityText: d.ValidityText, AwaitingSecretariat: d.AwaitingSecretariat,
		RejectReason: optional(d.RejectReason), MustChangePassword: d.MustChangePassword, EmailVerified: d.EmailVerified,
		UnreadNotifications: d.UnreadNotifications, RegisteredAt: timestamp(d.RegisteredAt),
	}
	if !d.ValidUntil.IsZero() {
		out.ValidUntil = optional(d.ValidUntil.Format("2006-01-02"))
	}
	return out
}

// staffProfileJSON is the logged-in staff account (schema StaffProfile).
type staffProfileJSON struct {
	Kind        string `json:"kind"`
	ID          string `json:"id"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Role        string `json:"role"`
	RoleLabel   string `json:"role_label"`
}

// me is GET /me: the member dashboard, or the staff profile.
func (a *API) me(w http.ResponseWriter, req bunrouter.Request) error {
	ctx := req.Context()
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	p := s.Principal
	switch {
	case p.IsMember():
		if err := a.authorize(p, access.OpenMemberPortal); err != nil {
			return err
		}
		d, err := a.app.Queries.MemberDashboard.Handle(ctx, p)
		if err != nil {
			return err
		}
		return a.ok(w, http.StatusOK, newMemberDashboardJSON(d))
	case p.IsStaff():
		if err := a.authorize(p, access.ReadOwnStaffProfile); err != nil {
			return err
		}
		st, err := a.app.Queries.StaffProfile.Handle(ctx, p)
		if err != nil {
			return err
		}
		return a.ok(w, http.StatusOK, staffProfileJSON{Kind: string(access.PrincipalStaff), ID: st.ID(),
			Username: st.Username(), DisplayName: st.DisplayName(), Role: string(st.Role()), RoleLabel: st.Role().Label()})
	}
	return apperr.Unauthorized(codeLoginRequired, "请先登录")
}

// changePasswordRequest is the 修改密码 form (schema PasswordChange).
type changePasswordRequest struct {
	OldPassword        string `json:"old_password"`
	NewPassword        string `json:"new_password"`
	NewPasswordConfirm string `json:"new_password_confirm"`
}

// changePassword is PUT /me/password: the logged-in member or staff account
// changes its password; its other sessions end, the current one stays.
func (a *API) changePassword(w http.ResponseWriter, req bunrouter.Request) error {
	ctx := req.Context()
	s, token, err := a.session(req.Request)
	if err != nil {
		return err
	}
	if err := a.authorize(s.Principal, access.ChangeOwnPassword); err != nil {
		return err
	}
	var in changePasswordRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	if err := a.app.Commands.ChangePassword.Handle(ctx, command.ChangePassword{
		Principal: s.Principal, CurrentTokenHash: auth.HashToken(token),
		OldPassword: in.OldPassword, NewPassword: in.NewPassword, NewConfirm: in.NewPasswordConfirm,
	}); err != nil {
		return err
	}
	return noContent(w, http.StatusNoContent)
}
