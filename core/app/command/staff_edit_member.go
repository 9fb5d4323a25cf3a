package command

import (
	"context"
	"strings"
	"time"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
)

// StaffEditMember is the staff's 编辑资料 of a member: the name and the form of
// the member's kind (nil: left as it is), the reason (修改原因, required) and
// the version of the member the form was prepared on.
type StaffEditMember struct {
	Principal  access.Principal
	MemberID   string
	Version    int64
	Name       string
	Enterprise *application.EnterpriseForm
	Individual *application.IndividualForm
	Reason     string
}

// StaffEditMemberHandler edits members' data for the staff.
type StaffEditMemberHandler struct{ d RegistryDeps }

// NewStaffEditMemberHandler builds the handler.
func NewStaffEditMemberHandler(d RegistryDeps) *StaffEditMemberHandler {
	return &StaffEditMemberHandler{d: d}
}

// Handle applies the edit (member:write) with the rules of the member's own
// form and returns the labels of the changed fields. The member records
// Edited (its timeline shows it) and the audit log gets every changed
// value before → after, in the same transaction. A member changed since the
// version the form was prepared on is a Conflict on "version"
// (「该会员资料已被他人修改，请刷新后重试」) and nothing is overwritten; a name
// another member of the kind uses is a Conflict on "name".
func (h *StaffEditMemberHandler) Handle(ctx context.Context, cmd StaffEditMember) ([]string, error) {
	var changed []string
	err := h.d.changeMember(ctx, cmd.Principal, access.EditMember, cmd.MemberID,
		func(m *member.Member, now time.Time) (audit.Entry, error) {
			if err := checkVersion(m, cmd.Version); err != nil {
				return audit.Entry{}, err
			}
			before := m.Profile()
			var err error
			changed, err = m.EditByStaff(member.StaffEdit{Name: cmd.Name, Enterprise: cmd.Enterprise,
				Individual: cmd.Individual, Reason: cmd.Reason}, now)
			if err != nil {
				return audit.Entry{}, err
			}
			return audit.Entry{Action: audit.MemberEdit, Summary: "修改会员资料：" + strings.Join(changed, "、"),
				Reason:  strings.TrimSpace(cmd.Reason),
				Changes: audit.Diff(member.ProfileFields(m.Kind()), before, m.Profile())}, nil
		})
	if err != nil {
		return nil, err
	}
	return changed, nil
}
