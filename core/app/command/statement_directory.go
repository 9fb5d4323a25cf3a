package command

import (
	"context"

	"github.com/openassoc/membership/core/app/feesettings"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// matchingDirectory builds the directory ImportStatement matches lines against:
// the members whose reference code a remark carries and those whose registered
// name is a payer's, each with what it owes now. (The lookup may also return
// members by their form's name; they are filed under their registered name
// only.) With payments, what a member owes is the balance after its partial
// payments.
func matchingDirectory(ctx context.Context, lookup ports.MemberLookup, settings *feesettings.Source,
	payments ports.PaymentRepository, lines []payment.Line) (payment.Directory, error) {
	var codes, names []string
	for _, l := range lines {
		if l.AmountFen <= 0 {
			continue
		}
		codes = append(codes, payment.FindReferences(l.Remark)...)
		if n := payment.MatchName(l.PayerName); n != "" {
			names = append(names, n)
		}
	}
	dir := payment.Directory{ByReference: map[string]payment.Candidate{}, ByName: map[string][]payment.Candidate{}}
	byRef, err := lookup.FindByPaymentRefs(ctx, trimmed(codes))
	if err != nil {
		return dir, apperr.Internal(err)
	}
	byName, err := lookup.FindByMatchNames(ctx, trimmed(names))
	if err != nil {
		return dir, apperr.Internal(err)
	}
	st, err := settings.Current(ctx)
	if err != nil {
		return dir, apperr.Internal(err)
	}
	seen := map[string]bool{}
	for _, m := range append(byRef, byName...) {
		if seen[m.ID()] {
			continue
		}
		seen[m.ID()] = true
		paid, err := paidSoFar(ctx, payments, m)
		if err != nil {
			return dir, err
		}
		addCandidate(dir, m, st.Fees, paid)
	}
	return dir, nil
}

// addCandidate files member m under its reference code and its registered
// name — only that name: an application form's name (before forms were bound
// to the registered name, member.FormName) may be another member's, and money
// would then be proposed for the wrong member.
func addCandidate(dir payment.Directory, m *member.Member, fees payment.Fees, paidFen int64) {
	c := payment.Candidate{MemberID: m.ID(), Kind: m.Kind(), Name: m.Name(), Number: m.Number(),
		Reference: m.PaymentRef()}
	if purpose, ok := payment.PurposeFor(m.Status()); ok {
		c.Purpose, c.DueFen = purpose, max(fees.For(m.Kind(), m.Level())-paidFen, 1)
	}
	if c.Reference != "" {
		dir.ByReference[c.Reference] = c
	}
	if k := payment.MatchName(m.Name()); k != "" {
		dir.ByName[k] = append(dir.ByName[k], c)
	}
}

// paidSoFar is what member m's partial payments brought towards the fee it
// owes now (0 without a payment repository or when nothing is due).
func paidSoFar(ctx context.Context, payments ports.PaymentRepository, m *member.Member) (int64, error) {
	purpose, ok := payment.PurposeFor(m.Status())
	if payments == nil || !ok {
		return 0, nil
	}
	ps, err := payments.ListForMember(ctx, m.ID(), 50)
	if err != nil {
		return 0, apperr.Internal(err)
	}
	return payment.Paid(ps, purpose), nil
}
