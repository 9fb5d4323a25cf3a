package membership

import (
	"fmt"

	"github.com/openassoc/membership/core/app/command"
)

// InvoiceConfig configures invoices.
type InvoiceConfig struct {
	// AdvanceReminderDays are the days after an advance invoice's (借发票)
	// expected payment day on which the member is reminded, in-portal and by
	// email, once each, while the fee is unpaid; default 0 and 30. The renewal
	// scheduler (Renewal.SweepEvery) sends them.
	AdvanceReminderDays []int
}

// checkInvoices fills in and checks the invoice configuration.
func (c *Config) checkInvoices() error {
	if c.Invoices.AdvanceReminderDays == nil {
		c.Invoices.AdvanceReminderDays = append([]int(nil), command.DefaultAdvanceReminderDays...)
	}
	for _, d := range c.Invoices.AdvanceReminderDays {
		if d < 0 || d > 365 {
			return fmt.Errorf("membership: Invoices.AdvanceReminderDays: %d is not between 0 and 365", d)
		}
	}
	return nil
}
