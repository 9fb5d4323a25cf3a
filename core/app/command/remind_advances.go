package command

import (
	"context"
	"fmt"
	"strconv"

	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/core/domain/notification"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// DefaultAdvanceReminderDays are the days after an advance's expected
// payment day on which its member is reminded: the day itself and 30 days on.
var DefaultAdvanceReminderDays = []int{0, 30}

// RemindAdvancesHandler reminds members of their unpaid advance invoices.
type RemindAdvancesHandler struct {
	p    InvoicePorts
	days []int
}

// NewRemindAdvancesHandler builds the handler; days are the reminders' days
// after the expected payment day (nil: DefaultAdvanceReminderDays).
func NewRemindAdvancesHandler(p InvoicePorts, days []int) *RemindAdvancesHandler {
	if days == nil {
		days = DefaultAdvanceReminderDays
	}
	return &RemindAdvancesHandler{p: p, days: days}
}

// remindPage is how many advances one query reads.
const remindPage = 500

// Handle sends, for every open advance whose expected day plus a reminder's
// days has come, that reminder: a notification and an email, each once (their
// keys name the advance and the reminder, so a rerun — or another instance —
// adds none twice: the email goes out with the notification's first adding,
// and the mail queue keeps one message per key as well). It returns how many advances it looked at.
func (h *RemindAdvancesHandler) Handle(ctx context.Context) (int, error) {
	today := h.p.today()
	seen := 0
	for _, d := range h.days {
		for offset := 0; ; offset += remindPage {
			rows, _, err := h.p.Invoices.List(ctx, ports.InvoiceFilter{Advance: invoice.AdvanceOpen,
				Overdue: today.AddDate(0, 0, 1-d), Limit: remindPage, Offset: offset})
			if err != nil {
				return seen, fmt.Errorf("remind advances: %w", err)
			}
			for _, r := range rows {
				seen++
				if err := h.remind(ctx, r, d); err != nil {
					return seen, err
				}
			}
			if len(rows) < remindPage {
				break
			}
		}
	}
	return seen, nil
}

// remind sends reminder d of advance r.
func (h *RemindAdvancesHandler) remind(ctx context.Context, r *invoice.Request, d int) error {
	key := "advance.reminder:" + r.ID() + ":" + strconv.Itoa(d)
	subject, m, err := h.p.subjectOf(ctx, r)
	if err != nil {
		return err
	}
	due := r.Advance().ExpectedOn.Format("2006-01-02")
	text := fmt.Sprintf("%s借用的会费发票（发票号码 %s，%s）已过预计缴费日期 %s，请尽快缴纳会费", subject,
		r.Issued().Number, payment.Yuan(r.AmountFen()), due)
	if h.p.Notifications != nil {
		n, err := notification.New(r.MemberID(), key, notification.CategoryPayment, text, h.p.Clock.Now())
		if err != nil {
			return fmt.Errorf("advance reminder: %w", err)
		}
		added, err := h.p.Notifications.Add(ctx, n)
		if err != nil {
			return fmt.Errorf("advance reminder: %w", err)
		}
		if !added {
			return nil // sent already (by an earlier run or another instance)
		}
	}
	if h.p.Mailer == nil || m.Email() == "" {
		return nil
	}
	msg := ports.Message{To: []string{m.Email()}, Subject: "借发票回款提醒", Key: key,
		Text: fmt.Sprintf("您好：\n\n%s。\n\n缴费后借发票将自动核销。如已缴费，请忽略本邮件。\n", text)}
	if err := h.p.Mailer.Send(ctx, msg); err != nil {
		return fmt.Errorf("advance reminder email: %w", err)
	}
	return nil
}
