package query

import (
	"context"
	"fmt"
	"strings"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// allowPaymentStaff lets only staff with payment:read (finance, admin) in.
func allowPaymentStaff(authz ports.Authorizer, p access.Principal) error {
	if p.IsMember() {
		return apperr.Forbidden("forbidden", "您没有权限查看此内容")
	}
	return allow(authz, p, access.ObjPayment, access.ActRead)
}

// allowPaymentRead lets the owner or staff with payment:read see a member's
// payment; another member is told it does not exist.
func allowPaymentRead(authz ports.Authorizer, p access.Principal, ownerID string) error {
	if err := access.CheckOwner(p, ownerID); err != nil {
		return err
	}
	return allow(authz, p, access.ObjPayment, access.ActRead)
}

func paging(page, size int) (int, int) {
	if size <= 0 {
		size = DefaultPageSize
	}
	return max(page, 1), min(size, MaxPageSize)
}

func pages(total, size int) int { return (total + size - 1) / size }

func paymentItem(p *payment.Payment, m *member.Member) PaymentItem {
	it := PaymentItem{ID: p.ID, MemberID: p.MemberID, Purpose: p.Purpose, PurposeLabel: p.Purpose.Label(),
		Method: p.Method, MethodLabel: p.Method.Label(), Status: p.Status, StatusLabel: p.Status.Label(),
		AmountFen: p.AmountFen, AmountText: payment.Yuan(p.AmountFen), PaidFen: p.PaidFen, PaidOn: p.PaidOn,
		BankRef: p.BankRef, OutTradeNo: p.OutTradeNo, TradeNo: p.TradeNo, Source: p.Source,
		Sandbox: p.Sandbox, HasVoucher: p.Voucher.Present(), VoucherName: p.Voucher.FileName, Reason: p.Reason,
		CreatedAt: p.Created, HandledAt: p.Handled}
	if p.Method == payment.MethodAlipay && p.Status == payment.StatusOpen {
		it.StatusLabel = "待支付"
	}
	if it.HasVoucher && it.VoucherName == "" {
		it.VoucherName = "缴费凭证" + p.Voucher.Extension()
	}
	if m != nil {
		it.MemberName, it.MemberNumber, it.MemberKind = m.Name(), m.Number(), m.Kind()
		it.KindLabel, it.MemberLevel, it.PaymentRef, it.MemberStatus = m.Kind().Label(), string(m.Level()),
			m.PaymentRef(), m.Status()
	}
	return it
}

// FeesText is the schedule line of the 缴纳会费 page.
func FeesText(f payment.Fees) string {
	return fmt.Sprintf("普通单位会员%s/年 理事及以上单位会员%s/年 个人会员%s/年",
		payment.Yuan(f.Ordinary), payment.Yuan(f.Council), payment.Yuan(f.Individual))
}

func feePage(ctx context.Context, d FeeDeps, q FeePage) (FeePageView, error) {
	p := q.Principal
	if !p.IsMember() {
		return FeePageView{}, access.MembersOnly(p)
	}
	if err := allow(d.Authorizer, p, access.ObjPayment, access.ActRead); err != nil {
		return FeePageView{}, err
	}
	m, err := d.Members.Get(ctx, p.ID)
	if err != nil {
		return FeePageView{}, err
	}
	if err := access.CheckOwner(p, m.ID()); err != nil {
		return FeePageView{}, err
	}
	ref := m.PaymentRef()
	_, due := payment.PurposeFor(m.Status())
	if ref == "" && d.EnsureRef != nil && m.Number() != "" {
		if ref, err = d.EnsureRef(ctx, m.ID()); err != nil {
			return FeePageView{}, err
		}
	}
	st, err := d.Settings.Current(ctx)
	if err != nil {
		return FeePageView{}, apperr.Internal(err)
	}
	ps, err := d.Payments.ListForMember(ctx, m.ID(), 50)
	if err != nil {
		return FeePageView{}, apperr.Internal(err)
	}
	amount := st.Fees.For(m.Kind(), m.Level())
	v := FeePageView{MemberID: m.ID(), Name: m.Name(), Number: m.Number(), Kind: m.Kind(), KindLabel: m.Kind().Label(),
		Level: string(m.Level()), Status: m.Status(), StatusLabel: m.Status().Label(), ValidUntil: m.ValidUntil(),
		Fees: st.Fees, FeesText: FeesText(st.Fees), AmountDueFen: amount, AmountDueText: payment.Yuan(amount) + "/年",
		Payee: st.Payee, Remark: payment.Remark, PaymentRef: ref, Invoice: payment.InvoiceNone,
		History: make([]PaymentItem, 0, len(ps))}
	v.Purpose, v.Payable = payment.PurposeFor(m.Status())
	var open, lastRejected *payment.Payment
	for _, pay := range ps {
		v.History = append(v.History, paymentItem(pay, nil))
		if pay.Status == payment.StatusOpen && pay.Method != payment.MethodAlipay && open == nil {
			open = pay
		}
		if pay.Status == payment.StatusRejected && lastRejected == nil {
			lastRejected = pay
		}
	}
	if open != nil {
		it := paymentItem(open, nil)
		v.OpenPayment = &it
	}
	v.State = payment.StateOf(m.Status(), open != nil)
	v.StatusLine = payment.StatusLine(m.Kind(), v.State, v.Invoice)
	v.CanClaim = due && open == nil && m.Status() != member.StatusPaymentClaimed
	v.CanUploadVoucher = v.CanClaim
	v.CanPayOnline = due && m.Kind() == member.Individual && d.Gateway != nil
	if lastRejected != nil && v.CanClaim && ps[0] == lastRejected {
		v.RejectReason = lastRejected.Reason // the latest claim was returned
	}
	return v, nil
}

func onlineView(p *payment.Payment) OnlinePaymentView {
	v := OnlinePaymentView{PaymentID: p.ID, OutTradeNo: p.OutTradeNo, AmountFen: p.AmountFen,
		AmountText: payment.Yuan(p.AmountFen), Status: p.Status, StatusLabel: p.Status.Label(),
		Paid: p.Status == payment.StatusConfirmed}
	switch p.Status {
	case payment.StatusConfirmed:
		v.Message = "支付成功，会费已确认"
		v.StatusLabel = "已支付"
	case payment.StatusDuplicate:
		v.Message = "支付成功，但会费此前已缴纳，协会财务将与您联系退款"
	case payment.StatusClosed:
		v.Message = "订单已关闭，如已付款请联系协会财务"
	default:
		v.Message = "支付结果确认中，请稍后刷新页面"
		v.StatusLabel = "待支付"
	}
	return v
}

func ownOrder(ctx context.Context, d FeeDeps, p access.Principal, outTradeNo string) (*payment.Payment, error) {
	if !p.IsMember() {
		return nil, access.MembersOnly(p)
	}
	o, err := d.Payments.GetByOutTradeNo(ctx, strings.TrimSpace(outTradeNo))
	if apperr.IsKind(err, apperr.KindNotFound) || (err == nil && o.MemberID != p.ID) {
		return nil, apperr.NotFound("payment_not_found", "订单不存在")
	}
	if err != nil {
		return nil, apperr.Internal(err)
	}
	return o, nil
}

func onlinePayment(ctx context.Context, d FeeDeps, q OnlinePayment) (OnlinePaymentView, error) {
	o, err := ownOrder(ctx, d, q.Principal, q.OutTradeNo)
	if err != nil {
		return OnlinePaymentView{}, err
	}
	return onlineView(o), nil
}

func onlinePaymentReturn(ctx context.Context, d FeeDeps, q OnlinePaymentReturn) (OnlinePaymentView, error) {
	if d.Gateway == nil {
		return OnlinePaymentView{}, apperr.NotFound("online_payment_unavailable", "暂未开通在线支付")
	}
	gp, err := d.Gateway.VerifyReturn(ctx, q.Query)
	if err != nil {
		return OnlinePaymentView{}, err
	}
	o, err := ownOrder(ctx, d, q.Principal, gp.OutTradeNo)
	if err != nil {
		return OnlinePaymentView{}, err
	}
	return onlineView(o), nil
}

func paymentQueue(ctx context.Context, d FeeDeps, q PaymentQueue) (PaymentQueuePage, error) {
	if err := allowPaymentStaff(d.Authorizer, q.Principal); err != nil {
		return PaymentQueuePage{}, err
	}
	var v apperr.Validation
	f := ports.PaymentFilter{}
	switch q.Status {
	case "":
		q.Status = payment.StatusOpen
	case payment.StatusOpen, payment.StatusConfirmed, payment.StatusRejected, payment.StatusDuplicate,
		payment.StatusClosed:
	default:
		v.Add("status", "status_invalid", "未知的缴费状态")
	}
	f.Statuses = []payment.Status{q.Status}
	switch q.Method {
	case "":
		if q.Status == payment.StatusOpen {
			f.Methods = []payment.Method{payment.MethodTransfer, payment.MethodVoucher}
		}
	case payment.MethodTransfer, payment.MethodVoucher, payment.MethodAlipay:
		f.Methods = []payment.Method{q.Method}
	default:
		v.Add("method", "method_invalid", "未知的缴费方式")
	}
	if err := v.Err(); err != nil {
		return PaymentQueuePage{}, err
	}
	q.Page, q.PageSize = paging(q.Page, q.PageSize)
	f.Limit, f.Offset = q.PageSize, (q.Page-1)*q.PageSize
	rows, total, err := d.Payments.List(ctx, f)
	if err != nil {
		return PaymentQueuePage{}, apperr.Internal(err)
	}
	counts, err := d.Payments.Count(ctx)
	if err != nil {
		return PaymentQueuePage{}, apperr.Internal(err)
	}
	out := PaymentQueuePage{Status: q.Status, Total: total, Page: q.Page, PageSize: q.PageSize,
		Pages: pages(total, q.PageSize), Counts: counts, Items: make([]PaymentItem, 0, len(rows))}
	for _, r := range rows {
		out.Items = append(out.Items, paymentItem(r.Payment, r.Member))
	}
	return out, nil
}

func paymentDetail(ctx context.Context, d FeeDeps, q PaymentDetail) (PaymentDetailView, error) {
	p, err := d.Payments.Get(ctx, strings.TrimSpace(q.PaymentID))
	if err != nil {
		if apperr.IsKind(err, apperr.KindNotFound) {
			return PaymentDetailView{}, apperr.NotFound("payment_not_found", "缴费记录不存在")
		}
		return PaymentDetailView{}, err
	}
	if err := allowPaymentRead(d.Authorizer, q.Principal, p.MemberID); err != nil {
		return PaymentDetailView{}, err
	}
	m, err := d.Members.Get(ctx, p.MemberID)
	if err != nil {
		return PaymentDetailView{}, err
	}
	v := PaymentDetailView{PaymentItem: paymentItem(p, m)}
	if _, ok := payment.PurposeFor(m.Status()); ok {
		st, err := d.Settings.Current(ctx)
		if err != nil {
			return PaymentDetailView{}, apperr.Internal(err)
		}
		v.DueFen = st.Fees.For(m.Kind(), m.Level())
	}
	if q.Principal.IsStaff() && p.Status == payment.StatusOpen && p.Method != payment.MethodAlipay {
		ok, err := d.Authorizer.Allowed(q.Principal.Role, access.ObjPayment, access.ActConfirm)
		if err != nil {
			return PaymentDetailView{}, apperr.Internal(err)
		}
		v.CanConfirm = ok
	}
	ps, err := d.Payments.ListForMember(ctx, m.ID(), 20)
	if err != nil {
		return PaymentDetailView{}, apperr.Internal(err)
	}
	for _, o := range ps {
		if o.ID != p.ID {
			v.History = append(v.History, paymentItem(o, nil))
		}
	}
	return v, nil
}

func paymentVoucher(ctx context.Context, d FeeDeps, q PaymentVoucher) (VoucherFile, error) {
	p, err := d.Payments.Get(ctx, strings.TrimSpace(q.PaymentID))
	if err != nil {
		if apperr.IsKind(err, apperr.KindNotFound) {
			return VoucherFile{}, apperr.NotFound("voucher_not_found", "缴费凭证不存在")
		}
		return VoucherFile{}, err
	}
	if err := allowPaymentRead(d.Authorizer, q.Principal, p.MemberID); err != nil {
		return VoucherFile{}, err
	}
	if !p.Voucher.Present() {
		return VoucherFile{}, apperr.NotFound("voucher_not_found", "该缴费记录没有缴费凭证")
	}
	body, err := d.Files.Open(ctx, p.Voucher.Key)
	if apperr.IsKind(err, apperr.KindNotFound) {
		return VoucherFile{}, apperr.NotFound("voucher_not_found", "缴费凭证不存在")
	}
	if err != nil {
		return VoucherFile{}, apperr.Internal(fmt.Errorf("open voucher: %w", err))
	}
	name := p.Voucher.FileName
	if name == "" {
		name = "缴费凭证" + p.Voucher.Extension()
	}
	return VoucherFile{Body: body, ContentType: p.Voucher.ContentType, Size: p.Voucher.Size, FileName: name}, nil
}

func statementSummary(s payment.Statement) StatementSummary {
	return StatementSummary{ID: s.ID, FileName: s.FileName, Format: s.Format, StaffID: s.StaffID,
		UploadedAt: s.UploadedAt, Lines: s.Lines, NewLines: s.NewLines}
}

func statements(ctx context.Context, d FeeDeps, q Statements) (StatementList, error) {
	if err := allowPaymentStaff(d.Authorizer, q.Principal); err != nil {
		return StatementList{}, err
	}
	q.Page, q.PageSize = paging(q.Page, q.PageSize)
	list, total, err := d.Statements.List(ctx, q.PageSize, (q.Page-1)*q.PageSize)
	if err != nil {
		return StatementList{}, apperr.Internal(err)
	}
	out := StatementList{Total: total, Page: q.Page, PageSize: q.PageSize, Pages: pages(total, q.PageSize),
		Items: make([]StatementSummary, len(list))}
	for i, s := range list {
		out.Items[i] = statementSummary(s)
	}
	return out, nil
}

// lineItems maps lines, naming their members.
func lineItems(ctx context.Context, d FeeDeps, lines []payment.StoredLine) ([]StatementLineItem, error) {
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
		m, err := d.Members.Get(ctx, mid)
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
			AmountText: payment.Yuan(l.AmountFen), PayerName: l.PayerName, Remark: l.Remark, BankRef: l.BankRef,
			Status: l.Status, StatusLabel: l.Status.Label(), Match: l.Match.Kind, MatchLabel: l.Match.Kind.Label(),
			Message: l.Match.Message, PaymentID: l.PaymentID, Confirmable: l.Status == payment.LineMatched}
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

func statementDetail(ctx context.Context, d FeeDeps, q StatementDetail) (StatementView, error) {
	if err := allowPaymentStaff(d.Authorizer, q.Principal); err != nil {
		return StatementView{}, err
	}
	s, lines, err := d.Statements.Get(ctx, strings.TrimSpace(q.StatementID))
	if err != nil {
		return StatementView{}, err
	}
	items, err := lineItems(ctx, d, lines)
	if err != nil {
		return StatementView{}, err
	}
	v := StatementView{Statement: statementSummary(s), Lines: items}
	for _, l := range lines {
		switch l.Status {
		case payment.LineMatched:
			v.Matched++
		case payment.LineUnmatched:
			v.Unmatched++
			if l.Match.Kind == payment.MatchAmbiguous {
				v.Ambiguous++
			}
		case payment.LineConfirmed:
			v.Confirmed++
		case payment.LineIgnored:
			v.Ignored++
		}
	}
	ok, err := d.Authorizer.Allowed(q.Principal.Role, access.ObjPayment, access.ActConfirm)
	if err != nil {
		return StatementView{}, apperr.Internal(err)
	}
	v.CanConfirm = ok && v.Matched > 0 && v.Ambiguous == 0
	return v, nil
}

func unmatchedLines(ctx context.Context, d FeeDeps, q UnmatchedLines) (StatementLinePage, error) {
	if err := allowPaymentStaff(d.Authorizer, q.Principal); err != nil {
		return StatementLinePage{}, err
	}
	q.Page, q.PageSize = paging(q.Page, q.PageSize)
	lines, total, err := d.Statements.Lines(ctx, payment.LineUnmatched, q.PageSize, (q.Page-1)*q.PageSize)
	if err != nil {
		return StatementLinePage{}, apperr.Internal(err)
	}
	items, err := lineItems(ctx, d, lines)
	if err != nil {
		return StatementLinePage{}, err
	}
	return StatementLinePage{Items: items, Total: total, Page: q.Page, PageSize: q.PageSize,
		Pages: pages(total, q.PageSize)}, nil
}

func secretariatQueue(ctx context.Context, d FeeDeps, q SecretariatQueue) (SecretariatQueuePage, error) {
	if q.Principal.IsMember() {
		return SecretariatQueuePage{}, apperr.Forbidden("forbidden", "您没有权限查看此内容")
	}
	if err := allow(d.Authorizer, q.Principal, access.ObjMembership, access.ActRead); err != nil {
		return SecretariatQueuePage{}, err
	}
	if q.Kind != "" && !q.Kind.Valid() {
		var v apperr.Validation
		v.Add("kind", "kind_invalid", "未知的会员类型")
		return SecretariatQueuePage{}, v.Err()
	}
	q.Page, q.PageSize = paging(q.Page, q.PageSize)
	ms, total, err := d.Lookup.ListByStatus(ctx, member.StatusAwaitingSecretariat, q.Kind, q.PageSize,
		(q.Page-1)*q.PageSize)
	if err != nil {
		return SecretariatQueuePage{}, apperr.Internal(err)
	}
	out := SecretariatQueuePage{Total: total, Page: q.Page, PageSize: q.PageSize, Pages: pages(total, q.PageSize),
		Items: make([]MembershipItem, 0, len(ms))}
	for _, m := range ms {
		it := MembershipItem{MemberID: m.ID(), Name: m.Name(), Number: m.Number(), Kind: m.Kind(),
			KindLabel: m.Kind().Label(), Level: string(m.Level()), Email: m.Email(), ForwardedAt: m.UpdatedAt()}
		ps, err := d.Payments.ListForMember(ctx, m.ID(), 10)
		if err != nil {
			return SecretariatQueuePage{}, apperr.Internal(err)
		}
		for _, p := range ps {
			if p.Status == payment.StatusConfirmed && p.Purpose == payment.PurposeJoin {
				pi := paymentItem(p, m)
				it.Payment = &pi
				break
			}
		}
		out.Items = append(out.Items, it)
	}
	return out, nil
}

func feeSettings(ctx context.Context, d FeeDeps, q FeeSettings) (FeeSettingsView, error) {
	p := q.Principal
	if p.IsMember() {
		return FeeSettingsView{}, apperr.Forbidden("forbidden", "您没有权限查看此内容")
	}
	manage, err := allowed(d.Authorizer, p, access.ObjStaff, access.ActManage)
	if err != nil {
		return FeeSettingsView{}, err
	}
	if !manage {
		if err := allow(d.Authorizer, p, access.ObjPayment, access.ActRead); err != nil {
			return FeeSettingsView{}, err
		}
	}
	st, err := d.Settings.Current(ctx)
	if err != nil {
		return FeeSettingsView{}, apperr.Internal(err)
	}
	return FeeSettingsView{Fees: st.Fees, Payee: st.Payee, Remark: payment.Remark, UpdatedAt: st.UpdatedAt,
		UpdatedBy: st.UpdatedBy, Writable: manage && d.Settings.Writable()}, nil
}

// allowed asks the policy without turning a refusal into an error.
func allowed(authz ports.Authorizer, p access.Principal, object, action string) (bool, error) {
	if !p.IsMember() && !p.IsStaff() {
		return false, apperr.Unauthorized("login_required", "请先登录")
	}
	ok, err := authz.Allowed(p.Role, object, action)
	if err != nil {
		return false, apperr.Internal(fmt.Errorf("authorize %s %s %s: %w", p.Role, object, action, err))
	}
	return ok, nil
}
