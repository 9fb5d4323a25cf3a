package app_test

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/memstore"
	"github.com/openassoc/membership/core/app"
	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/ports"
)

func newCore(policy ports.Authorizer) *app.Core {
	clock := apptest.NewClock(apptest.Epoch())
	s := memstore.New(clock)
	return app.New(app.Deps{Members: s.Members(), Staff: s.Staff(), Sessions: s.Sessions(), Tokens: s.Tokens(),
		LoginAttempts: s.LoginAttempts(), Sequences: s.Sequences(), Hasher: apptest.Hasher{},
		CaptchaImager: apptest.Imager{}, Authorizer: policy, Clock: clock, Files: apptest.NewFiles(),
		Applications: s.Applications(), Notifications: s.Notifications(), HandledEvents: s.HandledEvents(),
		WorkQueues: s.WorkQueues(), Payments: s.Payments(), Statements: s.Statements(), Lookup: s.Lookup(),
		Renewals: s.Lookup(), Leases: s.Leases(), Tx: s.Transactor(), Settings: s.Settings(),
		Directory: s.Directory(nil), History: s.History(), Audit: s.AuditLog(),
		Reports: s.Reports(nil), PublicLookup: s.PublicLookup(), Articles: s.Articles(),
		LegacyImports: s.LegacyImports()}, app.Options{})
}

// New wires every command and query the table of contents lists.
func TestNewWiresEveryUseCase(t *testing.T) {
	t.Parallel()
	c := newCore(apptest.ShippedPolicy())
	for _, group := range []any{c.Commands, c.Queries} {
		v := reflect.ValueOf(group)
		for i := range v.NumField() {
			assert.False(t, v.Field(i).IsNil(), "%s.%s is not wired", v.Type().Name(), v.Type().Field(i).Name)
		}
	}
	assert.NotNil(t, c.Captcha)
	assert.NotEmpty(t, c.EventHandlers)
	assert.NotNil(t, c.Clock)
}

// Can is the core's answer to what a page may offer: the authorization table
// with the policy, for the principal's own records. A policy that cannot
// answer, or none, is an Internal error.
func TestCan(t *testing.T) {
	t.Parallel()
	c := newCore(apptest.ShippedPolicy())
	member := access.Principal{Kind: access.PrincipalMember, ID: "m1", Role: access.RoleIndividual}
	cases := []struct {
		p    access.Principal
		a    access.Action
		want bool
	}{
		{apptest.StaffOf(access.RoleFinance), access.ConfirmPayment, true},
		{apptest.StaffOf(access.RoleReviewer), access.ConfirmPayment, false},
		{apptest.StaffOf(access.RoleAdmin), access.ManageSettings, true},
		{apptest.StaffOf(access.RoleSecretariat), access.ManageSettings, false},
		{member, access.PayOwnFees, true},
		{member, access.ReadPayment, true},
		{member, access.OpenBackOffice, false},
		{access.Guest, access.ChangeOwnPassword, false},
	}
	for _, tc := range cases {
		got, err := c.Can(tc.p, tc.a)
		require.NoError(t, err)
		assert.Equal(t, tc.want, got, "%s %s", tc.p.Role, tc.a)
	}

	for _, policy := range []ports.Authorizer{apptest.BrokenPolicy{}, nil} {
		_, err := newCore(policy).Can(apptest.StaffOf(access.RoleFinance), access.ConfirmPayment)
		assert.True(t, apperr.IsKind(err, apperr.KindInternal), "%v", err)
	}
}
