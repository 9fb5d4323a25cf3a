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

// ChangeMemberLevel is the staff's 调整级别 of an enterprise member: the new
// level (of the association's list), the decision's 文号 and the reason.
type ChangeMemberLevel struct {
	Principal access.Principal
	MemberID  string
	Level     string
	DocNo     string
	Reason    string
}

// ChangeMemberLevelHandler changes members' levels.
type ChangeMemberLevelHandler struct{ d RegistryDeps }

// NewChangeMemberLevelHandler builds the handler.
func NewChangeMemberLevelHandler(d RegistryDeps) *ChangeMemberLevelHandler {
	return &ChangeMemberLevelHandler{d: d}
}

// Handle moves the member to the level (member:level). The level must exist in
// the list, the 文号 and the reason are required. The new level applies to the
// next fee (the fee page reads the level; a confirmed fee keeps its amount).
// The member records LevelChanged, which notifies it in the portal and by
// mail; the audit log gets the level before → after with the 文号.
func (h *ChangeMemberLevelHandler) Handle(ctx context.Context, cmd ChangeMemberLevel) error {
	return h.d.changeMember(ctx, cmd.Principal, access.ChangeMemberLevel, cmd.MemberID,
		func(m *member.Member, now time.Time) (audit.Entry, error) {
			from := m.Level()
			err := m.ChangeLevel(member.LevelChange{Level: member.Level(cmd.Level), DocNo: cmd.DocNo,
				Reason: cmd.Reason}, h.d.Levels, now)
			if err != nil {
				return audit.Entry{}, err
			}
			docNo := strings.TrimSpace(cmd.DocNo)
			return audit.Entry{Action: audit.MemberLevelChange,
				Summary: fmt.Sprintf("会员级别由「%s」调整为「%s」（文号 %s）", from, m.Level(), docNo),
				Reason:  strings.TrimSpace(cmd.Reason),
				Changes: []audit.Change{{Field: "level", Label: "会员级别", Before: string(from), After: string(m.Level())}},
			}, nil
		})
}

// Levels returns the association's list of enterprise levels, lowest first
// (the choices of 调整级别).
func (h *ChangeMemberLevelHandler) Levels() []member.Level { return h.d.Levels.Levels() }
