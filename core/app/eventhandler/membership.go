package eventhandler

import (
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/notification"
)

// sendEmailOnMembershipApproved emails the secretariat's approval (spec §9).
func sendEmailOnMembershipApproved(r *reactions) Handler {
	return mailOn(r, "send_membership_approved_email", func(ev member.MembershipApproved) email {
		return email{text: "membership_approved", to: ev.Base, data: map[string]any{
			"Notice": notification.MembershipApprovedText(subjectOf(ev.Base), r.site.AssociationName,
				day(ev.ValidUntil)),
			"Number": ev.Number, "DocNo": ev.DocNo, "ValidFrom": day(ev.ValidFrom), "ValidUntil": day(ev.ValidUntil)}}
	})
}

// sendEmailOnRenewalReminderDue emails a renewal reminder (spec §9).
func sendEmailOnRenewalReminderDue(r *reactions) Handler {
	return mailOn(r, "send_renewal_reminder_email", func(ev member.RenewalReminderDue) email {
		return email{text: "renewal_reminder", to: ev.Base, data: map[string]any{
			"Notice":     notification.RenewalReminderText(subjectOf(ev.Base), day(ev.ValidUntil), ev.DaysLeft),
			"ValidUntil": day(ev.ValidUntil), "DaysLeft": ev.DaysLeft}}
	})
}

// sendEmailOnMembershipLapsed emails the lapse.
func sendEmailOnMembershipLapsed(r *reactions) Handler {
	return mailOn(r, "send_membership_lapsed_email", func(ev member.MembershipLapsed) email {
		return email{text: "membership_lapsed", to: ev.Base, data: map[string]any{
			"Notice":     notification.MembershipLapsedText(subjectOf(ev.Base), day(ev.ValidUntil)),
			"ValidUntil": day(ev.ValidUntil)}}
	})
}

// notifyOnMembershipApproved tells the member the secretariat approved and until
// when the membership is valid.
func notifyOnMembershipApproved(r *reactions) Handler {
	return notifyOn(r, "notify_membership_approved", notification.CategoryMembership,
		func(ev member.MembershipApproved) (member.Base, string) {
			return ev.Base, notification.MembershipApprovedText(subjectOf(ev.Base), r.site.AssociationName,
				day(ev.ValidUntil))
		})
}

// notifyOnRenewalReminderDue reminds the member to renew.
func notifyOnRenewalReminderDue(r *reactions) Handler {
	return notifyOn(r, "notify_renewal_reminder", notification.CategoryMembership,
		func(ev member.RenewalReminderDue) (member.Base, string) {
			return ev.Base, notification.RenewalReminderText(subjectOf(ev.Base), day(ev.ValidUntil), ev.DaysLeft)
		})
}

// notifyOnMembershipLapsed tells the member the membership lapsed.
func notifyOnMembershipLapsed(r *reactions) Handler {
	return notifyOn(r, "notify_membership_lapsed", notification.CategoryMembership,
		func(ev member.MembershipLapsed) (member.Base, string) {
			return ev.Base, notification.MembershipLapsedText(subjectOf(ev.Base), day(ev.ValidUntil))
		})
}
