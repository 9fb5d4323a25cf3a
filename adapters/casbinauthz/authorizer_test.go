package casbinauthz_test

import (
	"sync"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/casbinauthz"
	"github.com/openassoc/membership/core/domain/access"
)

func TestAllowedDefaultPolicy(t *testing.T) {
	t.Parallel()
	a, err := casbinauthz.New()
	require.NoError(t, err)
	tests := []struct {
		name string
		role access.Role
		obj  string
		act  string
		want bool
	}{
		{"guest reads public", access.RoleGuest, access.ObjPublic, access.ActRead, true},
		{"guest no member home", access.RoleGuest, access.ObjMemberHome, access.ActRead, false},
		{"enterprise submits", access.RoleEnterprise, access.ObjApplication, access.ActSubmit, true},
		{"council inherits invoice", access.RoleCouncil, access.ObjInvoice, access.ActWrite, true},
		{"individual asks for invoices", access.RoleIndividual, access.ObjInvoice, access.ActWrite, true},
		{"individual issues no invoice", access.RoleIndividual, access.ObjInvoice, access.ActConfirm, false},
		{"finance confirms", access.RoleFinance, access.ObjPayment, access.ActConfirm, true},
		{"finance no approve", access.RoleFinance, access.ObjMembership, access.ActApprove, false},
		{"finance no review", access.RoleFinance, access.ObjApplication, access.ActReview, false},
		{"member no confirm", access.RoleEnterprise, access.ObjPayment, access.ActConfirm, false},
		{"reviewer no confirm", access.RoleReviewer, access.ObjPayment, access.ActConfirm, false},
		{"secretariat approves", access.RoleSecretariat, access.ObjMembership, access.ActApprove, true},
		{"admin manages staff", access.RoleAdmin, access.ObjStaff, access.ActManage, true},
		{"admin confirms via finance", access.RoleAdmin, access.ObjPayment, access.ActConfirm, true},
		{"abstract role denied", "member_base", access.ObjMemberHome, access.ActRead, false},
		{"empty role denied", "", access.ObjPublic, access.ActRead, false},
		{"unknown object denied", access.RoleAdmin, "nuclear", access.ActManage, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// The second answer comes from the decision cache and must agree.
			for range 2 {
				got, err := a.Allowed(tc.role, tc.obj, tc.act)
				require.NoError(t, err)
				assert.Equal(t, tc.want, got)
			}
		})
	}
}

func TestHostPolicy(t *testing.T) {
	t.Parallel()
	// A host that lets finance approve memberships too, written with CRLF,
	// comments and loose spacing.
	custom := "# host policy\r\n" +
		"p,finance ,membership, approve\r\n" +
		"  g, admin, finance\r\n\r\n"
	fsys := fstest.MapFS{"authz/policy.csv": {Data: []byte(custom)}}
	tests := []struct {
		name string
		opt  casbinauthz.Option
	}{
		{"string", casbinauthz.WithPolicy(custom)},
		{"fs", casbinauthz.WithPolicyFS(fsys, "authz/policy.csv")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a, err := casbinauthz.New(tc.opt)
			require.NoError(t, err)
			ok, err := a.Allowed(access.RoleFinance, access.ObjMembership, access.ActApprove)
			require.NoError(t, err)
			assert.True(t, ok, "the host policy grants it")
			ok, err = a.Allowed(access.RoleAdmin, access.ObjMembership, access.ActApprove)
			require.NoError(t, err)
			assert.True(t, ok, "inherited in the host policy")
			ok, err = a.Allowed(access.RoleFinance, access.ObjPayment, access.ActConfirm)
			require.NoError(t, err)
			assert.False(t, ok, "the embedded policy is replaced, not merged")
		})
	}
}

func TestNewRejectsBrokenConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		opt     casbinauthz.Option
		wantErr string
	}{
		{"empty policy", casbinauthz.WithPolicy(""), "no rules"},
		{"only comments", casbinauthz.WithPolicy("# nothing\n\n"), "no rules"},
		{"only groupings", casbinauthz.WithPolicy("g, admin, finance"), "no rules"},
		{"short rule", casbinauthz.WithPolicy("p, finance, payment"), "line 1"},
		{"long rule", casbinauthz.WithPolicy("p, a, b, c\np, finance, payment, confirm, x"), "line 2"},
		{"empty field", casbinauthz.WithPolicy("p, finance, , confirm"), "empty field"},
		{"unknown type", casbinauthz.WithPolicy("x, finance, payment, confirm"), "line 1"},
		{"missing file", casbinauthz.WithPolicyFS(fstest.MapFS{}, "policy.csv"), "read policy"},
		{"bad model", casbinauthz.WithModel("[request_definition]\nr = sub, obj, act\n"), "model"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a, err := casbinauthz.New(tc.opt)
			require.Error(t, err)
			assert.Nil(t, a)
			assert.Contains(t, err.Error(), tc.wantErr)
		})
	}
}

// TestConcurrentUse is meant for -race: many goroutines ask at once.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	a, err := casbinauthz.New()
	require.NoError(t, err)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			role := access.AllRoles()[i%len(access.AllRoles())]
			for range 50 {
				got, err := a.Allowed(role, access.ObjPayment, access.ActConfirm)
				if err != nil {
					errs <- err
					return
				}
				want := role == access.RoleFinance || role == access.RoleAdmin
				if got != want {
					errs <- assert.AnError
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
}
