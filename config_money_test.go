package membership

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The bank-fee tolerance is capped at ¥1000; zero (the default) and a negative
// value (exact amounts) pass.
func TestMoneyConfig(t *testing.T) {
	t.Parallel()
	for _, fen := range []int64{0, -1, 5000, 100000} {
		c := Config{Money: MoneyConfig{BankFeeToleranceFen: fen}}
		require.NoError(t, c.checkMoney(), fen)
	}
	c := Config{Money: MoneyConfig{BankFeeToleranceFen: 100001}}
	assert.ErrorContains(t, c.checkMoney(), "BankFeeToleranceFen")
}
