package contract

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/id"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// OutboxEvent is one event an implementation wrote to its outbox.
type OutboxEvent struct {
	Name    string
	Payload []byte // JSON of the event
}

// MemberFixture is one fresh, empty member repository with a view on its outbox.
type MemberFixture struct {
	Repo ports.MemberRepository
	// Events returns every event written to the outbox so far, oldest first.
	Events func(t *testing.T) []OutboxEvent
}

// RunMemberRepository checks a ports.MemberRepository implementation. newFixture
// is called once per subtest and must return an empty repository.
func RunMemberRepository(t *testing.T, newFixture func(t *testing.T) MemberFixture) {
	run(t, "round-trips every snapshot field", func(t *testing.T) { memberRoundTrip(t, newFixture(t)) })
	run(t, "round-trips zero values", func(t *testing.T) { memberRoundTripZero(t, newFixture(t)) })
	run(t, "missing member is NotFound", func(t *testing.T) { memberMissing(t, newFixture(t)) })
	run(t, "add writes the recorded events", func(t *testing.T) { memberAddEvents(t, newFixture(t)) })
	run(t, "unique names and emails", func(t *testing.T) { memberUnique(t, newFixture(t)) })
	run(t, "find for login", func(t *testing.T) { memberFindForLogin(t, newFixture(t)) })
	run(t, "update stores the change and its events", func(t *testing.T) { memberUpdate(t, newFixture(t)) })
	run(t, "failed update stores nothing", func(t *testing.T) { memberUpdateFails(t, newFixture(t)) })
	run(t, "update of a missing member", func(t *testing.T) { memberUpdateMissing(t, newFixture(t)) })
	run(t, "concurrent updates serialize", func(t *testing.T) { memberUpdateConcurrent(t, newFixture(t)) })
	run(t, "versions count stored changes", func(t *testing.T) { memberVersions(t, newFixture(t)) })
}

// register builds a newly registered member.
func register(t *testing.T, kind member.Kind, name, email string) *member.Member {
	t.Helper()
	m, err := member.Register(member.Registration{Kind: kind, Name: name, Email: email,
		PasswordHash: "$argon2id$hash-of-" + name}, epoch())
	require.NoError(t, err)
	return m
}

func addMember(t *testing.T, repo ports.MemberRepository, kind member.Kind, name, email string) *member.Member {
	t.Helper()
	m := register(t, kind, name, email)
	require.NoError(t, repo.Add(context.Background(), m))
	return m
}

func eventNames(events []OutboxEvent) []string {
	names := make([]string, len(events))
	for i, e := range events {
		names[i] = e.Name
	}
	return names
}

func memberRoundTrip(t *testing.T, f MemberFixture) {
	ctx := context.Background()
	created := epoch()
	want := member.Snapshot{
		ID: id.New(created), Kind: member.Enterprise, Name: "星河科技有限公司", Email: "office@xinghe.example",
		PasswordHash: "$argon2id$v=19$abc", Status: member.StatusActive, Number: "19141263",
		Level: member.LevelCouncil, RejectReason: "材料不全", MustChangePassword: true,
		ValidFrom:     time.Date(2019, 9, 21, 0, 0, 0, 0, cst()),
		ValidUntil:    time.Date(2020, 9, 20, 0, 0, 0, 0, cst()),
		ApprovalDocNo: "协会〔2019〕12号", CreatedAt: created, UpdatedAt: created.Add(36*time.Hour + 999),
		Version: 1, StatusReason: "拖欠会费，暂停会籍",
		EmailState: member.EmailState{VerifiedAt: created.Add(time.Hour + 7), VerifyMailAt: created.Add(50 * time.Minute),
			VerifyMails: 3, VerifyMailsSince: created.Add(time.Minute), AttemptMailAt: created.Add(2 * time.Hour)},
	}
	require.NoError(t, f.Repo.Add(ctx, member.Restore(want)))

	for _, load := range []func() (*member.Member, error){
		func() (*member.Member, error) { return f.Repo.Get(ctx, want.ID) },
		func() (*member.Member, error) { return f.Repo.FindByEmail(ctx, want.Email) },
	} {
		m, err := load()
		require.NoError(t, err)
		got := m.Snapshot()
		sameInstant(t, want.CreatedAt, got.CreatedAt, "created_at")
		sameInstant(t, want.UpdatedAt, got.UpdatedAt, "updated_at")
		assertSameDay(t, want.ValidFrom, got.ValidFrom, "valid_from")
		assertSameDay(t, want.ValidUntil, got.ValidUntil, "valid_until")
		we, ge := want.EmailState, got.EmailState
		sameInstant(t, we.VerifiedAt, ge.VerifiedAt, "email_verified_at")
		sameInstant(t, we.VerifyMailAt, ge.VerifyMailAt, "verify_mail_at")
		sameInstant(t, we.VerifyMailsSince, ge.VerifyMailsSince, "verify_mails_since")
		sameInstant(t, we.AttemptMailAt, ge.AttemptMailAt, "attempt_mail_at")
		got.CreatedAt, got.UpdatedAt, got.ValidFrom, got.ValidUntil = want.CreatedAt, want.UpdatedAt, want.ValidFrom, want.ValidUntil
		got.EmailState = member.EmailState{VerifiedAt: we.VerifiedAt, VerifyMailAt: we.VerifyMailAt,
			VerifyMails: ge.VerifyMails, VerifyMailsSince: we.VerifyMailsSince, AttemptMailAt: we.AttemptMailAt}
		assert.Equal(t, want, got)
	}
}

func assertSameDay(t *testing.T, want, got time.Time, what string) {
	t.Helper()
	wy, wm, wd := want.Date()
	gy, gm, gd := got.Date()
	assert.Equalf(t, [3]int{wy, int(wm), wd}, [3]int{gy, int(gm), gd}, "%s keeps its calendar day", what)
}

func memberRoundTripZero(t *testing.T, f MemberFixture) {
	ctx := context.Background()
	m := addMember(t, f.Repo, member.Individual, "张三", "zhangsan@example.com")
	got, err := f.Repo.Get(ctx, m.ID())
	require.NoError(t, err)
	s := got.Snapshot()
	assert.Equal(t, member.StatusRegistered, s.Status)
	assert.Equal(t, member.LevelIndividual, s.Level)
	assert.Empty(t, s.Number)
	assert.Empty(t, s.RejectReason)
	assert.Empty(t, s.ApprovalDocNo)
	assert.False(t, s.MustChangePassword)
	assert.True(t, s.ValidFrom.IsZero(), "no validity before approval")
	assert.True(t, s.ValidUntil.IsZero(), "no validity before approval")
	assert.True(t, s.EmailState.VerifiedAt.IsZero(), "a new account's address is not verified")
	assert.True(t, s.EmailState.AttemptMailAt.IsZero())
	assert.Equal(t, 1, s.EmailState.VerifyMails, "registration sends the first verification mail")
	sameInstant(t, epoch(), s.EmailState.VerifyMailAt, "verify_mail_at")
	assert.Empty(t, got.PullEvents(), "a loaded member has no pending events")
}

func memberMissing(t *testing.T, f MemberFixture) {
	ctx := context.Background()
	addMember(t, f.Repo, member.Individual, "张三", "zhangsan@example.com")
	m, err := f.Repo.Get(ctx, id.New(epoch()))
	requireKind(t, err, apperr.KindNotFound)
	assert.Nil(t, m)
	m, err = f.Repo.FindByEmail(ctx, "nobody@example.com")
	requireKind(t, err, apperr.KindNotFound)
	assert.Nil(t, m)
}

func memberAddEvents(t *testing.T, f MemberFixture) {
	m := addMember(t, f.Repo, member.Enterprise, "星河科技有限公司", "office@xinghe.example")
	events := f.Events(t)
	require.Equal(t, []string{"member.registered"}, eventNames(events))
	var payload struct {
		MemberID string `json:"member_id"`
		Email    string `json:"email"`
	}
	require.NoError(t, json.Unmarshal(events[0].Payload, &payload))
	assert.Equal(t, m.ID(), payload.MemberID)
	assert.Equal(t, "office@xinghe.example", payload.Email)
	assert.Empty(t, m.PullEvents(), "Add took the events from the aggregate")
}

func memberUnique(t *testing.T, f MemberFixture) {
	ctx := context.Background()
	addMember(t, f.Repo, member.Enterprise, "星河科技有限公司", "office@xinghe.example")

	err := f.Repo.Add(ctx, register(t, member.Enterprise, "星河科技有限公司", "other@xinghe.example"))
	requireFieldConflict(t, err, "name")
	taken, err := f.Repo.EmailTaken(ctx, "other@xinghe.example")
	require.NoError(t, err)
	assert.False(t, taken, "a rejected member is not stored")

	err = f.Repo.Add(ctx, register(t, member.Enterprise, "月亮湾贸易有限公司", "office@xinghe.example"))
	requireFieldConflict(t, err, "email")
	taken, err = f.Repo.NameTaken(ctx, member.Enterprise, "月亮湾贸易有限公司")
	require.NoError(t, err)
	assert.False(t, taken, "a rejected member is not stored")

	// The same name is fine for the other kind of member.
	addMember(t, f.Repo, member.Individual, "星河科技有限公司", "person@example.com")
	for _, kind := range []member.Kind{member.Enterprise, member.Individual} {
		taken, err := f.Repo.NameTaken(ctx, kind, "星河科技有限公司")
		require.NoError(t, err)
		assert.True(t, taken, kind)
	}
	taken, err = f.Repo.EmailTaken(ctx, "office@xinghe.example")
	require.NoError(t, err)
	assert.True(t, taken)

	assert.Equal(t, []string{"member.registered", "member.registered"}, eventNames(f.Events(t)),
		"failed adds write no events")
}

func memberFindForLogin(t *testing.T, f MemberFixture) {
	ctx := context.Background()
	ent := member.Snapshot{ID: id.New(epoch()), Kind: member.Enterprise, Name: "星河科技有限公司",
		Email: "office@xinghe.example", PasswordHash: "h", Status: member.StatusApproved,
		Number: "19141263", Level: member.LevelOrdinary, CreatedAt: epoch(), UpdatedAt: epoch()}
	require.NoError(t, f.Repo.Add(ctx, member.Restore(ent)))
	person := addMember(t, f.Repo, member.Individual, "星河科技有限公司", "person@example.com")

	tests := []struct {
		login string
		want  []string
	}{
		{"19141263", []string{ent.ID}},
		{"星河科技有限公司", []string{ent.ID, person.ID()}}, // one per kind: enterprise, individual
		{"GR190037", nil},
		{"没有这个人", nil},
	}
	for _, tc := range tests {
		got, err := f.Repo.FindForLogin(ctx, tc.login)
		require.NoError(t, err, tc.login)
		require.NotNil(t, got, "an empty slice, not nil")
		ids := make([]string, 0, len(got))
		for _, m := range got {
			ids = append(ids, m.ID())
		}
		assert.Equal(t, append([]string{}, tc.want...), ids, tc.login)
	}
}
