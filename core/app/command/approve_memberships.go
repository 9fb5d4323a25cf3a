package command

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// ApproveMemberships is the secretariat's final approval of one or many paid
// members, with the approval document number (文号).
type ApproveMemberships struct {
	Principal access.Principal
	MemberIDs []string
	DocNo     string
}

// ApprovedMembership is one approved member and its validity.
type ApprovedMembership struct {
	MemberID   string
	Name       string
	Number     string
	DocNo      string
	ValidFrom  time.Time // the approval day (midnight UTC of the association's calendar day)
	ValidUntil time.Time // one year on: 2019-09-21 → 2020-09-20
}

// ApproveMembershipsHandler approves memberships.
type ApproveMembershipsHandler struct {
	members ports.MemberRepository
	tx      ports.Transactor
	authz   ports.Authorizer
	clock   ports.Clock
	loc     *time.Location
	audit   *Auditor
}

// NewApproveMembershipsHandler builds the handler; loc is the association's time
// zone. Each approved member gets its audit entry (文号, validity) in the
// approval's transaction.
func NewApproveMembershipsHandler(members ports.MemberRepository, tx ports.Transactor, authz ports.Authorizer,
	clock ports.Clock, loc *time.Location, audit *Auditor) *ApproveMembershipsHandler {
	return &ApproveMembershipsHandler{members: members, tx: tx, authz: authz, clock: clock, loc: orUTC(loc),
		audit: audit}
}

// Handle approves every listed member awaiting the secretariat (membership:approve),
// all in one transaction: if one cannot be approved (not awaiting, unknown), none
// is, and the error names it. The approval day is today in the association's
// time zone.
func (h *ApproveMembershipsHandler) Handle(ctx context.Context, cmd ApproveMemberships) ([]ApprovedMembership, error) {
	if err := access.Authorize(h.authz, cmd.Principal, access.ApproveMembership, ""); err != nil {
		return nil, err
	}
	ids, docNo, err := checkApproval(cmd)
	if err != nil {
		return nil, err
	}
	sort.Strings(ids)
	now := h.clock.Now().In(h.loc)
	var out []ApprovedMembership
	err = h.tx.InTx(ctx, func(ctx context.Context) error {
		out = out[:0]
		for _, mid := range ids {
			err := h.members.Update(ctx, mid, func(ctx context.Context, m *member.Member) error {
				if err := m.ApproveMembership(docNo, now, now); err != nil {
					e := *apperr.As(err)
					e.Message = fmt.Sprintf("会员【%s】：%s。未审批任何会员。", m.Name(), e.Message)
					return &e
				}
				a := ApprovedMembership{MemberID: m.ID(), Name: m.Name(), Number: m.Number(),
					DocNo: m.ApprovalDocNo(), ValidFrom: m.ValidFrom(), ValidUntil: m.ValidUntil()}
				out = append(out, a)
				return h.audit.Record(ctx, cmd.Principal, audit.Entry{Action: audit.MembershipApprove,
					MemberID: m.ID(), Subject: "member:" + m.ID(), Summary: approvedSummary(a)})
			})
			if apperr.IsKind(err, apperr.KindNotFound) {
				return apperr.NotFound("member_not_found", "所选会员不存在，未审批任何会员")
			} else if err != nil {
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

// approvedSummary is the audit log's line of one approval:
// 「秘书处审批通过，文号 …，有效期 2019-09-21 至 2020-09-20」.
func approvedSummary(a ApprovedMembership) string {
	return fmt.Sprintf("秘书处审批通过，文号 %s，有效期 %s 至 %s", a.DocNo, a.ValidFrom.Format(time.DateOnly),
		a.ValidUntil.Format(time.DateOnly))
}

// checkApproval validates the selection (1 to 500 members) and the document
// number, and returns them trimmed.
func checkApproval(cmd ApproveMemberships) ([]string, string, error) {
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
	return ids, docNo, v.Err()
}
