package query

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/infochange"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// InfoChangeHistoryLen bounds the requests the member's page lists.
const InfoChangeHistoryLen = 50

// InfoChangePage asks for the member's 信息变更 page.
type InfoChangePage struct {
	Principal access.Principal
}

// InfoChangePageView is the member's data as it stands (the form's raw
// values, pre-filling the change), its pending request if any and its
// requests, newest first.
type InfoChangePageView struct {
	MemberID string
	Kind     member.Kind
	Name     string
	Number   string
	// CanRequest is false before the application is approved.
	CanRequest bool
	Fields     []application.Field
	Pending    *infochange.Request
	History    []infochange.Request
}

// InfoChangeHandlers serve 信息变更's reads: the member's page, the
// reviewers' queue, one request and its proof.
type InfoChangeHandlers struct {
	members ports.MemberRepository
	changes ports.InfoChangeRepository
	files   ports.FileStore
	authz   ports.Authorizer
}

// NewInfoChangeHandlers builds the handlers.
func NewInfoChangeHandlers(members ports.MemberRepository, changes ports.InfoChangeRepository,
	files ports.FileStore, authz ports.Authorizer) *InfoChangeHandlers {
	return &InfoChangeHandlers{members: members, changes: changes, files: files, authz: authz}
}

// Page returns the member's own page.
func (h *InfoChangeHandlers) Page(ctx context.Context, q InfoChangePage) (InfoChangePageView, error) {
	pr := q.Principal
	if err := access.Authorize(h.authz, pr, access.ReadOwnInfoChanges, pr.ID); err != nil {
		return InfoChangePageView{}, err
	}
	m, err := h.members.Get(ctx, pr.ID)
	if err != nil {
		return InfoChangePageView{}, err
	}
	v := InfoChangePageView{MemberID: m.ID(), Kind: m.Kind(), Name: m.Name(), Number: m.Number(),
		CanRequest: m.Number() != "" && m.Application().Started()}
	if m.Kind() == member.Individual {
		v.Fields = m.Application().Individual.Fields()
	} else {
		v.Fields = m.Application().Enterprise.Fields()
	}
	if v.History, err = h.changes.MemberInfoChanges(ctx, m.ID(), InfoChangeHistoryLen); err != nil {
		return v, apperr.Internal(err)
	}
	for i := range v.History {
		if v.History[i].Status == infochange.Pending {
			v.Pending = &v.History[i]
		}
	}
	return v, nil
}

// InfoChangeQueue asks for one page of the reviewers' queue (信息变更审核).
type InfoChangeQueue struct {
	Principal access.Principal
	Status    infochange.Status // empty: pending
	Page      int
	PageSize  int
}

// InfoChangeQueueView is one page of the queue with the counts per status.
type InfoChangeQueueView struct {
	Status   infochange.Status
	Rows     []infochange.Request
	Total    int
	Counts   map[infochange.Status]int
	Page     int
	PageSize int
	Pages    int
}

// Queue returns one page of the queue (reviewers and the admin).
func (h *InfoChangeHandlers) Queue(ctx context.Context, q InfoChangeQueue) (InfoChangeQueueView, error) {
	if err := access.Authorize(h.authz, q.Principal, access.ListInfoChanges, ""); err != nil {
		return InfoChangeQueueView{}, err
	}
	st := q.Status
	if st == "" {
		st = infochange.Pending
	}
	if !st.Valid() {
		var v apperr.Validation
		v.Add("status", "invalid", "未知的审核状态")
		return InfoChangeQueueView{}, v.Err()
	}
	page, size := paging(q.Page, q.PageSize)
	p, err := h.changes.InfoChangeQueue(ctx, ports.InfoChangeQuery{Status: st, Limit: size,
		Offset: (page - 1) * size})
	if err != nil {
		return InfoChangeQueueView{}, apperr.Internal(err)
	}
	return InfoChangeQueueView{Status: st, Rows: p.Rows, Total: p.Total, Counts: p.Counts, Page: page,
		PageSize: size, Pages: pages(p.Total, size)}, nil
}

// InfoChangeDetail asks for one request: staff any, a member only its own.
type InfoChangeDetail struct {
	Principal access.Principal
	ID        string
}

// Detail returns the request; another member's is NotFound.
func (h *InfoChangeHandlers) Detail(ctx context.Context, q InfoChangeDetail) (infochange.Request, error) {
	r, err := h.changes.GetInfoChange(ctx, strings.TrimSpace(q.ID))
	if err != nil {
		return infochange.Request{}, err
	}
	a := access.ListInfoChanges
	if q.Principal.IsMember() {
		a = access.ReadOwnInfoChanges
		if r.MemberID != q.Principal.ID {
			return infochange.Request{}, infochange.NotFoundError()
		}
	}
	if err := access.Authorize(h.authz, q.Principal, a, r.MemberID); err != nil {
		return infochange.Request{}, err
	}
	return r, nil
}

// ProofFile is a proof's content; the caller closes Body.
type ProofFile struct {
	Body        io.ReadCloser
	ContentType string
	Size        int64
	FileName    string
}

// Proof opens a request's proof for the staff or its member.
func (h *InfoChangeHandlers) Proof(ctx context.Context, q InfoChangeDetail) (ProofFile, error) {
	r, err := h.Detail(ctx, q)
	if err != nil {
		return ProofFile{}, err
	}
	body, err := h.files.Open(ctx, r.Proof.Key)
	if apperr.IsKind(err, apperr.KindNotFound) {
		return ProofFile{}, apperr.NotFound("proof_not_found", "证明材料不存在")
	}
	if err != nil {
		return ProofFile{}, apperr.Internal(fmt.Errorf("open proof: %w", err))
	}
	name := r.Proof.Name
	if name == "" {
		name = fmt.Sprintf("变更证明材料.%s", r.Proof.Format)
	}
	return ProofFile{Body: body, ContentType: r.Proof.ContentType(), Size: r.Proof.Size, FileName: name}, nil
}
