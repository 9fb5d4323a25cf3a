package command

import (
	"context"
	"strings"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/auth"
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

// Throttle applies the per-account and per-address limits on failed logins.
type Throttle struct {
	attempts ports.LoginAttempts
	clock    ports.Clock
	account  auth.ThrottlePolicy
	address  auth.ThrottlePolicy
}

// NewThrottle builds the throttle with the given policies.
func NewThrottle(attempts ports.LoginAttempts, clock ports.Clock, account, address auth.ThrottlePolicy) *Throttle {
	return &Throttle{attempts: attempts, clock: clock, account: account, address: address}
}

// Throttle keys. Failures against an existing account count under the account's
// identity (accountIDKey), so every way of naming it — a member's registered name
// or member number — shares one limit; a login text that names no account is
// throttled by the text itself (accountKey). The "-id" scopes cannot collide with
// text keys, which always carry the bare scope and a colon.
func accountKey(scope, login string) string { return scope + ":" + strings.ToLower(login) }
func accountIDKey(scope, id string) string  { return scope + "-id:" + id }
func addressKey(addr string) string         { return "addr:" + addr }

// Check refuses the attempt while any of the account keys or the address is over
// its limit.
func (t *Throttle) Check(ctx context.Context, addr string, acctKeys ...string) error {
	now := t.clock.Now()
	check := func(key string, p auth.ThrottlePolicy) (time.Duration, error) {
		n, oldest, err := t.attempts.Failures(ctx, key, now.Add(-p.Window))
		if err != nil {
			return 0, apperr.Internal(err)
		}
		return p.RetryAfter(n, oldest, now), nil
	}
	var wait time.Duration
	for _, k := range acctKeys {
		w, err := check(k, t.account)
		if err != nil {
			return err
		}
		wait = max(wait, w)
	}
	if addr != "" {
		w2, err := check(addressKey(addr), t.address)
		if err != nil {
			return err
		}
		wait = max(wait, w2)
	}
	if wait > 0 {
		mins := int((wait + time.Minute - time.Second) / time.Minute)
		return apperr.Throttled("login_throttled",
			"登录失败次数过多，请"+itoa(mins)+"分钟后再试", wait)
	}
	return nil
}

// Fail records a failed attempt against each account key and the address.
func (t *Throttle) Fail(ctx context.Context, addr string, acctKeys ...string) {
	keys := append([]string(nil), acctKeys...)
	if addr != "" {
		keys = append(keys, addressKey(addr))
	}
	_ = t.attempts.RecordFailure(ctx, t.clock.Now(), keys...)
}

// Succeed forgets the account's failures.
func (t *Throttle) Succeed(ctx context.Context, acctKey string) {
	_ = t.attempts.Clear(ctx, acctKey)
}

func itoa(n int) string {
	if n <= 0 {
		return "1"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// LoginHandler logs members in.
type LoginHandler struct {
	members  ports.MemberRepository
	sessions ports.SessionStore
	hasher   ports.PasswordHasher
	captcha  *Captcha
	throttle *Throttle
	clock    ports.Clock
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

// Handle checks the slider pass, the throttle and the credentials, and starts a
// session.
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
	if err := h.captcha.Consume(ctx, cmd.CaptchaToken); err != nil {
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
	if err := h.throttle.Check(ctx, cmd.RemoteAddr, keys...); err != nil {
		return LoginResult{}, err
	}
	if len(candidates) == 0 {
		h.throttle.Fail(ctx, cmd.RemoteAddr, keys...)
		v.Add("login", "unknown_account", "账号不存在，请输入注册时的企业全称/用户名或会员编号")
		return LoginResult{}, v.Err()
	}
	for _, m := range candidates {
		ok, err := h.hasher.Verify(m.PasswordHash(), cmd.Password)
		if err != nil {
			return LoginResult{}, apperr.Internal(err)
		}
		if !ok {
			continue
		}
		h.throttle.Succeed(ctx, accountIDKey("member", m.ID()))
		p := access.Principal{Kind: access.PrincipalMember, ID: m.ID(), Role: MemberRole(m)}
		s, token := auth.NewSession(p, cmd.Remember, h.clock.Now())
		if err := h.sessions.Create(ctx, s); err != nil {
			return LoginResult{}, apperr.Internal(err)
		}
		return LoginResult{Session: s, Token: token}, nil
	}
	h.throttle.Fail(ctx, cmd.RemoteAddr, keys...)
	v.Add("password", "wrong_password", "密码错误")
	return LoginResult{}, v.Err()
}

// Logout ends a session.
type Logout struct{ TokenHash string }

// LogoutHandler ends sessions.
type LogoutHandler struct{ sessions ports.SessionStore }

// NewLogoutHandler builds the handler.
func NewLogoutHandler(sessions ports.SessionStore) *LogoutHandler {
	return &LogoutHandler{sessions: sessions}
}

// Handle deletes the session; logging out twice is fine.
func (h *LogoutHandler) Handle(ctx context.Context, cmd Logout) error {
	if err := h.sessions.Delete(ctx, cmd.TokenHash); err != nil {
		return apperr.Internal(err)
	}
	return nil
}
