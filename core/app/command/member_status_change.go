package command

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
)

// MemberStatusChange is a staff decision on a membership — 暂停会籍, 恢复会籍 or
// 退会 — with its reason.
type MemberStatusChange struct {
	Principal access.Principal
	MemberID  string
	Reason    string
}

// statusChange runs one lifecycle step (membership:manage) and audits the
// status before → after with the reason.
func statusChange(ctx context.Context, d RegistryDeps, cmd MemberStatusChange, action audit.Action,
	step func(m *member.Member, reason string, now time.Time) error) error {
	return d.changeMember(ctx, cmd.Principal, access.ChangeMembershipStatus, cmd.MemberID,
		func(m *member.Member, now time.Time) (audit.Entry, error) {
			from := m.Status()
			if err := step(m, cmd.Reason, now); err != nil {
				return audit.Entry{}, err
			}
			return audit.Entry{Action: action, Summary: fmt.Sprintf("%s：%s → %s", action.Label(), from.Label(), m.Status().Label()),
				Reason: strings.TrimSpace(cmd.Reason),
				Changes: []audit.Change{{Field: "status", Label: "会籍状态", Before: from.Label(),
					After: m.Status().Label()}}}, nil
		})
}
