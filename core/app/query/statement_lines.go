package query

import (
	"context"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// MemberRef names a member in lists.
type MemberRef struct {
	MemberID string
	Name     string
	Number   string
	Kind     member.Kind
}

// StatementLineItem is one statement line with its proposal; StatementDetail
// and UnmatchedLines show them.
type StatementLineItem struct {
	ID          string
	StatementID string
	Row         int
	Date        time.Time
	AmountFen   int64
	AmountText  string
	PayerName   string
	Remark      string
	BankRef     string
	Status      payment.LineStatus
	StatusLabel string
	Match       payment.MatchKind
	MatchLabel  string
	// Basis says why the line was matched: 参考码, 户名+金额 or 手动指定 ("" when
	// it was not).
	Basis       string
	Message     string
	Member      *MemberRef  // the proposed or confirmed member
	Candidates  []MemberRef // the members an ambiguous line fits
	PaymentID   string      // the payment a confirmed line recorded
	Confirmable bool
	// Proposed is true for a matched line finance must confirm on its own
	// (matched by payer name and amount only): 「确认全部匹配」 leaves it.
	Proposed bool
}

// lineItems maps lines, naming their members.
func lineItems(ctx context.Context, members ports.MemberRepository, lines []payment.StoredLine) ([]StatementLineItem, error) {
	refs := map[string]*MemberRef{}
	for _, l := range lines {
		if l.Match.MemberID != "" {
			refs[l.Match.MemberID] = nil
		}
		for _, c := range l.Match.Candidates {
			refs[c] = nil
		}
	}
	for mid := range refs {
		m, err := members.Get(ctx, mid)
		if apperr.IsKind(err, apperr.KindNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		refs[mid] = &MemberRef{MemberID: m.ID(), Name: m.Name(), Number: m.Number(), Kind: m.Kind()}
	}
	out := make([]StatementLineItem, len(lines))
	for i, l := range lines {
		it := StatementLineItem{ID: l.ID, StatementID: l.StatementID, Row: l.Row, Date: l.Date, AmountFen: l.AmountFen,
			AmountText: payment.YuanTable(l.AmountFen), PayerName: l.PayerName, Remark: l.Remark, BankRef: l.BankRef,
			Status: l.Status, StatusLabel: l.Status.Label(), Match: l.Match.Kind, MatchLabel: l.Match.Kind.Label(),
			Basis: l.Match.Kind.Basis(), Message: l.Match.Message, PaymentID: l.PaymentID,
			Confirmable: l.Status == payment.LineMatched}
		it.Proposed = it.Confirmable && l.Match.Kind.NeedsExplicitConfirmation()
		if r := refs[l.Match.MemberID]; r != nil {
			it.Member = r
		}
		for _, c := range l.Match.Candidates {
			if r := refs[c]; r != nil {
				it.Candidates = append(it.Candidates, *r)
			}
		}
		out[i] = it
	}
	return out, nil
}
