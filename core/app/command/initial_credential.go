package command

import (
	"crypto/subtle"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/legacyimport"
	"github.com/openassoc/membership/core/domain/member"
)

// InitialCredentials checks the initial password of imported members (导入老
// 会员): the full pinyin of the first contact's name (enterprise) or of the
// member's own name (individual), as the login page promises 「老会员使用单位
// 名称或会员号为账号，初始密码为企业第一联系人姓名的全拼」.
//
// Why no hash is stored, and why that is as safe as storing one: the initial
// password is a public function of data the members table already holds in
// clear (the contact's or member's name, the same row). A hash of it — even
// argon2id — protects nothing: whoever reads the table reads the name and
// derives the password without cracking anything, and the pinyin of a
// two-to-four character name is among the first guesses of any cracker
// anyway. Against the one attack a hash does resist, a stolen database,
// it therefore adds no secrecy; against online guessing what counts is the
// throttle, which every login — this one included — goes through, and the
// attempt costs the same time as a stored hash's check (the login verifies
// a dummy hash too, so an imported account cannot be told apart by timing).
// The comparison itself is constant-time. What limits the exposure is time:
// the initial password works only until InitialCredentialUntil (default 90
// days after the import), and after the first login the member must set a
// password of its own (MustChangePassword), which is hashed as every
// password is; from then on the initial one no longer works. Storing no hash
// also costs nothing at import: 100 000 rows × 40 ms of argon2id would be over
// an hour on two cores.
type InitialCredentials struct {
	Pinyin legacyimport.Pinyin
}

// matches reports, in constant time, whether password is the member's
// initial password. A member without one, or whose name yields none, never
// matches.
func (c InitialCredentials) matches(m *member.Member, password string) bool {
	if c.Pinyin == nil || !m.HasInitialCredential() {
		return false
	}
	want, ok := c.Pinyin(m.InitialPasswordName())
	if !ok {
		want = "\x00" // no password can match, the comparison still runs
	}
	return subtle.ConstantTimeCompare([]byte(want), []byte(password)) == 1 && ok
}

// expired reports whether the member's initial password no longer works.
func expired(m *member.Member, now time.Time) bool {
	return now.After(m.InitialCredentialUntil())
}

// initialExpired is the answer to a right initial password past its time.
func initialExpired() error {
	var v apperr.Validation
	v.Add("password", "initial_password_expired",
		"初始密码已过期，请点击「忘记密码」，通过注册邮箱重新设置密码")
	return v.Err()
}
