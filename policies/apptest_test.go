package policies_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/domain/access"
)

// TestUseCaseTestsAskTheShippedPolicy: the table the use-case tests of core/app
// ask instead of Casbin (apptest.ShippedPolicy) answers every role × object ×
// action question as the embedded policy does.
func TestUseCaseTestsAskTheShippedPolicy(t *testing.T) {
	t.Parallel()
	e := newEnforcer(t)
	table := apptest.ShippedPolicy()
	for _, role := range access.AllRoles() {
		for _, obj := range objects {
			for _, act := range actions {
				want, err := e.Enforce(string(role), obj, act)
				require.NoError(t, err)
				got, err := table.Allowed(role, obj, act)
				require.NoError(t, err)
				assert.Equal(t, want, got, "%s %s:%s", role, obj, act)
			}
		}
	}
}
