package query_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/memstore"
	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/feesettings"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/core/domain/staff"
)

// env is the world of one query test: an in-memory store, a clock that stands
// still until the test moves it, the shipped policy and stand-ins for the
// ports that are no storage.
type env struct {
	t      *testing.T
	ctx    context.Context
	clock  *apptest.Clock
	store  *memstore.Store
	policy apptest.Policy
	files  *apptest.Files
}

func newEnv(t *testing.T) *env {
	t.Helper()
	clock := apptest.NewClock(apptest.Epoch())
	return &env{t: t, ctx: context.Background(), clock: clock, store: memstore.New(clock),
		policy: apptest.ShippedPolicy(), files: apptest.NewFiles()}
}

// member stores a member of kind named name, moved to status by the domain's
// methods (see apptest.NewMember).
func (e *env) member(kind member.Kind, name string, status member.Status) *member.Member {
	e.t.Helper()
	return apptest.AddMember(e.t, e.store.Members(), kind, name, status, e.clock.Now())
}

// update changes a stored member with fn.
func (e *env) update(m *member.Member, fn func(m *member.Member) error) {
	e.t.Helper()
	require.NoError(e.t, e.store.Members().Update(e.ctx, m.ID(), func(_ context.Context, m *member.Member) error {
		return fn(m)
	}))
}

// staff stores a staff account of role and returns its principal.
func (e *env) staff(username string, role access.Role) access.Principal {
	e.t.Helper()
	s, err := staff.New(username, "", "", role, "h", e.clock.Now())
	require.NoError(e.t, err)
	require.NoError(e.t, e.store.Staff().Add(e.ctx, s))
	return access.Principal{Kind: access.PrincipalStaff, ID: s.ID(), Role: role}
}

// settings is the fee settings source on the store, with the manual's fees.
func (e *env) settings() *feesettings.Source {
	return feesettings.NewSource(e.store.Settings(), payment.Fees{}, payment.Payee{})
}

// claim opens m's claim of method (with voucher v for MethodVoucher) for the
// fee it owes, as ClaimPayment would, and returns it.
func (e *env) claim(m *member.Member, v payment.Voucher) *payment.Payment {
	e.t.Helper()
	purpose, ok := payment.PurposeFor(m.Status())
	require.True(e.t, ok, "%s owes nothing", m.Name())
	method := payment.MethodTransfer
	if v.Present() {
		method = payment.MethodVoucher
	}
	p, err := payment.NewClaim(m.ID(), purpose, method, payment.DefaultFees.For(m.Kind(), m.Level()), v, e.clock.Now())
	require.NoError(e.t, err)
	require.NoError(e.t, e.store.Members().Update(e.ctx, m.ID(), func(ctx context.Context, m *member.Member) error {
		if purpose == payment.PurposeRenewal {
			if err := m.ClaimRenewal(e.clock.Now()); err != nil {
				return err
			}
		} else if err := m.ClaimPayment(e.clock.Now()); err != nil {
			return err
		}
		return e.store.Payments().Add(ctx, p)
	}))
	return p
}

// confirm books p (of member m) as finance would: paid today with bankRef.
func (e *env) confirm(m *member.Member, p *payment.Payment, bankRef string) {
	e.t.Helper()
	require.NoError(e.t, e.store.Members().Update(e.ctx, m.ID(), func(ctx context.Context, m *member.Member) error {
		now := e.clock.Now()
		if err := p.Confirm(payment.Receipt{AmountFen: p.AmountFen(), PaidOn: now, BankRef: bankRef,
			Source: payment.SourceFinance, StaffID: "staff-finance"}, now); err != nil {
			return err
		}
		if err := m.ConfirmFee(member.Fee{PaymentID: p.ID(), AmountFen: p.AmountFen()}, now); err != nil {
			return err
		}
		if err := m.ForwardToSecretariat(now); err != nil {
			return err
		}
		return e.store.Payments().Save(ctx, p)
	}))
}

// reject returns m's claim p with reason, as finance would.
func (e *env) reject(m *member.Member, p *payment.Payment, reason string) {
	e.t.Helper()
	require.NoError(e.t, e.store.Members().Update(e.ctx, m.ID(), func(ctx context.Context, m *member.Member) error {
		if err := p.Reject(reason, "staff-finance", e.clock.Now()); err != nil {
			return err
		}
		if err := m.RejectPaymentClaim(reason, e.clock.Now()); err != nil {
			return err
		}
		return e.store.Payments().Save(ctx, p)
	}))
}

// order opens m's online order, as StartOnlinePayment would.
func (e *env) order(m *member.Member) *payment.Payment {
	e.t.Helper()
	o, err := payment.NewOrder(m.ID(), payment.PurposeJoin, payment.DefaultFees.Individual, e.clock.Now())
	require.NoError(e.t, err)
	require.NoError(e.t, e.store.Members().Update(e.ctx, m.ID(), func(ctx context.Context, _ *member.Member) error {
		return e.store.Payments().Add(ctx, o)
	}))
	return o
}

// wantErr asserts that err is an apperr of kind with code.
func wantErr(t *testing.T, err error, kind apperr.Kind, code string) {
	t.Helper()
	require.Error(t, err)
	e := apperr.As(err)
	assert.Equal(t, kind.String(), e.Kind.String(), "kind of %v", err)
	assert.Equal(t, code, e.Code, "code of %v", err)
}

// fieldCodes maps the fields of an Invalid error to their codes.
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
