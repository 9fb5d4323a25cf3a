package httpapi

import (
	"net/http"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/member"
)

// pendingMembershipJSON is a member awaiting the secretariat (schema
// PendingMembership).
type pendingMembershipJSON struct {
	MemberID    string       `json:"member_id"`
	Name        string       `json:"name"`
	Number      *string      `json:"number"`
	Kind        string       `json:"kind"`
	KindLabel   string       `json:"kind_label"`
	Level       string       `json:"level"`
	Email       string       `json:"email"`
	ForwardedAt string       `json:"forwarded_at"`
	Payment     *paymentJSON `json:"payment"`
}

// pendingMembershipsJSON is a page of the secretariat's queue (schema
// PendingMemberships).
type pendingMembershipsJSON struct {
	Items    []pendingMembershipJSON `json:"items"`
	Total    int                     `json:"total"`
	Page     int                     `json:"page"`
	PageSize int                     `json:"page_size"`
	Pages    int                     `json:"pages"`
}

// listPendingMemberships is GET /memberships/pending: 秘书处审批 — the members whose
// fee is confirmed and who await the final approval.
func (a *API) listPendingMemberships(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	page, size, err := pageParams(req)
	if err != nil {
		return err
	}
	res, err := a.app.Queries.SecretariatQueue.Handle(req.Context(), query.SecretariatQueue{Principal: s.Principal,
		Kind: member.Kind(req.URL.Query().Get("kind")), Page: page, PageSize: size})
	if err != nil {
		return err
	}
	out := pendingMembershipsJSON{Total: res.Total, Page: res.Page, PageSize: res.PageSize, Pages: res.Pages,
		Items: make([]pendingMembershipJSON, len(res.Items))}
	for i, it := range res.Items {
		j := pendingMembershipJSON{MemberID: it.MemberID, Name: it.Name, Number: optional(it.Number),
			Kind: string(it.Kind), KindLabel: it.KindLabel, Level: it.Level, Email: it.Email,
			ForwardedAt: timestamp(it.ForwardedAt)}
		if it.Payment != nil {
			p := newPaymentJSON(*it.Payment)
			j.Payment = &p
		}
		out.Items[i] = j
	}
	return a.ok(w, http.StatusOK, out)
}

// approveMembershipsRequest is the secretariat's approval (schema
// MembershipApproval).
type approveMembershipsRequest struct {
	MemberIDs []string `json:"member_ids"`
	DocNo     string   `json:"doc_no"`
}

// approvedMembershipJSON is one approved member (schema ApprovedMembership).
type approvedMembershipJSON struct {
	MemberID   string `json:"member_id"`
	Name       string `json:"name"`
	Number     string `json:"number"`
	DocNo      string `json:"doc_no"`
	ValidFrom  string `json:"valid_from"`
	ValidUntil string `json:"valid_until"`
}

// approvedMembershipsJSON lists the approved members (schema
// ApprovedMemberships).
type approvedMembershipsJSON struct {
	Items []approvedMembershipJSON `json:"items"`
}

// approveMemberships is POST /memberships/approve: the final approval of one or
// many members with the 文号, all or none; validity is one year from today.
func (a *API) approveMemberships(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var in approveMembershipsRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	res, err := a.app.Commands.ApproveMemberships.Handle(req.Context(), command.ApproveMemberships{
		Principal: s.Principal, MemberIDs: in.MemberIDs, DocNo: in.DocNo})
	if err != nil {
		return err
	}
	out := approvedMembershipsJSON{Items: make([]approvedMembershipJSON, len(res))}
	for i, m := range res {
		out.Items[i] = approvedMembershipJSON{MemberID: m.MemberID, Name: m.Name, Number: m.Number, DocNo: m.DocNo,
			ValidFrom:  m.ValidFrom.UTC().Format(time.DateOnly),
			ValidUntil: m.ValidUntil.UTC().Format(time.DateOnly)}
	}
	return a.ok(w, http.StatusOK, out)
}
