package command

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// AssignPaymentRef gives the member its payment reference code (the code to
// write in a transfer's remark, by which statement lines are matched) if it
// has none yet.
//
// Where codes come from: ApproveApplication assigns the code in the approval's
// own transaction, so every member approved from now on has one. Members
// approved before codes existed (or before they were assigned at approval) get
// theirs from this command, which the inbound adapters run before they read
// the fee page (query FeePage only reads) and which ClaimPayment runs before a
// claim. Once assigned a code never changes.
type AssignPaymentRef struct {
	Principal access.Principal
}

// AssignPaymentRefHandler assigns payment reference codes.
type AssignPaymentRefHandler struct {
	members ports.MemberRepository
	authz   ports.Authorizer
	clock   ports.Clock
}

// NewAssignPaymentRefHandler builds the handler.
func NewAssignPaymentRefHandler(members ports.MemberRepository, authz ports.Authorizer,
	clock ports.Clock) *AssignPaymentRefHandler {
	return &AssignPaymentRefHandler{members: members, authz: authz, clock: clock}
}

// Handle returns the principal's code, assigning it first if the member is
// approved (has a member number) and has none; a member not yet approved has
// no code (""). Who may read the fee page may run it (members only,
// payment:read). Reading a member that has its code stores nothing.
func (h *AssignPaymentRefHandler) Handle(ctx context.Context, cmd AssignPaymentRef) (string, error) {
	p := cmd.Principal
	if err := access.Authorize(h.authz, p, access.ReadOwnFees, p.ID); err != nil {
		return "", err
	}
	m, err := h.members.Get(ctx, p.ID)
	if err != nil {
		return "", err
	}
	if m.PaymentRef() != "" || m.Number() == "" {
		return m.PaymentRef(), nil
	}
	return ensurePaymentRef(ctx, h.members, m.ID(), h.clock.Now())
}

// maxRefAttempts bounds the derivations of a member's code that are tried.
const maxRefAttempts = 50

// withFreeRef calls try with the member's successive reference codes (derived
// from its id) until the store accepts one: a code another member holds (the
// store's unique constraint says so, code payment.ErrReferenceTaken) moves on
// to the next derivation. Any other outcome of try is returned.
func withFreeRef(memberID string, try func(code string) error) error {
	for attempt := range maxRefAttempts {
		err := try(payment.ReferenceCode(memberID, attempt))
		if err == nil || apperr.As(err).Code != payment.ErrReferenceTaken {
			return err
		}
	}
	return apperr.Internal(fmt.Errorf("payment reference of member %s: no free code", memberID))
}

// ensurePaymentRef assigns the member's payment reference code if it is
// approved (has a member number) and has none, and returns it; a member not
// yet approved gets none ("") and stays as it is.
func ensurePaymentRef(ctx context.Context, members ports.MemberRepository, memberID string,
	now time.Time) (string, error) {
	var ref string
	err := withFreeRef(memberID, func(code string) error {
		err := members.Update(ctx, memberID, func(_ context.Context, m *member.Member) error {
			if m.PaymentRef() != "" || m.Number() == "" {
				ref = m.PaymentRef()
				return errUnchanged
			}
			ref = code
			return m.AssignPaymentRef(code, now)
		})
		if errors.Is(err, errUnchanged) {
			return nil
		}
		return err
	})
	if err != nil {
		return "", err
	}
	return ref, nil
}
