package auth

import (
	"strings"
	"time"

	"github.com/openassoc/membership/core/apperr"
)

// Email verification links (issue 9, finding 13): a single-use token, stored
// only hashed (like reset tokens), mailed to the address a member registered
// with. Opening the link proves the address is the member's.
const (
	// PurposeEmailVerification is the TokenStore purpose of verification links.
	PurposeEmailVerification = "email_verification"
	// VerifyTokenFor is how long a verification link works unless configured
	// otherwise.
	VerifyTokenFor = 48 * time.Hour
	// MaxTokenLen bounds a token taken from a link: longer ones are not looked up.
	MaxTokenLen = 128
)

// VerificationPayload is what the token store keeps under a verification
// token: the member and the address the link was sent to, so that a link works
// only for the address it was sent to.
func VerificationPayload(memberID, email string) []byte {
	return []byte(memberID + "\n" + email)
}

// ParseVerificationPayload splits a VerificationPayload; ok is false for
// anything else.
func ParseVerificationPayload(p []byte) (memberID, email string, ok bool) {
	memberID, email, ok = strings.Cut(string(p), "\n")
	return memberID, email, ok && memberID != "" && email != ""
}

// CodeVerifyLinkInvalid is the code of a verification link that does not work.
const CodeVerifyLinkInvalid = "verify_link_invalid"

// InvalidVerifyLink is the answer to a verification link that is unknown, used
// or expired (on the field "token"): one message for the three, which the link's
// page shows with the way to a new one.
func InvalidVerifyLink() *apperr.Error {
	const msg = "验证链接无效、已使用或已过期。请登录后点击「重新发送验证邮件」获取新的链接"
	e := apperr.New(apperr.KindInvalid, CodeVerifyLinkInvalid, msg)
	e.Fields = []apperr.FieldError{{Field: "token", Code: CodeVerifyLinkInvalid, Message: msg}}
	return e
}
