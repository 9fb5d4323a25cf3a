package command

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

// errUnchanged ends a MemberRepository.Update closure that found nothing to
// change: the update stores nothing and the caller treats it as success.
var errUnchanged = errors.New("unchanged")

func (s *FeeService) now() time.Time { return s.d.Clock.Now().In(s.o.Location) }

// allowPay lets only members with payment:write pay their own fees.
func (s *FeeService) allowPay(p access.Principal) error {
	if !p.IsMember() {
		return access.MembersOnly(p)
	}
	return allow(s.d.Authorizer, p, access.ObjPayment, access.ActWrite)
}

// allowConfirm lets only staff with payment:confirm (finance, admin) act on
// payments; a member — even on its own payment — is refused.
func (s *FeeService) allowConfirm(p access.Principal) error {
	if p.IsMember() {
		return apperr.Forbidden("forbidden", "您没有权限确认缴费")
	}
	if err := allow(s.d.Authorizer, p, access.ObjPayment, access.ActConfirm); err != nil {
		if apperr.IsKind(err, apperr.KindForbidden) {
			return apperr.Forbidden("forbidden", "您没有权限确认缴费")
		}
		return err
	}
	return nil
}

// allowApprove lets only staff with membership:approve (secretariat, admin) approve.
func (s *FeeService) allowApprove(p access.Principal) error {
	if p.IsMember() {
		return apperr.Forbidden("forbidden", "您没有权限审批入会")
	}
	if err := allow(s.d.Authorizer, p, access.ObjMembership, access.ActApprove); err != nil {
		if apperr.IsKind(err, apperr.KindForbidden) {
			return apperr.Forbidden("forbidden", "您没有权限审批入会")
		}
		return err
	}
	return nil
}

// fee returns the annual fee of the member under the settings in force.
func (s *FeeService) fee(ctx context.Context, m *member.Member) (int64, error) {
	st, err := s.d.Settings.Current(ctx)
	if err != nil {
		return 0, apperr.Internal(err)
	}
	return st.Fees.For(m.Kind(), m.Level()), nil
}

// nothingDue is the error of a payment by a member who owes nothing now.
func nothingDue(m *member.Member) error {
	switch m.Status() {
	case member.StatusPaid, member.StatusAwaitingSecretariat:
		return apperr.Conflict("already_paid", "会费已缴纳，请等待秘书处审批")
	case member.StatusActive:
		return apperr.Conflict("already_paid", fmt.Sprintf("会费已缴纳，会员有效期至%s，到期前30天可续费",
			m.ValidUntil().Format(time.DateOnly)))
	}
	return apperr.Conflict("nothing_due", "入会申请审核通过后才能缴纳会费")
}

// EnsurePaymentRef assigns the member's payment reference code if it has none
// and returns it. The code is derived from the member's id; a code another
// member holds (the store's unique constraint says so) moves on to the next
// derivation.
func (s *FeeService) EnsurePaymentRef(ctx context.Context, memberID string) (string, error) {
	now := s.now()
	for attempt := range 50 {
		code := payment.ReferenceCode(memberID, attempt)
		var ref string
		err := s.d.Members.Update(ctx, memberID, func(_ context.Context, m *member.Member) error {
			if m.PaymentRef() != "" {
				ref = m.PaymentRef()
				return errUnchanged
			}
			ref = code
			return m.AssignPaymentRef(code, now)
		})
		switch {
		case err == nil || errors.Is(err, errUnchanged):
			return ref, nil
		case apperr.As(err).Code == payment.ErrReferenceTaken:
			continue
		default:
			return "", err
		}
	}
	return "", apperr.Internal(fmt.Errorf("payment reference of member %s: no free code", memberID))
}

// openClaim returns the member's open claim (transfer or voucher), or nil.
func (s *FeeService) openClaim(ctx context.Context, memberID string) (*payment.Payment, error) {
	ps, err := s.d.Payments.ListForMember(ctx, memberID, 50)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	for _, p := range ps {
		if p.Status == payment.StatusOpen && p.Method != payment.MethodAlipay {
			return p, nil
		}
	}
	return nil, nil
}

// settle records a receipt for payment p of member m inside the member's
// update: the payment is confirmed (its amount checked) and the member's fee
// recorded — a first fee moves the member to paid and straight on to the
// secretariat's queue, a renewal extends the validity — and the member's other
// open claims are closed. Money the gateway reports for a member who owes
// nothing any more is kept as a duplicate (to refund); finance is told instead.
// isNew says whether p must be added rather than saved.
func (s *FeeService) settle(ctx context.Context, m *member.Member, p *payment.Payment, r payment.Receipt,
	isNew bool, now time.Time) error {
	purpose, due := payment.PurposeFor(m.Status())
	if !due || purpose != p.Purpose {
		if r.Source != payment.SourceGateway {
			return apperr.Conflict("nothing_due", fmt.Sprintf("会员【%s】当前没有应缴的%s（%s），不能确认",
				m.Name(), p.Purpose.Label(), m.Status().Label()))
		}
		if err := p.MarkDuplicate(r, now); err != nil {
			return err
		}
		return s.store(ctx, p, isNew)
	}
	if err := p.Confirm(r, now); err != nil {
		return err
	}
	fee := member.Fee{PaymentID: p.ID, AmountFen: p.PaidFen, Method: string(p.Method)}
	if purpose == payment.PurposeRenewal {
		if err := m.ConfirmRenewal(fee, now); err != nil {
			return err
		}
	} else {
		if err := m.ConfirmFee(fee, now); err != nil {
			return err
		}
		// Forwarding is automatic: a paid member goes to the secretariat's queue
		// in the same transaction.
		if err := m.ForwardToSecretariat(now); err != nil {
			return err
		}
	}
	others, err := s.d.Payments.ListForMember(ctx, m.ID(), 50)
	if err != nil {
		return apperr.Internal(err)
	}
	for _, o := range others {
		if o.ID != p.ID && o.Status == payment.StatusOpen && o.Method != payment.MethodAlipay {
			o.Close("会费已通过其他方式确认", now)
			if err := s.d.Payments.Save(ctx, o); err != nil {
				return err
			}
		}
	}
	return s.store(ctx, p, isNew)
}

func (s *FeeService) store(ctx context.Context, p *payment.Payment, isNew bool) error {
	if isNew {
		return s.d.Payments.Add(ctx, p)
	}
	return s.d.Payments.Save(ctx, p)
}

// claim opens a claim (with a voucher when v is present) for the member.
func (s *FeeService) claim(ctx context.Context, p access.Principal, v payment.Voucher) (string, error) {
	if err := s.allowPay(p); err != nil {
		return "", err
	}
	if _, err := s.EnsurePaymentRef(ctx, p.ID); err != nil {
		return "", err
	}
	now := s.now()
	var pid string
	err := s.d.Members.Update(ctx, p.ID, func(ctx context.Context, m *member.Member) error {
		if err := access.CheckOwner(p, m.ID()); err != nil {
			return err
		}
		if m.Status() == member.StatusPaymentClaimed {
			return apperr.Conflict("claim_open", "已申请查看缴费状态，请等待财务确认")
		}
		purpose, ok := payment.PurposeFor(m.Status())
		if !ok {
			return nothingDue(m)
		}
		open, err := s.openClaim(ctx, m.ID())
		if err != nil {
			return err
		}
		if open != nil {
			return apperr.Conflict("claim_open", "已申请查看缴费状态，请等待财务确认")
		}
		amount, err := s.fee(ctx, m)
		if err != nil {
			return err
		}
		method := payment.MethodTransfer
		if v.Present() {
			method = payment.MethodVoucher
		}
		pay, err := payment.NewClaim(m.ID(), purpose, method, amount, v, now)
		if err != nil {
			return apperr.Internal(err)
		}
		if purpose == payment.PurposeRenewal {
			err = m.ClaimRenewal(now)
		} else {
			err = m.ClaimPayment(now)
		}
		if err != nil {
			return err
		}
		pid = pay.ID
		return s.d.Payments.Add(ctx, pay)
	})
	if err != nil {
		return "", err
	}
	return pid, nil
}

// withRow prefixes a user error's message with the statement row it concerns.
func withRow(row int, err error) error {
	e := apperr.As(err)
	if e.Kind == apperr.KindInternal {
		return err
	}
	c := *e
	c.Message = fmt.Sprintf("第%d行：%s", row, e.Message)
	return &c
}

// trimmed returns the distinct non-empty trimmed strings of xs, in order.
func trimmed(xs []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range xs {
		x = strings.TrimSpace(x)
		if x != "" && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
