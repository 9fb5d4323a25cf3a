package command

import (
	"context"
	"strings"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// StaffLogin is the back-office login form.
type StaffLogin struct {
	Username     string
	Password     string
	CaptchaToken string
	RemoteAddr   string
}

// StaffLoginHandler logs staff in; staff sessions always end with the browser.
type StaffLoginHandler struct {
	staff    ports.StaffRepository
	sessions ports.SessionStore
	hasher   ports.PasswordHasher
	captcha  *Captcha
	throttle *Throttle
	clock    ports.Clock
	dummy    dummyHash // checked when the username names no account
}

// NewStaffLoginHandler builds the handler.
func NewStaffLoginHandler(st ports.StaffRepository, sessions ports.SessionStore, hasher ports.PasswordHasher,
	captcha *Captcha, throttle *Throttle, clock ports.Clock) *StaffLoginHandler {
	return &StaffLoginHandler{staff: st, sessions: sessions, hasher: hasher, captcha: captcha, throttle: throttle, clock: clock}
}

// Handle checks the credentials and starts a browser session. An unknown
// username and a wrong password get the same answer after the same one password
// check (see badCredentials).
func (h *StaffLoginHandler) Handle(ctx context.Context, cmd StaffLogin) (LoginResult, error) {
	username := strings.TrimSpace(cmd.Username)
	var v apperr.Validation
	if username == "" {
		v.Add("username", "required", "请输入用户名")
	} else if tooLong(username, 50) {
		v.Add("username", "too_long", "用户名不能超过50个字符")
	}
	if cmd.Password == "" {
		v.Add("password", "required", "请输入密码")
	} else if tooLong(cmd.Password, member.MaxPasswordLen) {
		v.Add("password", "too_long", "密码不能超过128个字符")
	}
	if err := v.Err(); err != nil {
		return LoginResult{}, err
	}
	if err := h.captcha.Consume(ctx, captcha.PurposeStaffLogin, cmd.CaptchaToken); err != nil {
		return LoginResult{}, err
	}
	// Attempts count against the staff account once the username resolves to one,
	// and against the typed username otherwise.
	s, err := h.staff.GetByUsername(ctx, username)
	if apperr.IsKind(err, apperr.KindNotFound) {
		if _, err := h.throttle.Reserve(ctx, cmd.RemoteAddr, accountKey("staff", username)); err != nil {
			return LoginResult{}, err
		}
		if err := h.dummy.verify(h.hasher, cmd.Password); err != nil {
			return LoginResult{}, err
		}
		return LoginResult{}, badCredentials()
	} else if err != nil {
		return LoginResult{}, apperr.Internal(err)
	}
	key := accountIDKey("staff", s.ID())
	attempt, err := h.throttle.Reserve(ctx, cmd.RemoteAddr, key)
	if err != nil {
		return LoginResult{}, err
	}
	ok, err := h.hasher.Verify(s.PasswordHash(), cmd.Password)
	if err != nil {
		return LoginResult{}, apperr.Internal(err)
	}
	if !ok {
		return LoginResult{}, badCredentials()
	}
	if s.Disabled() {
		// Said only to someone who knows the password: the attempt still counts.
		v.Add("username", "account_disabled", "该账号已停用，请联系管理员")
		return LoginResult{}, v.Err()
	}
	h.throttle.Succeed(ctx, attempt, key)
	p := access.Principal{Kind: access.PrincipalStaff, ID: s.ID(), Role: s.Role()}
	sess, token := auth.NewSession(p, false, h.clock.Now())
	if err := h.sessions.Create(ctx, sess); err != nil {
		return LoginResult{}, apperr.Internal(err)
	}
	// 工作人员管理 shows the last login; a failure to note it does not undo the login.
	_ = h.staff.RecordLogin(ctx, s.ID(), h.clock.Now())
	return LoginResult{Session: sess, Token: token}, nil
}
