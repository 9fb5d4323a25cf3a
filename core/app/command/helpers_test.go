package command_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/memstore"
	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/feesettings"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/core/domain/staff"
)

// env is the world of one use-case test: an in-memory store, a clock that
// stands still until the test moves it, the shipped policy and stand-ins for
// the ports that are no storage.
type env struct {
	t       *testing.T
	ctx     context.Context
	clock   *apptest.Clock
	store   *memstore.Store
	policy  apptest.Policy
	files   *apptest.Files
	captcha *command.Captcha
}

func newEnv(t *testing.T) *env {
	t.Helper()
	clock := apptest.NewClock(apptest.Epoch())
	store := memstore.New(clock)
	return &env{t: t, ctx: context.Background(), clock: clock, store: store, policy: apptest.ShippedPolicy(),
		files: apptest.NewFiles(), captcha: command.NewCaptcha(store.Tokens(), apptest.Imager{}, store.LoginAttempts(),
			clock, command.CaptchaOptions{TestMode: true})}
}

// member stores a member of kind named name, moved to status by the domain's
// methods (see apptest.NewMember).
func (e *env) member(kind member.Kind, name string, status member.Status) *member.Member {
	e.t.Helper()
	return apptest.AddMember(e.t, e.store.Members(), kind, name, status, e.clock.Now())
}

// get loads a member as stored.
func (e *env) get(id string) *member.Member {
	e.t.Helper()
	m, err := e.store.Members().Get(e.ctx, id)
	require.NoError(e.t, err)
	return m
}

// pass solves a slider challenge for the form of purpose and returns its
// single-use pass token.
func (e *env) pass(purpose captcha.Purpose) string {
	e.t.Helper()
	ch, err := e.captcha.Issue(e.ctx, command.IssueCaptcha{Purpose: purpose})
	require.NoError(e.t, err)
	e.clock.Advance(time.Second)
	token, err := e.captcha.Verify(e.ctx, ch.ID, captcha.Answer{X: *ch.TargetX, Duration: 500 * time.Millisecond})
	require.NoError(e.t, err)
	return token
}

// throttle is the login throttle with the default limits.
func (e *env) throttle() *command.Throttle {
	return command.NewThrottle(e.store.LoginAttempts(), e.clock, auth.AccountThrottle, auth.AddressThrottle)
}

// settings is the fee settings source on the store (writable), with the
// manual's fees and payee.
func (e *env) settings() *feesettings.Source {
	return feesettings.NewSource(e.store.Settings(), payment.Fees{}, payment.Payee{})
}

// eventNames lists the names of the events recorded after the first skip.
func (e *env) eventNames(skip int) []string {
	var out []string
	for _, ev := range e.store.Events()[skip:] {
		out = append(out, ev.Name)
	}
	return out
}

// state is what a refused request must leave as it was: the members named,
// the recorded events and the stored files.
type state struct {
	members []member.Snapshot
	events  int
	files   []string
	audit   int // entries in the audit log
}

// state takes the state of the members with ids.
func (e *env) state(ids ...string) state {
	e.t.Helper()
	s := state{events: len(e.store.Events()), files: e.files.Keys(), audit: e.auditCount()}
	for _, id := range ids {
		s.members = append(s.members, e.get(id).Snapshot())
	}
	return s
}

// unchanged asserts that nothing of before changed.
func (e *env) unchanged(before state, ids ...string) {
	e.t.Helper()
	assert.Equal(e.t, before, e.state(ids...), "a refused request stores nothing")
}

// wantErr asserts that err is an apperr of kind with code.
func wantErr(t *testing.T, err error, kind apperr.Kind, code string) {
	t.Helper()
	require.Error(t, err)
	e := apperr.As(err)
	assert.Equal(t, kind.String(), e.Kind.String(), "kind of %v", err)
	assert.Equal(t, code, e.Code, "code of %v", err)
}

// fieldCodes maps the fields of an Invalid (or Conflict) error to their codes.
func fieldCodes(err error) map[string]string {
	out := map[string]string{}
	if err == nil {
		return out
	}
	for _, f := range apperr.As(err).Fields {
		out[f.Field] = f.Code
	}
	return out
}

// dropSessions ends every stored session and reports how many there were (it
// changes the store: call it last).
func (e *env) dropSessions() int {
	e.t.Helper()
	n, err := e.store.Sessions().DeleteExpired(e.ctx, e.clock.Now().AddDate(100, 0, 0))
	require.NoError(e.t, err)
	return n
}

// staff stores a staff account of role named username (password
// apptest.Password) and returns its principal.
func (e *env) staff(username string, role access.Role) access.Principal {
	e.t.Helper()
	hash, _ := apptest.Hasher{}.Hash(apptest.Password)
	s, err := staff.New(username, "", "", role, hash, e.clock.Now())
	require.NoError(e.t, err)
	require.NoError(e.t, e.store.Staff().Add(e.ctx, s))
	return access.Principal{Kind: access.PrincipalStaff, ID: s.ID(), Role: role}
}

// payment loads a payment as stored.
func (e *env) payment(id string) *payment.Payment {
	e.t.Helper()
	p, err := e.store.Payments().Get(e.ctx, id)
	require.NoError(e.t, err)
	return p
}

// paymentsOf lists a member's payments as stored, newest first.
func (e *env) paymentsOf(memberID string) []*payment.Payment {
	e.t.Helper()
	ps, err := e.store.Payments().ListForMember(e.ctx, memberID, 50)
	require.NoError(e.t, err)
	return ps
}
