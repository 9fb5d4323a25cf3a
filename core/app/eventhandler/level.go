package eventhandler

import (
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/notification"
)

// The reactions to the registry's staff changes.

// levelText is the notification of a level change.
func levelText(ev member.LevelChanged) string {
	return notification.LevelChangedText(subjectOf(ev.Base), string(ev.To), ev.DocNo)
}

// sendEmailOnLevelChanged emails the member its new level (issue 10, item 4).
func sendEmailOnLevelChanged(r *reactions) Handler {
	return mailOn(r, "send_level_changed_email", func(ev member.LevelChanged) email {
		return email{text: "level_changed", to: ev.Base, data: map[string]any{"Notice": levelText(ev),
			"From": string(ev.From), "To": string(ev.To), "DocNo": ev.DocNo, "Reason": ev.Reason}}
	})
}

// notifyOnLevelChanged tells the member in the portal its new level.
func notifyOnLevelChanged(r *reactions) Handler {
	return notifyOn(r, "notify_level_changed", notification.CategoryMembership,
		func(ev member.LevelChanged) (member.Base, string) { return ev.Base, levelText(ev) })
}

// sendEmailOnCreated tells a member the staff entered by hand that its account
// exists and how to set its password (新建会员).
func sendEmailOnCreated(r *reactions) Handler {
	return mailOn(r, "send_member_created_email", func(ev member.Created) email {
		return email{text: "member_created", to: ev.Base, data: map[string]any{"Number": ev.Number,
			"Login": r.site.link("/login"), "Forgot": r.site.link("/password/forgot")}}
	})
}
