package query

import (
	"context"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// SecretariatQueue asks for the members awaiting the secretariat's approval.
type SecretariatQueue struct {
	Principal access.Principal
	Kind      member.Kind // empty for both
	Page      int
	PageSize  int
}

// MembershipItem is one member awaiting approval.
type MembershipItem struct {
	MemberID    string
	Name        string
	Number      string
	Kind        member.Kind
	KindLabel   string
	Level       string
	Email       string
	ForwardedAt time.Time
	Payment     *PaymentItem // the confirmed first fee
}

// SecretariatQueuePage is one page of the queue.
type SecretariatQueuePage struct {
	Items    []MembershipItem
	Total    int
	Page     int
	PageSize int
	Pages    int
}

// SecretariatQueueHandler lists members awaiting approval.
type SecretariatQueueHandler struct {
	lookup   ports.MemberLookup
	payments ports.PaymentRepository
	authz    ports.Authorizer
}

// NewSecretariatQueueHandler builds the handler.
func NewSecretariatQueueHandler(lookup ports.MemberLookup, payments ports.PaymentRepository,
	authz ports.Authorizer) *SecretariatQueueHandler {
	return &SecretariatQueueHandler{lookup: lookup, payments: payments, authz: authz}
}

// Handle returns the page for staff allowed membership:read (secretariat, admin).
func (h *SecretariatQueueHandler) Handle(ctx context.Context, q SecretariatQueue) (SecretariatQueuePage, error) {
	if err := access.Authorize(h.authz, q.Principal, access.ListMemberships, ""); err != nil {
		return SecretariatQueuePage{}, err
	}
	if q.Kind != "" && !q.Kind.Valid() {
		var v apperr.Validation
		v.Add("kind", "kind_invalid", "未知的会员类型")
		return SecretariatQueuePage{}, v.Err()
	}
	q.Page, q.PageSize = paging(q.Page, q.PageSize)
	ms, total, err := h.lookup.ListByStatus(ctx, member.StatusAwaitingSecretariat, q.Kind, q.PageSize,
		(q.Page-1)*q.PageSize)
	if err != nil {
		return SecretariatQueuePage{}, apperr.Internal(err)
	}
	out := SecretariatQueuePage{Total: total, Page: q.Page, PageSize: q.PageSize, Pages: pages(total, q.PageSize),
		Items: make([]MembershipItem, 0, len(ms))}
	for _, m := range ms {
		it, err := h.item(ctx, m)
		if err != nil {
			return SecretariatQueuePage{}, err
		}
		out.Items = append(out.Items, it)
	}
	return out, nil
}

// item maps a member with its confirmed first fee.
func (h *SecretariatQueueHandler) item(ctx context.Context, m *member.Member) (MembershipItem, error) {
	it := MembershipItem{MemberID: m.ID(), Name: m.Name(), Number: m.Number(), Kind: m.Kind(),
		KindLabel: m.Kind().Label(), Level: string(m.Level()), Email: m.Email(), ForwardedAt: m.UpdatedAt()}
	ps, err := h.payments.ListForMember(ctx, m.ID(), 10)
	if err != nil {
		return MembershipItem{}, apperr.Internal(err)
	}
	for _, p := range ps {
		if p.Status() == payment.StatusConfirmed && p.Purpose() == payment.PurposeJoin {
			pi := paymentItem(p, m)
			it.Payment = &pi
			break
		}
	}
	return it, nil
}
