package payment_test

import (
	"testing"

	"github.com/openassoc/membership/core/domain/payment"
)

// Tables print amounts with thousands separators and both decimals.
func TestYuanTable(t *testing.T) {
	for fen, want := range map[int64]string{
		500000: "¥5,000.00", 48050: "¥480.50", 0: "¥0.00", 7: "¥0.07", 100000000: "¥1,000,000.00",
		-1234567: "-¥12,345.67", 99999: "¥999.99",
	} {
		if got := payment.YuanTable(fen); got != want {
			t.Errorf("YuanTable(%d) = %q, want %q", fen, got, want)
		}
	}
}
