package member

import (
	"time"

	"github.com/openassoc/membership/core/domain/event"
)

// Base carries the fields every member event has.
type Base struct {
	// EventID identifies one occurrence, the same on every redelivery, so that
	// handlers can recognise an event they already handled. Empty in events stored
	// before it existed.
	EventID  string    `json:"event_id,omitempty"`
	MemberID string    `json:"member_id"`
	Kind     Kind      `json:"kind"`
	Name     string    `json:"name"`
	Email    string    `json:"email"`
	At       time.Time `json:"at"`
}

// OccurredAt returns when the event happened.
func (b Base) OccurredAt() time.Time { return b.At }

// Registered means a new account was created through registration.
type Registered struct{ Base }

// EventName implements event.Event.
func (Registered) EventName() string { return "member.registered" }

// EmailVerificationRequested means the member asked for another verification
// mail; its handler mails a new link.
type EmailVerificationRequested struct{ Base }

// EventName implements event.Event.
func (EmailVerificationRequested) EventName() string { return "member.email_verification_requested" }

// RegistrationAttempted means someone tried to register a new account with the
// member's address; its handler tells the owner. Base is the existing member's.
type RegistrationAttempted struct{ Base }

// EventName implements event.Event.
func (RegistrationAttempted) EventName() string { return "member.registration_attempted" }

// ApplicationSubmitted means the application went to the review queue.
type ApplicationSubmitted struct{ Base }

// EventName implements event.Event.
func (ApplicationSubmitted) EventName() string { return "member.application_submitted" }

// ApplicationRejected means a reviewer returned the application with a reason.
type ApplicationRejected struct {
	Base
	Reason string `json:"reason"`
}

// EventName implements event.Event.
func (ApplicationRejected) EventName() string { return "member.application_rejected" }

// ApplicationApproved means a reviewer approved the application and a number was assigned.
type ApplicationApproved struct {
	Base
	Number string `json:"number"`
}

// EventName implements event.Event.
func (ApplicationApproved) EventName() string { return "member.application_approved" }

// PaymentClaimed means the member says the fee (the first one or a renewal)
// was transferred.
type PaymentClaimed struct{ Base }

// EventName implements event.Event.
func (PaymentClaimed) EventName() string { return "member.payment_claimed" }

// PaymentClaimRejected means finance found no payment for the claim.
type PaymentClaimRejected struct {
	Base
	Reason  string `json:"reason"`
	Renewal bool   `json:"renewal,omitempty"`
}

// EventName implements event.Event.
func (PaymentClaimRejected) EventName() string { return "member.payment_claim_rejected" }

// PaymentConfirmed means finance (or the payment gateway) confirmed the fee. A
// renewal carries the new end of validity.
type PaymentConfirmed struct {
	Base
	PaymentID  string    `json:"payment_id,omitempty"`
	AmountFen  int64     `json:"amount_fen,omitempty"`
	Method     string    `json:"method,omitempty"`
	Renewal    bool      `json:"renewal,omitempty"`
	ValidUntil time.Time `json:"valid_until,omitzero"`
}

// EventName implements event.Event.
func (PaymentConfirmed) EventName() string { return "member.payment_confirmed" }

// ForwardedToSecretariat means the paid member awaits the secretariat's approval.
type ForwardedToSecretariat struct{ Base }

// EventName implements event.Event.
func (ForwardedToSecretariat) EventName() string { return "member.forwarded_to_secretariat" }

// MembershipApproved means the secretariat approved; validity is set.
type MembershipApproved struct {
	Base
	Number     string    `json:"number"`
	DocNo      string    `json:"doc_no"`
	ValidFrom  time.Time `json:"valid_from"`
	ValidUntil time.Time `json:"valid_until"`
}

// EventName implements event.Event.
func (MembershipApproved) EventName() string { return "member.membership_approved" }

// MembershipExpiring means the end of validity is near.
type MembershipExpiring struct {
	Base
	ValidUntil time.Time `json:"valid_until"`
}

// EventName implements event.Event.
func (MembershipExpiring) EventName() string { return "member.membership_expiring" }

// RenewalReminderDue means a renewal reminder is due: DaysBefore is the
// policy's threshold (30, 7), DaysLeft the days actually left (negative in the
// grace period).
type RenewalReminderDue struct {
	Base
	DaysBefore int       `json:"days_before"`
	DaysLeft   int       `json:"days_left"`
	ValidUntil time.Time `json:"valid_until"`
}

// EventName implements event.Event.
func (RenewalReminderDue) EventName() string { return "member.renewal_reminder_due" }

// MembershipRenewed means a renewal payment extended the validity.
type MembershipRenewed struct {
	Base
	ValidUntil time.Time `json:"valid_until"`
}

// EventName implements event.Event.
func (MembershipRenewed) EventName() string { return "member.membership_renewed" }

// MembershipLapsed means validity and grace period are over.
type MembershipLapsed struct {
	Base
	ValidUntil time.Time `json:"valid_until,omitzero"`
}

// EventName implements event.Event.
func (MembershipLapsed) EventName() string { return "member.membership_lapsed" }

// PasswordChanged means the member changed or reset the password.
type PasswordChanged struct{ Base }

// EventName implements event.Event.
func (PasswordChanged) EventName() string { return "member.password_changed" }

// PasswordResetRequested means a reset link was issued; handlers email it. The
// event carries the link's id, never its token: the mail handler reads the token
// from the token store (auth.PurposeResetLink), so that it is not kept in the
// outbox nor sent over a broker.
type PasswordResetRequested struct {
	Base
	LinkID    string    `json:"link_id"`
	ExpiresAt time.Time `json:"expires_at"`
}

// EventName implements event.Event.
func (PasswordResetRequested) EventName() string { return "member.password_reset_requested" }

// RegisterEvents adds every member event type to the registry.
func RegisterEvents(r event.Registry) {
	r.Register(
		func() event.Event { return &Registered{} },
		func() event.Event { return &EmailVerificationRequested{} },
		func() event.Event { return &RegistrationAttempted{} },
		func() event.Event { return &ApplicationSubmitted{} },
		func() event.Event { return &ApplicationRejected{} },
		func() event.Event { return &ApplicationApproved{} },
		func() event.Event { return &PaymentClaimed{} },
		func() event.Event { return &PaymentClaimRejected{} },
		func() event.Event { return &PaymentConfirmed{} },
		func() event.Event { return &ForwardedToSecretariat{} },
		func() event.Event { return &MembershipApproved{} },
		func() event.Event { return &MembershipExpiring{} },
		func() event.Event { return &MembershipRenewed{} },
		func() event.Event { return &RenewalReminderDue{} },
		func() event.Event { return &MembershipLapsed{} },
		func() event.Event { return &PasswordChanged{} },
		func() event.Event { return &PasswordResetRequested{} },
		// Login-email changes by staff (email_change.go).
		func() event.Event { return &EmailChangeRequested{} },
		func() event.Event { return &EmailChanged{} },
	)
	registerStaffEvents(r)
	registerInfoChangeEvents(r) // 信息变更 (info_change.go)
	registerCouncilEvents(r)
	registerSubmissionEvents(r) // 企业投稿 (events_submission.go)
}
