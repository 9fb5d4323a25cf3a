package query

import (
	"context"
	"strings"

	"github.com/openassoc/membership/core/app/feesettings"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// PaymentDetail asks for one payment.
type PaymentDetail struct {
	Principal access.Principal
	PaymentID string
}

// PaymentDetailView is a payment with what finance needs to decide.
type PaymentDetailView struct {
	PaymentItem
	DueFen     int64 // what the member owes now (0 if nothing)
	CanConfirm bool  // awaiting finance (a claim, a sandbox payment) and the principal may confirm
	// ClosedClaim: a claim closed because another payment covered the fee;
	// money finance still finds for it is recorded as a duplicate (退款待办).
	ClosedClaim bool
	// History is the member's other payments, newest first.
	History []PaymentItem
}

// PaymentDetailHandler shows payments.
type PaymentDetailHandler struct {
	members  ports.MemberRepository
	payments ports.PaymentRepository
	settings *feesettings.Source
	authz    ports.Authorizer
}

// NewPaymentDetailHandler builds the handler.
func NewPaymentDetailHandler(members ports.MemberRepository, payments ports.PaymentRepository,
	settings *feesettings.Source, authz ports.Authorizer) *PaymentDetailHandler {
	return &PaymentDetailHandler{members: members, payments: payments, settings: settings, authz: authz}
}

// Handle returns the payment for its member or for staff allowed payment:read.
func (h *PaymentDetailHandler) Handle(ctx context.Context, q PaymentDetail) (PaymentDetailView, error) {
	p, err := h.payments.Get(ctx, strings.TrimSpace(q.PaymentID))
	if err != nil {
		if apperr.IsKind(err, apperr.KindNotFound) {
			return PaymentDetailView{}, apperr.NotFound("payment_not_found", "缴费记录不存在")
		}
		return PaymentDetailView{}, err
	}
	if err := access.Authorize(h.authz, q.Principal, access.ReadPayment, p.MemberID()); err != nil {
		return PaymentDetailView{}, err
	}
	m, err := h.members.Get(ctx, p.MemberID())
	if err != nil {
		return PaymentDetailView{}, err
	}
	v := PaymentDetailView{PaymentItem: paymentItem(p, m), ClosedClaim: p.ClosedClaim()}
	ps, err := h.payments.ListForMember(ctx, m.ID(), 50)
	if err != nil {
		return PaymentDetailView{}, apperr.Internal(err)
	}
	if purpose, ok := payment.PurposeFor(m.Status()); ok {
		st, err := h.settings.Current(ctx)
		if err != nil {
			return PaymentDetailView{}, apperr.Internal(err)
		}
		// The fee less what partial payments brought: the balance due.
		v.DueFen = max(st.Fees.For(m.Kind(), m.Level())-payment.Paid(ps, purpose), 0)
	}
	if p.AwaitsFinance() || v.ClosedClaim {
		if v.CanConfirm, err = access.Can(h.authz, q.Principal, access.ConfirmPayment, ""); err != nil {
			return PaymentDetailView{}, err
		}
	}
	for _, o := range ps {
		if o.ID() != p.ID() {
			v.History = append(v.History, paymentItem(o, nil))
		}
	}
	return v, nil
}
