package membership

import "errors"

// MoneyConfig configures how finance books the money that arrives.
type MoneyConfig struct {
	// BankFeeToleranceFen is the shortfall, in fen, that finance may still
	// confirm as the fee paid in full (bank fees deducted on the way, recorded
	// as such); zero takes the default ¥50 (5000), a negative value demands the
	// exact amount.
	BankFeeToleranceFen int64
}

// checkMoney checks the money configuration: the tolerance is at most ¥1000.
func (c *Config) checkMoney() error {
	if c.Money.BankFeeToleranceFen > 100000 {
		return errors.New("membership: Money.BankFeeToleranceFen must not exceed 100000 (¥1000)")
	}
	return nil
}
