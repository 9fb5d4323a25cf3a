package httpapi

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
)

// staffAccountJSON is one staff account (schema StaffAccount).
type staffAccountJSON struct {
	ID          string  `json:"id"`
	Username    string  `json:"username"`
	DisplayName string  `json:"display_name"`
	Email       *string `json:"email"`
	Role        string  `json:"role"`
	RoleLabel   string  `json:"role_label"`
	Disabled    bool    `json:"disabled"`
	StatusLabel string  `json:"status_label"`
	CreatedAt   string  `json:"created_at"`
	DisabledAt  *string `json:"disabled_at"`
	LastLoginAt *string `json:"last_login_at"`
	Self        bool    `json:"self"`
}

func newStaffAccountJSON(it query.StaffItem) staffAccountJSON {
	return staffAccountJSON{ID: it.ID, Username: it.Username, DisplayName: it.DisplayName, Email: optional(it.Email),
		Role: string(it.Role), RoleLabel: it.RoleLabel, Disabled: it.Disabled, StatusLabel: it.StatusLabel,
		CreatedAt: timestamp(it.CreatedAt), DisabledAt: optionalTime(it.DisabledAt),
		LastLoginAt: optionalTime(it.LastLoginAt), Self: it.Self}
}

// staffAccountListJSON is one page of staff accounts (schema StaffAccountList).
type staffAccountListJSON struct {
	Items    []staffAccountJSON `json:"items"`
	Total    int                `json:"total"`
	Page     int                `json:"page"`
	PageSize int                `json:"page_size"`
	Pages    int                `json:"pages"`
	Clamped  bool               `json:"clamped"`
}

// listStaffAccounts is GET /staff-accounts: 工作人员管理, one page of the
// staff accounts in username order (admin).
func (a *API) listStaffAccounts(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var v apperr.Validation
	page, size := intParam(req, "page", &v), intParam(req, "page_size", &v)
	if err := v.Err(); err != nil {
		return err
	}
	list, err := a.app.Queries.StaffList.Handle(req.Context(), query.StaffList{Principal: s.Principal,
		Page: page, PageSize: size})
	if err != nil {
		return err
	}
	out := staffAccountListJSON{Items: make([]staffAccountJSON, len(list.Items)), Total: list.Total,
		Page: list.Page, PageSize: list.PageSize, Pages: list.Pages, Clamped: list.Clamped}
	for i, it := range list.Items {
		out.Items[i] = newStaffAccountJSON(it)
	}
	return a.ok(w, http.StatusOK, out)
}

// staffAccount answers with one account.
func (a *API) staffAccount(w http.ResponseWriter, req bunrouter.Request, status int, q query.StaffAccount) error {
	it, err := a.app.Queries.StaffAccount.Handle(req.Context(), q)
	if err != nil {
		return err
	}
	return a.ok(w, status, newStaffAccountJSON(it))
}

// getStaffAccount is GET /staff-accounts/{staff_id} (admin).
func (a *API) getStaffAccount(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	return a.staffAccount(w, req, http.StatusOK, query.StaffAccount{Principal: s.Principal,
		StaffID: req.Param("staff_id")})
}

// createStaffRequest is a new staff account (schema StaffAccountCreate).
type createStaffRequest struct {
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Email       string `json:"email"`
	Role        string `json:"role"`
	Password    string `json:"password"`
}

// createStaffAccount is POST /staff-accounts: the admin creates an account with
// an initial password.
func (a *API) createStaffAccount(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var in createStaffRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	id, err := a.app.Commands.AdminCreateStaff.Handle(req.Context(), command.AdminCreateStaff{
		Principal: s.Principal, Username: in.Username, DisplayName: in.DisplayName, Email: in.Email,
		Role: in.Role, Password: in.Password})
	if err != nil {
		return err
	}
	return a.staffAccount(w, req, http.StatusCreated, query.StaffAccount{Principal: s.Principal, StaffID: id})
}

// staffRoleRequest is a new role (schema StaffRoleUpdate).
type staffRoleRequest struct {
	Role string `json:"role"`
}

// putStaffRole is PUT /staff-accounts/{staff_id}/role.
func (a *API) putStaffRole(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var in staffRoleRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	id := req.Param("staff_id")
	if err := a.app.Commands.SetStaffRole.Handle(req.Context(), command.SetStaffRole{Principal: s.Principal,
		StaffID: id, Role: in.Role}); err != nil {
		return err
	}
	return a.staffAccount(w, req, http.StatusOK, query.StaffAccount{Principal: s.Principal, StaffID: id})
}

// disableStaffAccount is POST /staff-accounts/{staff_id}/disable: its sessions
// end at once.
func (a *API) disableStaffAccount(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	id := req.Param("staff_id")
	if err := a.app.Commands.DisableStaffAccount.Handle(req.Context(), command.DisableStaffAccount{
		Principal: s.Principal, StaffID: id}); err != nil {
		return err
	}
	return a.staffAccount(w, req, http.StatusOK, query.StaffAccount{Principal: s.Principal, StaffID: id})
}

// enableStaffAccount is POST /staff-accounts/{staff_id}/enable.
func (a *API) enableStaffAccount(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	id := req.Param("staff_id")
	if err := a.app.Commands.EnableStaffAccount.Handle(req.Context(), command.EnableStaffAccount{
		Principal: s.Principal, StaffID: id}); err != nil {
		return err
	}
	return a.staffAccount(w, req, http.StatusOK, query.StaffAccount{Principal: s.Principal, StaffID: id})
}

// staffPasswordRequest is the new password an admin sets (schema
// StaffPasswordReset).
type staffPasswordRequest struct {
	Password string `json:"password"`
}

// putStaffPassword is PUT /staff-accounts/{staff_id}/password: the account's
// sessions end.
func (a *API) putStaffPassword(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var in staffPasswordRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	if err := a.app.Commands.ResetStaffPassword.Handle(req.Context(), command.ResetStaffPassword{
		Principal: s.Principal, StaffID: req.Param("staff_id"), Password: in.Password}); err != nil {
		return err
	}
	return noContent(w, http.StatusNoContent)
}
