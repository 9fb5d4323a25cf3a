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
	v := PaymentDetailView{PaymentItem: paymentItem(p, m)}
	if _, ok := payment.PurposeFor(m.Status()); ok {
		st, err := h.settings.Current(ctx)
		if err != nil {
			return PaymentDetailView{}, apperr.Internal(err)
		}
		v.DueFen = st.Fees.For(m.Kind(), m.Level())
	}
	if p.AwaitsFinance() {
		if v.CanConfirm, err = access.Can(h.authz, q.Principal, access.ConfirmPayment, ""); err != nil {
			return PaymentDetailView{}, err
		}
	}
	ps, err := h.payments.ListForMember(ctx, m.ID(), 20)
	if err != nil {
		return PaymentDetailView{}, apperr.Internal(err)
	}
	for _, o := range ps {
		if o.ID() != p.ID() {
			v.History = append(v.History, paymentItem(o, nil))
		}
	}
	return v, nil
}
