package command

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// Login is the member login form: the account is the registered name or the member
// number.
type Login struct {
	Login        string
	Password     string
	Remember     bool // 记住登录状态
	CaptchaToken string
	RemoteAddr   string
}

// LoginResult is a started session and the raw token for the cookie.
type LoginResult struct {
	Session auth.Session
	Token   string
}

// LoginHandler logs members in.
type LoginHandler struct {
	members  ports.MemberRepository
	sessions ports.SessionStore
	hasher   ports.PasswordHasher
	captcha  *Captcha
	throttle *Throttle
	clock    ports.Clock
	dummy    dummyHash // checked when the login names no account
	initial  InitialCredentials
	imports  ports.LegacyImports // notes imported members' logins (nil: none)
}

// WithInitialCredentials lets imported members log in with their initial
// password (see InitialCredentials) and notes their logins in imports, so
// that staff see who has not logged in yet.
func (h *LoginHandler) WithInitialCredentials(c InitialCredentials, imports ports.LegacyImports) {
	h.initial, h.imports = c, imports
}

// NewLoginHandler builds the handler.
func NewLoginHandler(members ports.MemberRepository, sessions ports.SessionStore, hasher ports.PasswordHasher,
	captcha *Captcha, throttle *Throttle, clock ports.Clock) *LoginHandler {
	return &LoginHandler{members: members, sessions: sessions, hasher: hasher, captcha: captcha, throttle: throttle, clock: clock}
}

// MemberRole returns the access role of a member from its kind and level.
func MemberRole(m *member.Member) access.Role {
	switch {
	case m.Kind() == member.Individual:
		return access.RoleIndividual
	case m.Level().IsCouncil():
		return access.RoleCouncil
	}
	return access.RoleEnterprise
}

// Handle checks the slider pass, reserves the attempt with the throttle, checks
// the credentials and starts a session. A failed attempt stays counted; a
// successful one is given back. An unknown account and a wrong password get the
// same answer after the same one password check (see badCredentials).
func (h *LoginHandler) Handle(ctx context.Context, cmd Login) (LoginResult, error) {
	login := member.NormalizeName(cmd.Login)
	var v apperr.Validation
	if login == "" {
		v.Add("login", "required", "请输入企业全称/用户名")
	} else if tooLong(login, maxLoginLen) {
		v.Add("login", "too_long", "账号不能超过100个字符")
	}
	if cmd.Password == "" {
		v.Add("password", "required", "请输入密码")
	} else if tooLong(cmd.Password, member.MaxPasswordLen) {
		v.Add("password", "too_long", "密码不能超过128个字符")
	}
	if err := v.Err(); err != nil {
		return LoginResult{}, err
	}
	if err := h.captcha.Consume(ctx, captcha.PurposeLogin, cmd.CaptchaToken); err != nil {
		return LoginResult{}, err
	}
	candidates, err := h.members.FindForLogin(ctx, login)
	if err != nil {
		return LoginResult{}, apperr.Internal(err)
	}
	// The password is tried against every account the text names, so the attempt
	// counts against each of them, whether named by name or by member number.
	keys := make([]string, 0, max(len(candidates), 1))
	for _, m := range candidates {
		keys = append(keys, accountIDKey("member", m.ID()))
	}
	if len(keys) == 0 {
		keys = append(keys, accountKey("member", login))
	}
	attempt, err := h.throttle.Reserve(ctx, cmd.RemoteAddr, keys...)
	if err != nil {
		return LoginResult{}, err
	}
	if len(candidates) == 0 {
		if err := h.dummy.verify(h.hasher, cmd.Password); err != nil {
			return LoginResult{}, err
		}
		return LoginResult{}, badCredentials()
	}
	for _, m := range candidates {
		ok, err := h.verify(m, cmd.Password)
		if err != nil {
			return LoginResult{}, err
		}
		if !ok {
			continue
		}
		h.throttle.Succeed(ctx, attempt, accountIDKey("member", m.ID()))
		if err := h.noteImported(ctx, m); err != nil {
			return LoginResult{}, err
		}
		p := access.Principal{Kind: access.PrincipalMember, ID: m.ID(), Role: MemberRole(m)}
		s, token := auth.NewSession(p, cmd.Remember, h.clock.Now())
		if err := h.sessions.Create(ctx, s); err != nil {
			return LoginResult{}, apperr.Internal(err)
		}
		return LoginResult{Session: s, Token: token}, nil
	}
	return LoginResult{}, badCredentials()
}

// verify checks the password of an account: its hash, or for an imported
// member without a password its initial password (with a dummy hash checked
// as well, so that the answer takes the same time). A right initial password
// past its time is refused with the hint to 忘记密码.
func (h *LoginHandler) verify(m *member.Member, password string) (bool, error) {
	if !m.HasInitialCredential() {
		ok, err := h.hasher.Verify(m.PasswordHash(), password)
		if err != nil {
			return false, apperr.Internal(err)
		}
		return ok, nil
	}
	if err := h.dummy.verify(h.hasher, password); err != nil {
		return false, err
	}
	if !h.initial.matches(m, password) {
		return false, nil
	}
	if expired(m, h.clock.Now()) {
		return false, initialExpired()
	}
	return true, nil
}

// noteImported records an imported member's login for its batch.
func (h *LoginHandler) noteImported(ctx context.Context, m *member.Member) error {
	if h.imports == nil || m.InitialCredentialUntil().IsZero() {
		return nil
	}
	if err := h.imports.NoteLogin(ctx, m.ID(), h.clock.Now()); err != nil {
		return apperr.Internal(err)
	}
	return nil
}
