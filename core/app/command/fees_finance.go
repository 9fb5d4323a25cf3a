package command

import (
	"context"
	"time"

	"github.com/openassoc/membership/core/domain/access"
)

// ConfirmPayment is finance's confirmation of a claim or voucher: what arrived,
// when, and the bank's reference.
type ConfirmPayment struct {
	Principal access.Principal
	PaymentID string
	AmountFen int64     // the amount that arrived, in fen
	PaidOn    time.Time // the day it arrived
	BankRef   string    // the bank's transaction number (流水号)
}

// ConfirmPaymentHandler confirms claims.
type ConfirmPaymentHandler struct{ fees *FeeService }

// NewConfirmPaymentHandler builds the handler.
func NewConfirmPaymentHandler(s *FeeService) *ConfirmPaymentHandler {
	return &ConfirmPaymentHandler{fees: s}
}

// Handle confirms an open claim for finance (payment:confirm): a wrong amount is
// an Invalid error on "amount" (code amount_mismatch) and nothing changes; a
// claim another finance user handled first is a Conflict (code
// payment_already_handled); a bank reference already used for another payment is
// a Conflict (bank_ref_taken). A first fee moves the member to paid and on to the
// secretariat's queue in the same transaction; a renewal extends the validity.
func (h *ConfirmPaymentHandler) Handle(ctx context.Context, cmd ConfirmPayment) error {
	return h.fees.confirm(ctx, cmd)
}

// RejectPayment is finance's return of a claim it found no money for.
type RejectPayment struct {
	Principal access.Principal
	PaymentID string
	Reason    string
}

// RejectPaymentHandler rejects claims.
type RejectPaymentHandler struct{ fees *FeeService }

// NewRejectPaymentHandler builds the handler.
func NewRejectPaymentHandler(s *FeeService) *RejectPaymentHandler {
	return &RejectPaymentHandler{fees: s}
}

// Handle rejects an open claim with a reason the member sees; the member may
// claim again. A claim handled already is a Conflict.
func (h *RejectPaymentHandler) Handle(ctx context.Context, cmd RejectPayment) error {
	return h.fees.reject(ctx, cmd)
}
