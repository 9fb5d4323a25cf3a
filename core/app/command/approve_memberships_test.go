package command_test

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
)

// cst is the association's time zone in these tests (UTC+8, no tz database
// needed).
func cst() *time.Location { return time.FixedZone("CST", 8*3600) }

func (e *env) approveMemberships() *command.ApproveMembershipsHandler {
	return command.NewApproveMembershipsHandler(e.store.Members(), e.store.Transactor(), e.policy, e.clock, cst(),
		e.auditor())
}

// The secretariat approves several members at once with the document number:
// each becomes active for one year from today in the association's time zone
// (already the next day there), and MembershipApproved is recorded for each.
func TestApproveMemberships(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.member(member.Enterprise, "星河科技有限公司", member.StatusAwaitingSecretariat)
	b := e.member(member.Individual, "张三", member.StatusAwaitingSecretariat)
	e.clock.Set(time.Date(2024, 3, 1, 20, 0, 0, 0, time.UTC)) // 04:00 on 2 March in CST
	skip := len(e.store.Events())

	out, err := e.approveMemberships().Handle(e.ctx, command.ApproveMemberships{
		Principal: apptest.StaffOf(access.RoleSecretariat), MemberIDs: []string{b.ID(), " " + a.ID(), b.ID()},
		DocNo: " 会字〔2024〕8号 "})
	require.NoError(t, err)
	require.Len(t, out, 2, "each member once")
	ids := []string{a.ID(), b.ID()}
	sort.Strings(ids)
	day := time.Date(2024, 3, 2, 0, 0, 0, 0, time.UTC)
	for i, got := range out {
		assert.Equal(t, ids[i], got.MemberID, "in id order")
		assert.Equal(t, "会字〔2024〕8号", got.DocNo)
		assert.Equal(t, day, got.ValidFrom)
		assert.Equal(t, time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), got.ValidUntil)
		m := e.get(got.MemberID)
		assert.Equal(t, member.StatusActive, m.Status())
		assert.Equal(t, got.Number, m.Number())
		assert.Equal(t, got.ValidUntil, m.ValidUntil())
	}
	assert.Equal(t, []string{"member.membership_approved", "member.membership_approved"}, e.eventNames(skip))
	entries := e.audited(audit.MembershipApprove)
	require.Len(t, entries, 2, "one entry per member")
	for _, en := range entries {
		assert.Contains(t, ids, en.MemberID)
		assert.Equal(t, "staff-secretariat", en.StaffID)
		assert.Equal(t, "秘书处审批通过，文号 会字〔2024〕8号，有效期 2024-03-02 至 2025-03-01", en.Summary)
	}
	assert.NotEqual(t, entries[0].MemberID, entries[1].MemberID)
}

// One member that cannot be approved fails the whole batch, named in the
// message; an unknown member too. Nobody is approved then.
func TestApproveMembershipsIsAllOrNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ok := e.member(member.Enterprise, "星河科技有限公司", member.StatusAwaitingSecretariat)
	early := e.member(member.Individual, "张三", member.StatusApproved)
	before := e.state(ok.ID(), early.ID())
	secretariat := apptest.StaffOf(access.RoleSecretariat)

	_, err := e.approveMemberships().Handle(e.ctx, command.ApproveMemberships{Principal: secretariat,
		MemberIDs: []string{ok.ID(), early.ID()}, DocNo: "会字〔2024〕8号"})
	wantErr(t, err, apperr.KindConflict, member.ErrTransition)
	assert.True(t, strings.HasPrefix(apperr.As(err).Message, "会员【张三】："), apperr.As(err).Message)
	assert.True(t, strings.HasSuffix(apperr.As(err).Message, "未审批任何会员。"), apperr.As(err).Message)

	_, err = e.approveMemberships().Handle(e.ctx, command.ApproveMemberships{Principal: secretariat,
		MemberIDs: []string{ok.ID(), "nobody"}, DocNo: "会字〔2024〕8号"})
	wantErr(t, err, apperr.KindNotFound, "member_not_found")
	assert.Equal(t, "所选会员不存在，未审批任何会员", apperr.As(err).Message)
	e.unchanged(before, ok.ID(), early.ID())
}

// Refusals of the form and of the principal: nothing selected, too many, no or
// too long a document number; finance, a reviewer, a member, nobody.
func TestApproveMembershipsRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusAwaitingSecretariat)
	before := e.state(m.ID())
	approve := func(p access.Principal, ids []string, docNo string) error {
		_, err := e.approveMemberships().Handle(e.ctx, command.ApproveMemberships{Principal: p, MemberIDs: ids,
			DocNo: docNo})
		return err
	}
	admin := apptest.StaffOf(access.RoleAdmin)
	assert.Equal(t, map[string]string{"member_ids": "required", "doc_no": "required"},
		fieldCodes(approve(admin, []string{" "}, " ")))
	many := make([]string, 501)
	for i := range many {
		many[i] = strings.Repeat("x", i+1)
	}
	assert.Equal(t, map[string]string{"member_ids": "too_many", "doc_no": "too_long"},
		fieldCodes(approve(admin, many, strings.Repeat("号", member.MaxDocNoLen+1))))

	for _, role := range []access.Role{access.RoleFinance, access.RoleReviewer} {
		err := approve(apptest.StaffOf(role), []string{m.ID()}, "会字〔2024〕8号")
		wantErr(t, err, apperr.KindForbidden, "forbidden")
		assert.Equal(t, "您没有权限审批入会", apperr.As(err).Message)
	}
	wantErr(t, approve(apptest.MemberOf(m), []string{m.ID()}, "x"), apperr.KindForbidden, "forbidden")
	wantErr(t, approve(access.Guest, []string{m.ID()}, "x"), apperr.KindUnauthorized, "login_required")
	e.unchanged(before, m.ID())
}
