package auth

import (
	"time"

	"github.com/openassoc/membership/core/apperr"
)

// Token purposes of a login-email change that staff asked for (账号协助). The
// confirmation link's token is kept hashed under PurposeEmailChange for its
// member (one live link each), with VerificationPayload(member, new address)
// as payload. The raw token waits under PurposeEmailChangeLink, keyed by the
// link id the EmailChangeRequested event carries, for the mail handler alone
// (as PurposeResetLink does for reset links).
const (
	PurposeEmailChange     = "email_change"
	PurposeEmailChangeLink = "email_change_link"
)

// EmailChangeFor is how long an email-change confirmation link stays valid.
const EmailChangeFor = 48 * time.Hour

// CodeEmailChangeLinkInvalid is the code of a confirmation link that does not
// work.
const CodeEmailChangeLinkInvalid = "email_change_link_invalid"

// InvalidEmailChangeLink is the answer to a confirmation link that is unknown,
// used or expired (field "token").
func InvalidEmailChangeLink() *apperr.Error {
	const msg = "确认链接无效、已使用或已过期。请联系协会工作人员重新发送确认邮件"
	e := apperr.New(apperr.KindInvalid, CodeEmailChangeLinkInvalid, msg)
	e.Fields = []apperr.FieldError{{Field: "token", Code: CodeEmailChangeLinkInvalid, Message: msg}}
	return e
}
