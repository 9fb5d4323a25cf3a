package eventhandler

import (
	"fmt"
	"time"

	"github.com/openassoc/membership/ports"
)

// reactions is what the reactions share: the ports, the site and the parsed
// email texts.
type reactions struct {
	deps  Deps
	site  Site
	texts localizedTexts
}

// now is the time on the reactions' clock.
func (r *reactions) now() time.Time { return r.deps.Clock.Now() }

// All returns every reaction to domain events, ready to subscribe: the emails,
// and the notifications when d.Notifications is set. Every one is idempotent
// through d.HandledEvents (see the package doc). It panics when the embedded
// email texts do not parse, a defect of the build that the package tests catch.
func All(d Deps, site Site) []Handler {
	texts, err := parseLocalizedTexts()
	if err != nil {
		panic(fmt.Sprintf("eventhandler: %v", err))
	}
	if d.Clock == nil {
		d.Clock = ports.SystemClock{}
	}
	r := &reactions{deps: d, site: site, texts: texts}
	hs := []Handler{
		sendWelcomeEmailOnRegistered(r),
		sendVerificationLinkOnEmailVerificationRequested(r),
		sendNoticeOnRegistrationAttempted(r),
		sendResetLinkOnPasswordResetRequested(r),
		sendEmailOnApplicationSubmitted(r),
		sendEmailOnApplicationApproved(r),
		sendEmailOnApplicationRejected(r),
		sendEmailOnPaymentClaimRejected(r),
		sendEmailOnPaymentConfirmed(r),
		sendEmailOnMembershipApproved(r),
		sendEmailOnRenewalReminderDue(r),
		sendEmailOnMembershipLapsed(r),
		sendEmailOnLevelChanged(r),
		sendEmailOnCreated(r),
		// Login-email changes by staff (email_change.go).
		sendConfirmationOnEmailChangeRequested(r),
		sendNoticeOnEmailChanged(r),
		// 信息变更's decisions (info_change.go).
		sendEmailOnInfoChangeApproved(r),
		sendEmailOnInfoChangeRejected(r),
		// 完善理事资料 (council.go).
		sendEmailOnCouncilFormReturned(r),
		// 企业投稿's decisions (submission.go).
		sendEmailOnSubmissionApproved(r),
		sendEmailOnSubmissionRejected(r),
	}
	if d.Notifications != nil {
		hs = append(hs,
			notifyOnApplicationSubmitted(r),
			notifyOnApplicationApproved(r),
			notifyOnApplicationRejected(r),
			notifyOnPaymentClaimed(r),
			notifyOnPaymentClaimRejected(r),
			notifyOnPaymentConfirmed(r),
			notifyOnMembershipApproved(r),
			notifyOnRenewalReminderDue(r),
			notifyOnMembershipLapsed(r),
			notifyOnLevelChanged(r),
			notifyOnInfoChangeApproved(r),
			notifyOnInfoChangeRejected(r),
			notifyOnCouncilFormReturned(r),
			notifyOnSubmissionApproved(r),
			notifyOnSubmissionRejected(r),
		)
	}
	return hs
}
