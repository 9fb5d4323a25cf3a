package command

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/bulknotice"
	"github.com/openassoc/membership/core/domain/notification"
	"github.com/openassoc/membership/core/i18n"
	"github.com/openassoc/membership/ports"
)

// BulkNoticesLease is the lease that lets one instance at a time dispatch.
const BulkNoticesLease = "bulk_notices"

// Defaults of the dispatcher.
const (
	DefaultBulkRatePerMinute = 600
	DefaultBulkBatchSize     = 100
)

// BulkDispatchOptions tune the dispatcher. Zero fields take the defaults.
type BulkDispatchOptions struct {
	// RatePerMinute bounds the deliveries handed to the mail queue: in the
	// n-th minute since a campaign started at most n × RatePerMinute of its
	// recipients are done (default 600).
	RatePerMinute int
	// BatchSize is how many recipients one transaction delivers (default 100).
	BatchSize int
	// BaseURL is the site's address, for the email's link to the portal.
	BaseURL string
	// AssociationName signs the email.
	AssociationName string
}

// BulkDispatchResult is what one run did.
type BulkDispatchResult struct {
	Campaign  string // the campaign worked on ("" for none)
	Delivered int    // recipients marked sent
	Failed    int    // recipients marked failed
	// Limited tells that the send rate held back pending recipients.
	Limited bool
}

// DispatchBulkNoticesHandler delivers pending recipients of bulk notices: the
// in-portal notification and the email (through the durable mail queue), then
// marks them. Each step is keyed per campaign and member (the notification's
// key, the mail queue's idempotency key, only pending recipients are marked),
// so a batch retried after a crash between the steps stores no second
// notification or email.
type DispatchBulkNoticesHandler struct {
	p    BulkNoticePorts
	opts BulkDispatchOptions
}

// NewDispatchBulkNoticesHandler builds the dispatcher.
func NewDispatchBulkNoticesHandler(p BulkNoticePorts, opts BulkDispatchOptions) *DispatchBulkNoticesHandler {
	if opts.RatePerMinute <= 0 {
		opts.RatePerMinute = DefaultBulkRatePerMinute
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultBulkBatchSize
	}
	opts.BaseURL = strings.TrimRight(opts.BaseURL, "/")
	return &DispatchBulkNoticesHandler{p: p, opts: opts}
}

// Handle delivers one batch of the oldest campaign with pending recipients,
// within the send rate, if holder gets the lease.
func (h *DispatchBulkNoticesHandler) Handle(ctx context.Context, holder string) (BulkDispatchResult, error) {
	now := h.p.Clock.Now()
	// A read first: an idle dispatcher writes nothing (no lease taken).
	c, ok, err := h.p.Notices.NextPending(ctx)
	if err != nil || !ok {
		return BulkDispatchResult{}, err
	}
	if h.p.Leases != nil {
		ok, err := h.p.Leases.Acquire(ctx, BulkNoticesLease, holder, now, time.Minute)
		if err != nil || !ok {
			return BulkDispatchResult{}, err
		}
	}
	res := BulkDispatchResult{Campaign: c.ID}
	if c.StartedAt.IsZero() {
		if err := h.p.Notices.Start(ctx, c.ID, now); err != nil {
			return res, err
		}
		c.StartedAt = now
	}
	progress, err := h.p.Notices.Progress(ctx, c.ID)
	if err != nil {
		return res, err
	}
	minutes := max(int(now.Sub(c.StartedAt)/time.Minute), 0) + 1
	quota := minutes*h.opts.RatePerMinute - progress.Sent - progress.Failed
	size := min(quota, h.opts.BatchSize)
	if size <= 0 {
		res.Limited = true
		return res, nil
	}
	batch, err := h.p.Notices.Pending(ctx, c.ID, size)
	if err != nil {
		return res, err
	}
	res.Limited = quota < progress.Pending
	res.Delivered, res.Failed, err = h.deliver(ctx, c, batch, now)
	return res, err
}

// deliver hands a batch over and marks it.
func (h *DispatchBulkNoticesHandler) deliver(ctx context.Context, c bulknotice.Campaign,
	batch []bulknotice.Recipient, now time.Time) (int, int, error) {
	var sent, failed []string
	for _, r := range batch {
		ok, err := h.deliverOne(ctx, c, r, now)
		if err != nil {
			return 0, 0, err
		}
		if ok {
			sent = append(sent, r.MemberID)
		} else {
			failed = append(failed, r.MemberID)
		}
	}
	ns, err := h.p.Notices.Mark(ctx, c.ID, sent, bulknotice.Sent, now)
	if err != nil {
		return 0, 0, err
	}
	nf, err := h.p.Notices.Mark(ctx, c.ID, failed, bulknotice.Failed, now)
	if err != nil {
		return 0, 0, err
	}
	return ns, nf, nil
}

// deliverOne stores the notification and queues the email of one member; it
// reports false when the notice can reach the member by no channel.
func (h *DispatchBulkNoticesHandler) deliverOne(ctx context.Context, c bulknotice.Campaign, r bulknotice.Recipient,
	now time.Time) (bool, error) {
	reached := false
	if c.Portal {
		n, err := notification.New(r.MemberID, bulknotice.NotificationKey(c.ID, r.MemberID),
			notification.CategoryNotice, c.Text(), now)
		if err != nil {
			return false, apperr.Internal(err)
		}
		if _, err := h.p.Notifications.Add(ctx, n); err != nil {
			return false, fmt.Errorf("bulk notice %s: notification: %w", c.ID, err)
		}
		reached = true
	}
	if c.Email && r.Email != "" {
		locale, err := h.localeOf(ctx, r.MemberID)
		if err != nil {
			return false, fmt.Errorf("bulk notice %s: %w", c.ID, err)
		}
		text := h.mailText(c, r)
		if locale == i18n.English {
			text = h.englishMailText(c, r)
		}
		err = h.p.Mailer.Send(ctx, ports.Message{To: []string{r.Email}, Subject: c.Subject,
			Text: text, Key: bulknotice.MailKey(c.ID, r.MemberID), Locale: locale})
		switch {
		case errors.Is(err, ports.ErrUndeliverable):
		case err != nil:
			return false, fmt.Errorf("bulk notice %s: mail: %w", c.ID, err)
		default:
			reached = true
		}
	}
	return reached, nil
}

// mailText is the plain text of a member's email (the HTML alternative is
// laid out from it with the association's logo and footer).
func (h *DispatchBulkNoticesHandler) mailText(c bulknotice.Campaign, r bulknotice.Recipient) string {
	var b strings.Builder
	b.WriteString(notification.Subject(r.Individual, r.Name) + "：\n\n")
	b.WriteString(c.Body + "\n\n")
	if h.opts.BaseURL != "" {
		fmt.Fprintf(&b, "登录会员系统查看更多：%s/login\n\n", h.opts.BaseURL)
	}
	if h.opts.AssociationName != "" {
		b.WriteString(h.opts.AssociationName + "\n")
	}
	return b.String()
}
