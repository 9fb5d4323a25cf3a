package command

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/openassoc/membership/core/app/feesettings"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/id"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

func (s *FeeService) confirm(ctx context.Context, cmd ConfirmPayment) error {
	if err := s.allowConfirm(cmd.Principal); err != nil {
		return err
	}
	now := s.now()
	r := payment.Receipt{AmountFen: cmd.AmountFen, PaidOn: cmd.PaidOn, BankRef: cmd.BankRef,
		Source: payment.SourceFinance, StaffID: cmd.Principal.ID}
	if err := payment.CheckReceipt(r, now); err != nil {
		return err
	}
	pay, err := s.d.Payments.Get(ctx, strings.TrimSpace(cmd.PaymentID))
	if err != nil {
		return err
	}
	if pay.Method == payment.MethodAlipay {
		return apperr.Conflict(payment.ErrNotClaim, "在线支付订单由支付平台确认，不能手工确认")
	}
	return s.d.Members.Update(ctx, pay.MemberID, func(ctx context.Context, m *member.Member) error {
		p, err := s.d.Payments.Get(ctx, pay.ID)
		if err != nil {
			return err
		}
		if p.Status != payment.StatusOpen {
			return apperr.Conflict(payment.ErrAlreadyHandled,
				fmt.Sprintf("该缴费申请已由其他财务人员处理（%s），请刷新后查看", p.Status.Label()))
		}
		return s.settle(ctx, m, p, r, false, now)
	})
}

func (s *FeeService) reject(ctx context.Context, cmd RejectPayment) error {
	if err := s.allowConfirm(cmd.Principal); err != nil {
		return err
	}
	pay, err := s.d.Payments.Get(ctx, strings.TrimSpace(cmd.PaymentID))
	if err != nil {
		return err
	}
	now := s.now()
	return s.d.Members.Update(ctx, pay.MemberID, func(ctx context.Context, m *member.Member) error {
		p, err := s.d.Payments.Get(ctx, pay.ID)
		if err != nil {
			return err
		}
		if err := p.Reject(cmd.Reason, cmd.Principal.ID, now); err != nil {
			if apperr.As(err).Code == payment.ErrAlreadyHandled {
				return apperr.Conflict(payment.ErrAlreadyHandled,
					fmt.Sprintf("该缴费申请已由其他财务人员处理（%s），请刷新后查看", p.Status.Label()))
			}
			return err
		}
		switch {
		case p.Purpose == payment.PurposeJoin && m.Status() == member.StatusPaymentClaimed:
			err = m.RejectPaymentClaim(p.Reason, now)
		case p.Purpose == payment.PurposeRenewal && m.CanRenew() == nil:
			err = m.RejectRenewalClaim(p.Reason, now)
		}
		if err != nil {
			return err
		}
		return s.d.Payments.Save(ctx, p)
	})
}

// directory builds the matching directory of the members the lines may pay for:
// those whose reference code a remark carries and those named as payers.
func (s *FeeService) directory(ctx context.Context, lines []payment.Line) (payment.Directory, error) {
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
	byRef, err := s.d.Lookup.FindByPaymentRefs(ctx, trimmed(codes))
	if err != nil {
		return dir, apperr.Internal(err)
	}
	byName, err := s.d.Lookup.FindByMatchNames(ctx, trimmed(names))
	if err != nil {
		return dir, apperr.Internal(err)
	}
	st, err := s.d.Settings.Current(ctx)
	if err != nil {
		return dir, apperr.Internal(err)
	}
	seen := map[string]bool{}
	for _, m := range append(byRef, byName...) {
		if seen[m.ID()] {
			continue
		}
		seen[m.ID()] = true
		c := payment.Candidate{MemberID: m.ID(), Kind: m.Kind(), Name: m.Name(), Number: m.Number(),
			Reference: m.PaymentRef()}
		if purpose, ok := payment.PurposeFor(m.Status()); ok {
			c.Purpose, c.DueFen = purpose, st.Fees.For(m.Kind(), m.Level())
		}
		if c.Reference != "" {
			dir.ByReference[c.Reference] = c
		}
		keys := []string{payment.MatchName(m.Name())}
		if a := m.Application(); m.Kind() == member.Individual && a.Individual.Name != "" {
			keys = append(keys, payment.MatchName(a.Individual.Name))
		} else if a.Enterprise.Name != "" {
			keys = append(keys, payment.MatchName(a.Enterprise.Name))
		}
		for _, k := range trimmed(keys) {
			dir.ByName[k] = append(dir.ByName[k], c)
		}
	}
	return dir, nil
}

func statementError(code, msg string) error {
	var v apperr.Validation
	v.Add(StatementField, code, msg)
	return v.Err()
}

func (s *FeeService) importStatement(ctx context.Context, cmd ImportStatement) (ImportedStatement, error) {
	if err := s.allowConfirm(cmd.Principal); err != nil {
		return ImportedStatement{}, err
	}
	if cmd.Content == nil {
		return ImportedStatement{}, statementError("file_required", "请选择要导入的银行对账单")
	}
	data, err := io.ReadAll(io.LimitReader(cmd.Content, MaxStatementBytes+1))
	if err != nil {
		return ImportedStatement{}, apperr.Internal(fmt.Errorf("read statement upload: %w", err))
	}
	switch {
	case len(data) == 0:
		return ImportedStatement{}, statementError("file_required", "请选择要导入的银行对账单")
	case len(data) > MaxStatementBytes:
		return ImportedStatement{}, statementError("file_too_large", "对账单文件不能超过10MB")
	}
	name := cleanFileName(cmd.FileName)
	format, lines, err := s.d.Parser.Parse(ctx, name, data)
	if err != nil {
		return ImportedStatement{}, err
	}
	if len(lines) == 0 {
		return ImportedStatement{}, statementError("statement_empty", "对账单中没有交易记录")
	}
	keys := payment.Keys(lines)
	known, err := s.d.Statements.LinesByKey(ctx, keys)
	if err != nil {
		return ImportedStatement{}, apperr.Internal(err)
	}
	have := map[string]bool{}
	for _, l := range known {
		have[l.Key] = true
	}
	var fresh []payment.Line
	var freshKeys []string
	for i, l := range lines {
		if !have[keys[i]] {
			fresh = append(fresh, l)
			freshKeys = append(freshKeys, keys[i])
		}
	}
	dir, err := s.directory(ctx, fresh)
	if err != nil {
		return ImportedStatement{}, err
	}
	proposals := payment.MatchLines(fresh, dir)
	now := s.now()
	st := payment.Statement{ID: id.New(now), FileName: name, Format: format, StaffID: cmd.Principal.ID,
		UploadedAt: now, Lines: len(lines)}
	stored := make([]payment.StoredLine, len(fresh))
	out := ImportedStatement{StatementID: st.ID, Lines: len(lines)}
	for i, l := range fresh {
		stored[i] = payment.StoredLine{ID: id.New(now), StatementID: st.ID, Key: freshKeys[i], Line: l,
			Status: payment.StatusFor(proposals[i]), Match: proposals[i], UpdatedAt: now}
	}
	existing, err := s.d.Statements.Add(ctx, st, stored)
	if err != nil {
		return ImportedStatement{}, err
	}
	dup := map[string]bool{}
	for _, k := range existing {
		dup[k] = true
	}
	for _, l := range stored {
		if dup[l.Key] {
			continue
		}
		out.New++
		switch l.Status {
		case payment.LineMatched:
			out.Matched++
		case payment.LineUnmatched:
			out.Unmatched++
		}
	}
	out.Duplicates = out.Lines - out.New
	return out, nil
}

func (s *FeeService) assignLine(ctx context.Context, cmd AssignStatementLine) error {
	if err := s.allowConfirm(cmd.Principal); err != nil {
		return err
	}
	l, err := s.d.Statements.GetLine(ctx, strings.TrimSpace(cmd.LineID))
	if err != nil {
		return err
	}
	from := l.Status
	if from == payment.LineConfirmed {
		return apperr.Conflict("statement_line_confirmed", fmt.Sprintf("第%d行流水已确认，不能修改", l.Row))
	}
	now := s.now()
	l.UpdatedAt = now
	if cmd.Ignore {
		l.Status = payment.LineIgnored
		l.Match.Message = "财务已忽略此流水"
		return s.d.Statements.SaveLine(ctx, l, from)
	}
	if l.AmountFen <= 0 {
		return apperr.Conflict("statement_line_debit", fmt.Sprintf("第%d行不是入账流水", l.Row))
	}
	memberID := strings.TrimSpace(cmd.MemberID)
	if memberID == "" {
		var v apperr.Validation
		v.Add("member_id", "required", "请选择会员")
		return v.Err()
	}
	m, err := s.d.Members.Get(ctx, memberID)
	if err != nil {
		return err
	}
	if _, ok := payment.PurposeFor(m.Status()); !ok {
		return apperr.Conflict("nothing_due", fmt.Sprintf("会员【%s】当前没有应缴的会费", m.Name()))
	}
	due, err := s.fee(ctx, m)
	if err != nil {
		return err
	}
	if due != l.AmountFen {
		return payment.AmountMismatch(due, l.AmountFen)
	}
	l.Status = payment.LineMatched
	l.Match = payment.Proposal{Kind: payment.MatchManual, MemberID: m.ID(),
		Message: fmt.Sprintf("财务指定会员【%s】", m.Name())}
	return s.d.Statements.SaveLine(ctx, l, from)
}

func (s *FeeService) confirmStatement(ctx context.Context, cmd ConfirmStatement) (ConfirmedStatement, error) {
	if err := s.allowConfirm(cmd.Principal); err != nil {
		return ConfirmedStatement{}, err
	}
	_, lines, err := s.d.Statements.Get(ctx, strings.TrimSpace(cmd.StatementID))
	if err != nil {
		return ConfirmedStatement{}, err
	}
	var chosen []payment.StoredLine
	if len(cmd.LineIDs) == 0 {
		for _, l := range lines {
			if l.Status == payment.LineUnmatched && l.Match.Kind == payment.MatchAmbiguous {
				return ConfirmedStatement{}, apperr.Conflict("statement_ambiguous",
					fmt.Sprintf("第%d行流水%s；请先指定会员或忽略该行。未确认任何缴费。", l.Row, l.Match.Message))
			}
			if l.Status == payment.LineMatched {
				chosen = append(chosen, l)
			}
		}
	} else {
		byID := map[string]payment.StoredLine{}
		for _, l := range lines {
			byID[l.ID] = l
		}
		for _, lid := range trimmed(cmd.LineIDs) {
			l, ok := byID[lid]
			switch {
			case !ok:
				return ConfirmedStatement{}, apperr.NotFound("statement_line_not_found", "对账单中没有该流水，未确认任何缴费")
			case l.Status == payment.LineConfirmed:
				return ConfirmedStatement{}, apperr.Conflict("statement_line_confirmed",
					fmt.Sprintf("第%d行流水已确认过，未确认任何缴费", l.Row))
			case l.Status != payment.LineMatched:
				return ConfirmedStatement{}, apperr.Conflict("statement_line_unmatched",
					fmt.Sprintf("第%d行流水不能确认（%s：%s），未确认任何缴费", l.Row, l.Match.Kind.Label(), l.Match.Message))
			}
			chosen = append(chosen, l)
		}
	}
	if len(chosen) == 0 {
		return ConfirmedStatement{}, apperr.Conflict("nothing_to_confirm", "没有待确认的流水")
	}
	// Lock members in a fixed order so that concurrent confirmations cannot deadlock.
	sort.SliceStable(chosen, func(i, j int) bool { return chosen[i].Match.MemberID < chosen[j].Match.MemberID })
	now := s.now()
	var out ConfirmedStatement
	err = s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		out = ConfirmedStatement{}
		for _, l := range chosen {
			pid, err := s.confirmLine(ctx, l, cmd.Principal.ID, now)
			if err != nil {
				return withRow(l.Row, err)
			}
			out.Confirmed++
			out.PaymentIDs = append(out.PaymentIDs, pid)
		}
		return nil
	})
	if err != nil {
		return ConfirmedStatement{}, err
	}
	return out, nil
}

// confirmLine records a matched line's money for its member in the surrounding
// transaction: the member's open claim is confirmed, or a new transfer payment.
func (s *FeeService) confirmLine(ctx context.Context, l payment.StoredLine, staffID string, now time.Time) (string, error) {
	var pid string
	err := s.d.Members.Update(ctx, l.Match.MemberID, func(ctx context.Context, m *member.Member) error {
		r := payment.Receipt{AmountFen: l.AmountFen, PaidOn: l.Date, BankRef: l.BankRef,
			Source: payment.SourceStatement, StaffID: staffID}
		purpose, ok := payment.PurposeFor(m.Status())
		if !ok {
			return apperr.Conflict("nothing_due", fmt.Sprintf("会员【%s】当前没有应缴的会费（%s）", m.Name(), m.Status().Label()))
		}
		p, err := s.openClaim(ctx, m.ID())
		if err != nil {
			return err
		}
		isNew := p == nil || p.Purpose != purpose
		if isNew {
			due, err := s.fee(ctx, m)
			if err != nil {
				return err
			}
			if p, err = payment.NewClaim(m.ID(), purpose, payment.MethodTransfer, due, payment.Voucher{}, now); err != nil {
				return apperr.Internal(err)
			}
		}
		if err := s.settle(ctx, m, p, r, isNew, now); err != nil {
			return err
		}
		pid = p.ID
		l.Status, l.PaymentID, l.UpdatedAt = payment.LineConfirmed, p.ID, now
		return s.d.Statements.SaveLine(ctx, l, payment.LineMatched)
	})
	return pid, err
}

func (s *FeeService) approveMemberships(ctx context.Context, cmd ApproveMemberships) ([]ApprovedMembership, error) {
	if err := s.allowApprove(cmd.Principal); err != nil {
		return nil, err
	}
	ids := trimmed(cmd.MemberIDs)
	docNo := strings.TrimSpace(cmd.DocNo)
	var v apperr.Validation
	switch {
	case len(ids) == 0:
		v.Add("member_ids", "required", "请选择要审批的会员")
	case len(ids) > 500:
		v.Add("member_ids", "too_many", "一次最多审批500个会员")
	}
	switch {
	case docNo == "":
		v.Add("doc_no", "required", "请填写审批文号")
	case utf8.RuneCountInString(docNo) > member.MaxDocNoLen:
		v.Add("doc_no", "too_long", "审批文号不能超过100个字符")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	sort.Strings(ids)
	now := s.now()
	var out []ApprovedMembership
	err := s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		out = out[:0]
		for _, mid := range ids {
			err := s.d.Members.Update(ctx, mid, func(_ context.Context, m *member.Member) error {
				if err := m.ApproveMembership(docNo, now, now); err != nil {
					e := *apperr.As(err)
					e.Message = fmt.Sprintf("会员【%s】：%s。未审批任何会员。", m.Name(), e.Message)
					return &e
				}
				out = append(out, ApprovedMembership{MemberID: m.ID(), Name: m.Name(), Number: m.Number(),
					DocNo: m.ApprovalDocNo(), ValidFrom: m.ValidFrom(), ValidUntil: m.ValidUntil()})
				return nil
			})
			if err != nil {
				if apperr.IsKind(err, apperr.KindNotFound) {
					return apperr.NotFound("member_not_found", "所选会员不存在，未审批任何会员")
				}
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (s *FeeService) updateSettings(ctx context.Context, cmd UpdateFeeSettings) error {
	p := cmd.Principal
	if p.IsMember() {
		return apperr.Forbidden("forbidden", "您没有权限修改会费设置")
	}
	// The association's settings are the admin's: the permission of managing
	// staff accounts (staff:manage) stands for it.
	if err := allow(s.d.Authorizer, p, access.ObjStaff, access.ActManage); err != nil {
		if apperr.IsKind(err, apperr.KindForbidden) {
			return apperr.Forbidden("forbidden", "您没有权限修改会费设置")
		}
		return err
	}
	payee := cmd.Payee
	payee.Normalize()
	var v apperr.Validation
	for _, e := range []error{cmd.Fees.Validate(), payee.Validate()} {
		if e != nil {
			for _, f := range apperr.As(e).Fields {
				v.Add(f.Field, f.Code, f.Message)
			}
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	if !s.d.Settings.Writable() {
		return apperr.Conflict("settings_readonly", "会费设置由系统配置决定，不能在线修改")
	}
	return s.d.Settings.Store(ctx, feesettings.Settings{Fees: cmd.Fees, Payee: payee, UpdatedAt: s.now(),
		UpdatedBy: p.ID})
}

// sweepBatch is how many candidates a sweep loads at a time, sweepTxSize how
// many members it changes in one transaction (far fewer commits; each member is
// still locked and checked on its own).
const (
	sweepBatch  = 500
	sweepTxSize = 100
)

func groups(ids []string, n int) [][]string {
	var out [][]string
	for len(ids) > n {
		out = append(out, ids[:n])
		ids = ids[n:]
	}
	if len(ids) > 0 {
		out = append(out, ids)
	}
	return out
}

// sweepGroup applies the renewal policy to members in one transaction and
// reports how many changed.
func (s *FeeService) sweepGroup(ctx context.Context, ids []string, now time.Time) (int, error) {
	changed := 0
	run := func(ctx context.Context) error {
		changed = 0
		for _, mid := range ids {
			err := s.d.Members.Update(ctx, mid, func(_ context.Context, m *member.Member) error {
				ok, err := m.SweepRenewal(now, s.o.Renewal)
				if err != nil {
					return err
				}
				if !ok {
					return errUnchanged
				}
				return nil
			})
			switch {
			case err == nil:
				changed++
			case errors.Is(err, errUnchanged), apperr.IsKind(err, apperr.KindNotFound):
			default:
				return err
			}
		}
		return nil
	}
	if s.d.Tx == nil {
		return changed, run(ctx)
	}
	err := s.d.Tx.InTx(ctx, run)
	if err != nil {
		return 0, err
	}
	return changed, nil
}

func (s *FeeService) sweep(ctx context.Context, holder string) (SweepResult, error) {
	if s.d.Leases == nil || s.d.Renewals == nil {
		return SweepResult{}, nil
	}
	now := s.now()
	ok, err := s.d.Leases.Acquire(ctx, RenewalSweepLease, holder, now, s.o.SweepLeaseTTL)
	if err != nil || !ok {
		return SweepResult{}, err
	}
	res := SweepResult{Ran: true}
	q := ports.RenewalQuery{Today: payment.Day(now), Policy: s.o.Renewal, Limit: sweepBatch}
	for {
		ids, err := s.d.Renewals.RenewalCandidates(ctx, q)
		if err != nil {
			return res, err
		}
		for _, group := range groups(ids, sweepTxSize) {
			n, err := s.sweepGroup(ctx, group, now)
			res.Examined += len(group)
			res.Changed += n
			if err != nil {
				return res, err
			}
		}
		if len(ids) < sweepBatch {
			return res, nil
		}
		q.After = ids[len(ids)-1]
	}
}
