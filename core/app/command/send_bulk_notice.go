package command

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/bulknotice"
	"github.com/openassoc/membership/ports"
)

// SendBulkNotice is staff sending a bulk notice (群发通知) to the members the
// registry's filters select.
type SendBulkNotice struct {
	Principal access.Principal
	Filters   query.MemberFilters
	Subject   string
	Body      string
	Portal    bool // in-portal notification (通知提醒)
	Email     bool // email through the mail queue
	// RequestKey is the form's idempotency key: sending the same form twice
	// (a double click, a retried request) makes one campaign.
	RequestKey string
}

// BulkNoticePorts are the ports of the bulk notices.
type BulkNoticePorts struct {
	Notices       ports.BulkNotices
	Notifications ports.NotificationRepository
	Mailer        ports.Mailer
	Leases        ports.Leases
	Tx            ports.Transactor
	Authz         ports.Authorizer
	Clock         ports.Clock
	Audit         *Auditor
	Loc           *time.Location
	// Locales are the members' language settings: the email's frame
	// (greeting, link, signature) follows them; nil is zh-CN for all.
	Locales ports.MemberLocales
}

// SendBulkNoticeHandler stores the campaign and its recipients; the
// dispatcher (DispatchBulkNoticesHandler) delivers them.
type SendBulkNoticeHandler struct{ p BulkNoticePorts }

// NewSendBulkNoticeHandler builds the handler.
func NewSendBulkNoticeHandler(p BulkNoticePorts) *SendBulkNoticeHandler {
	return &SendBulkNoticeHandler{p: p}
}

// Handle checks the message and the filters, then in one transaction stores
// the campaign, a pending recipient per selected member and the audit entry.
// A filter selecting nobody is refused with nothing stored; a request key
// already used returns that campaign unchanged.
func (h *SendBulkNoticeHandler) Handle(ctx context.Context, cmd SendBulkNotice) (bulknotice.Campaign, error) {
	pr := cmd.Principal
	if err := access.Authorize(h.p.Authz, pr, access.SendBulkNotice, ""); err != nil {
		return bulknotice.Campaign{}, err
	}
	now := h.p.Clock.Now()
	c, err := bulknotice.New(cmd.Subject, cmd.Body, cmd.Portal, cmd.Email, cmd.RequestKey, pr.ID, now)
	var v apperr.Validation
	f, applied, summary := query.BulkNoticeFilter(cmd.Filters, now, h.p.Loc, &v)
	if ferr := v.Err(); ferr != nil {
		return bulknotice.Campaign{}, ferr
	}
	if err != nil {
		return bulknotice.Campaign{}, err
	}
	c.Filters, c.FilterSummary = applied.Query().Encode(), summary
	if old, ok, err := h.p.Notices.ByRequestKey(ctx, c.RequestKey); err != nil {
		return bulknotice.Campaign{}, apperr.Internal(err)
	} else if ok {
		return old, nil
	}
	err = h.p.Tx.InTx(ctx, func(ctx context.Context) error {
		n, err := h.p.Notices.Create(ctx, c, f)
		if err != nil {
			return apperr.Internal(err)
		}
		if n == 0 {
			return bulknotice.NoRecipientsError()
		}
		c.Recipients = n
		return h.p.Audit.Record(ctx, pr, audit.Entry{Action: audit.BulkNoticeSend, Subject: "bulk_notice:" + c.ID,
			Summary: fmt.Sprintf("群发通知「%s」（%s），%d 位会员；筛选条件：%s", c.Subject, c.Channels(), n,
				cmp.Or(summary, "全部会员"))})
	})
	if err != nil && !apperr.IsKind(err, apperr.KindInvalid) {
		// The same form sent twice at once: the other request stored it.
		if old, ok, kerr := h.p.Notices.ByRequestKey(ctx, c.RequestKey); kerr == nil && ok {
			return old, nil
		}
	}
	if err != nil {
		return bulknotice.Campaign{}, err
	}
	return c, nil
}
