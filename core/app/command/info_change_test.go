package command_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/infochange"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

func (e *env) infoChangePorts() command.InfoChangePorts {
	return command.InfoChangePorts{Members: e.store.Members(), InfoChanges: e.store.InfoChanges(), Files: e.files,
		Tx: e.store.Transactor(), Authz: e.policy, Clock: e.clock, Audit: e.auditor(),
		Lookup: e.store.PublicLookup()}
}

// addressChange is m's enterprise form with a new address and postcode.
func addressChange(m *member.Member, pr access.Principal, proof []byte) command.RequestInfoChange {
	f := m.Application().Enterprise
	f.Address, f.PostalCode = "上海市浦东新区世纪大道100号", "200120"
	cmd := command.RequestInfoChange{Principal: pr, Name: m.Name(), Enterprise: &f, FileName: "证明.pdf"}
	if proof != nil {
		cmd.Content = bytes.NewReader(proof)
	}
	return cmd
}

func codeOf(t *testing.T, err error) string {
	t.Helper()
	require.Error(t, err)
	e := apperr.As(err)
	if len(e.Fields) > 0 {
		return e.Fields[0].Code
	}
	return e.Code
}

// A request changes nothing until a reviewer approves it; the approval applies
// it (the version moves on), records the event and the audit entry with the
// values before → after.
func TestInfoChangeRequestThenApprove(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusActive)
	pr := apptest.MemberOf(m)
	p := e.infoChangePorts()
	id, err := command.NewRequestInfoChangeHandler(p).Handle(e.ctx, addressChange(m, pr, apptest.PDF()))
	require.NoError(t, err)
	stored := e.get(m.ID())
	assert.Equal(t, "北京市西城区月坛北小街2号", stored.Application().Enterprise.Address, "nothing changes yet")
	r, err := e.store.InfoChanges().GetInfoChange(e.ctx, id)
	require.NoError(t, err)
	assert.Equal(t, []string{"通讯地址", "邮政编码"}, r.ChangedLabels())
	assert.Equal(t, "pdf", r.Proof.Format)

	reviewer := e.staff("reviewer1", access.RoleReviewer)
	version := stored.Version()
	require.NoError(t, command.NewApproveInfoChangeHandler(p).Handle(e.ctx,
		command.ApproveInfoChange{Principal: reviewer, ID: id}))
	after := e.get(m.ID())
	assert.Equal(t, "上海市浦东新区世纪大道100号", after.Application().Enterprise.Address)
	assert.Equal(t, "200120", after.Application().Enterprise.PostalCode)
	assert.Greater(t, after.Version(), version, "the member's version moves on")
	r, err = e.store.InfoChanges().GetInfoChange(e.ctx, id)
	require.NoError(t, err)
	assert.Equal(t, infochange.Approved, r.Status)
	entry := e.auditedOnce(audit.InfoChangeApprove, reviewer, m.ID())
	require.Len(t, entry.Changes, 2)
	assert.Equal(t, "北京市西城区月坛北小街2号", entry.Changes[0].Before)
	assert.Equal(t, "上海市浦东新区世纪大道100号", entry.Changes[0].After)

	err = command.NewApproveInfoChangeHandler(p).Handle(e.ctx, command.ApproveInfoChange{Principal: reviewer, ID: id})
	assert.Equal(t, infochange.ErrNotPending, codeOf(t, err), "a decided request is not decided twice")
}

// A rename follows into the login name; a rename to a name another member took
// meanwhile is refused at approval and nothing changes.
func TestInfoChangeRenameRechecksAtApproval(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusActive)
	e.member(member.Enterprise, "已有名称有限公司", member.StatusActive)
	pr := apptest.MemberOf(m)
	p := e.infoChangePorts()
	req := command.NewRequestInfoChangeHandler(p)
	cmd := addressChange(m, pr, apptest.PDF())
	cmd.Name = "已有名称有限公司"
	_, err := req.Handle(e.ctx, cmd)
	assert.Equal(t, infochange.ErrNameTaken, codeOf(t, err), "a taken name is refused at once")

	cmd = addressChange(m, pr, apptest.PDF())
	cmd.Name = "星河新材料有限公司"
	id, err := req.Handle(e.ctx, cmd)
	require.NoError(t, err)
	// Another member takes the name before the reviewer decides.
	e.member(member.Enterprise, "星河新材料有限公司", member.StatusActive)
	reviewer := e.staff("reviewer1", access.RoleReviewer)
	err = command.NewApproveInfoChangeHandler(p).Handle(e.ctx, command.ApproveInfoChange{Principal: reviewer, ID: id})
	assert.Equal(t, infochange.ErrNameTaken, codeOf(t, err))
	assert.Equal(t, "星河科技有限公司", e.get(m.ID()).Name(), "nothing changed")
	r, err := e.store.InfoChanges().GetInfoChange(e.ctx, id)
	require.NoError(t, err)
	assert.Equal(t, infochange.Pending, r.Status, "still pending")
	assert.Empty(t, e.audited(audit.InfoChangeApprove))
}

// The refusals of a request: no change, no proof, an HTML file named .pdf, a
// second pending request; each leaves nothing behind.
func TestInfoChangeRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusActive)
	pr := apptest.MemberOf(m)
	req := command.NewRequestInfoChangeHandler(e.infoChangePorts())
	same := m.Application().Enterprise
	_, err := req.Handle(e.ctx, command.RequestInfoChange{Principal: pr, Name: m.Name(), Enterprise: &same,
		Content: bytes.NewReader(apptest.PDF())})
	assert.Equal(t, infochange.ErrNoChange, codeOf(t, err))
	_, err = req.Handle(e.ctx, addressChange(m, pr, nil))
	assert.Equal(t, infochange.ErrProofRequired, codeOf(t, err))
	_, err = req.Handle(e.ctx, addressChange(m, pr, []byte("<!DOCTYPE html><html><body>pdf?</body></html>")))
	assert.Equal(t, "file_type", codeOf(t, err))
	bad := m.Application().Enterprise
	bad.PostalCode = "12AB"
	_, err = req.Handle(e.ctx, command.RequestInfoChange{Principal: pr, Name: m.Name(), Enterprise: &bad,
		Content: bytes.NewReader(apptest.PDF())})
	assert.Equal(t, "postal_code", fieldOf(t, err), "the application form's validators")
	big := append([]byte("%PDF-1.4\n"), make([]byte, infochange.MaxProofBytes-8)...)
	require.Len(t, big, infochange.MaxProofBytes+1)
	_, err = req.Handle(e.ctx, addressChange(m, pr, big))
	assert.Equal(t, "file_too_large", codeOf(t, err), "10 MB + 1 byte")
	assert.Empty(t, e.files.Keys(), "no proof kept from a refused request")
	list, err := e.store.InfoChanges().MemberInfoChanges(e.ctx, m.ID(), 0)
	require.NoError(t, err)
	assert.Empty(t, list)

	_, err = req.Handle(e.ctx, addressChange(m, pr, apptest.JPEG(40, 30)))
	require.NoError(t, err)
	_, err = req.Handle(e.ctx, addressChange(m, pr, apptest.PDF()))
	assert.Equal(t, infochange.ErrPending, codeOf(t, err), "one pending request per member")
	assert.Len(t, e.files.Keys(), 1)
}

// Rejection needs a reason and changes nothing; the member withdraws only its
// own pending request, and another member's id is not found.
func TestInfoChangeRejectAndWithdraw(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusActive)
	other := e.member(member.Individual, "李四", member.StatusActive)
	pr := apptest.MemberOf(m)
	p := e.infoChangePorts()
	f := m.Application().Individual
	f.Employer = "上海质量研究院"
	id, err := command.NewRequestInfoChangeHandler(p).Handle(e.ctx, command.RequestInfoChange{Principal: pr,
		Name: m.Name(), Individual: &f, Content: bytes.NewReader(apptest.PDF())})
	require.NoError(t, err)

	reviewer := e.staff("reviewer1", access.RoleReviewer)
	reject := command.NewRejectInfoChangeHandler(p)
	assert.Equal(t, "reason", fieldOf(t, reject.Handle(e.ctx, command.RejectInfoChange{Principal: reviewer, ID: id})))
	finance := e.staff("finance1", access.RoleFinance)
	err = reject.Handle(e.ctx, command.RejectInfoChange{Principal: finance, ID: id, Reason: "x"})
	assert.True(t, apperr.IsKind(err, apperr.KindForbidden), "finance does not review: %v", err)
	require.NoError(t, reject.Handle(e.ctx, command.RejectInfoChange{Principal: reviewer, ID: id,
		Reason: "证明材料不清晰"}))
	assert.Equal(t, "北京质量研究院", e.get(m.ID()).Application().Individual.Employer)
	e.auditedOnce(audit.InfoChangeReject, reviewer, m.ID())

	e.clock.Advance(time.Hour)
	id2, err := command.NewRequestInfoChangeHandler(p).Handle(e.ctx, command.RequestInfoChange{Principal: pr,
		Name: m.Name(), Individual: &f, Content: bytes.NewReader(apptest.PDF())})
	require.NoError(t, err, "after a rejection the member may ask again")
	withdraw := command.NewWithdrawInfoChangeHandler(p)
	err = withdraw.Handle(e.ctx, command.WithdrawInfoChange{Principal: apptest.MemberOf(other), ID: id2})
	assert.True(t, apperr.IsKind(err, apperr.KindNotFound), "another member's request: %v", err)
	h := query.NewInfoChangeHandlers(e.store.Members(), e.store.InfoChanges(), e.files, e.policy)
	_, err = h.Detail(e.ctx, query.InfoChangeDetail{Principal: apptest.MemberOf(other), ID: id2})
	assert.True(t, apperr.IsKind(err, apperr.KindNotFound), "another member's request: %v", err)
	require.NoError(t, withdraw.Handle(e.ctx, command.WithdrawInfoChange{Principal: pr, ID: id2}))

	v, err := h.Page(e.ctx, query.InfoChangePage{Principal: pr})
	require.NoError(t, err)
	require.Len(t, v.History, 2)
	assert.Nil(t, v.Pending)
	assert.Equal(t, infochange.Withdrawn, v.History[0].Status)
	assert.Equal(t, infochange.Rejected, v.History[1].Status)
	assert.Equal(t, "证明材料不清晰", v.History[1].Reason)
	q, err := h.Queue(e.ctx, query.InfoChangeQueue{Principal: reviewer, Status: infochange.Rejected})
	require.NoError(t, err)
	assert.Equal(t, 1, q.Total)
	assert.Equal(t, map[infochange.Status]int{infochange.Rejected: 1, infochange.Withdrawn: 1}, q.Counts)
}

// An approved rename moves the login name, the registry's search (pinyin
// initials too) and the member's history along.
func TestInfoChangeRenameFollowsLoginAndSearch(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusActive)
	p := e.infoChangePorts()
	cmd := addressChange(m, apptest.MemberOf(m), apptest.PDF())
	cmd.Name = "新材料科技有限公司"
	id, err := command.NewRequestInfoChangeHandler(p).Handle(e.ctx, cmd)
	require.NoError(t, err)
	require.NoError(t, command.NewApproveInfoChangeHandler(p).Handle(e.ctx,
		command.ApproveInfoChange{Principal: e.staff("reviewer1", access.RoleReviewer), ID: id}))

	found, err := e.store.Members().FindForLogin(e.ctx, "新材料科技有限公司")
	require.NoError(t, err)
	require.Len(t, found, 1, "the login name follows")
	assert.Equal(t, m.ID(), found[0].ID())
	old, err := e.store.Members().FindForLogin(e.ctx, "星河科技有限公司")
	require.NoError(t, err)
	assert.Empty(t, old)
	for _, term := range []string{"新材料", "xclkj"} {
		page, err := e.store.Directory(time.UTC).Search(e.ctx, ports.MemberQuery{Limit: 10,
			Filter: ports.MemberFilter{Search: term}})
		require.NoError(t, err)
		require.Len(t, page.Rows, 1, "search %q", term)
		assert.Equal(t, "新材料科技有限公司", page.Rows[0].Name)
	}
	hist, err := e.store.History().History(e.ctx, m.ID(), 0)
	require.NoError(t, err)
	last := hist[len(hist)-1].Event.(member.InfoChangeApproved)
	assert.Equal(t, "星河科技有限公司", last.OldName)
	assert.Equal(t, []string{"名称", "通讯地址", "邮政编码"}, last.Fields)
}
