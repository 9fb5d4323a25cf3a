package command

import (
	"context"
	"time"

	"github.com/openassoc/membership/core/app/feesettings"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// ClaimPayment is 「申请查看缴费状态」 (「请确认缴费后点击此按钮」): the member says the
// fee (the first one or a renewal) was transferred, and finance gets a claim to
// confirm.
type ClaimPayment struct {
	Principal access.Principal
}

// ClaimPaymentHandler records payment claims.
type ClaimPaymentHandler struct {
	claims claimPorts
	authz  ports.Authorizer
	clock  ports.Clock
	loc    *time.Location
}

// NewClaimPaymentHandler builds the handler; loc is the association's time zone.
func NewClaimPaymentHandler(members ports.MemberRepository, payments ports.PaymentRepository,
	settings *feesettings.Source, authz ports.Authorizer, clock ports.Clock, loc *time.Location) *ClaimPaymentHandler {
	return &ClaimPaymentHandler{claims: claimPorts{members: members, payments: payments, settings: settings},
		authz: authz, clock: clock, loc: orUTC(loc)}
}

// Handle opens a transfer claim for the amount due now and returns its id. A
// member with nothing to pay, or with a claim already open, gets a Conflict.
func (h *ClaimPaymentHandler) Handle(ctx context.Context, cmd ClaimPayment) (string, error) {
	p := cmd.Principal
	if err := access.Authorize(h.authz, p, access.PayOwnFees, p.ID); err != nil {
		return "", err
	}
	return fileClaim(ctx, h.claims, p.ID, payment.Voucher{}, h.clock.Now().In(h.loc))
}
