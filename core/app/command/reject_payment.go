package command

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// RejectPayment is finance's return of a claim it found no money for.
type RejectPayment struct {
	Principal access.Principal
	PaymentID string
	Reason    string
}

// RejectPaymentHandler rejects claims.
type RejectPaymentHandler struct {
	members  ports.MemberRepository
	payments ports.PaymentRepository
	authz    ports.Authorizer
	clock    ports.Clock
	loc      *time.Location
	audit    *Auditor
}

// NewRejectPaymentHandler builds the handler; loc is the association's time
// zone. Each decision is recorded through audit.
func NewRejectPaymentHandler(members ports.MemberRepository, payments ports.PaymentRepository,
	authz ports.Authorizer, clock ports.Clock, loc *time.Location, audit *Auditor) *RejectPaymentHandler {
	return &RejectPaymentHandler{members: members, payments: payments, authz: authz, clock: clock, loc: orUTC(loc),
		audit: audit}
}

// Handle rejects an open claim with a reason the member sees; the member may
// claim again. A claim handled already is a Conflict. The audit log's entry,
// with the reason, is written in the member's transaction.
func (h *RejectPaymentHandler) Handle(ctx context.Context, cmd RejectPayment) error {
	if err := access.Authorize(h.authz, cmd.Principal, access.ConfirmPayment, ""); err != nil {
		return err
	}
	pay, err := h.payments.Get(ctx, strings.TrimSpace(cmd.PaymentID))
	if err != nil {
		return err
	}
	now := h.clock.Now().In(h.loc)
	return h.members.Update(ctx, pay.MemberID(), func(ctx context.Context, m *member.Member) error {
		p, err := h.payments.Get(ctx, pay.ID())
		if err != nil {
			return err
		}
		if err := p.Reject(cmd.Reason, cmd.Principal.ID, now); err != nil {
			if apperr.As(err).Code == payment.ErrAlreadyHandled {
				return handledMeanwhile(p)
			}
			return err
		}
		switch {
		case p.Purpose() == payment.PurposeJoin && m.Status() == member.StatusPaymentClaimed:
			err = m.RejectPaymentClaim(p.Reason(), now)
		case p.Purpose() == payment.PurposeRenewal && m.CanRenew() == nil:
			err = m.RejectRenewalClaim(p.Reason(), now)
		}
		if err != nil {
			return err
		}
		if err := h.payments.Save(ctx, p); err != nil {
			return err
		}
		return h.audit.Record(ctx, cmd.Principal, audit.Entry{Action: audit.PaymentReject, MemberID: m.ID(),
			Subject: "payment:" + p.ID(), Reason: p.Reason(),
			Summary: fmt.Sprintf("退回缴费申请 %s（%s）：%s", payment.Yuan(p.AmountFen()), p.Purpose().Label(), p.Reason())})
	})
}
