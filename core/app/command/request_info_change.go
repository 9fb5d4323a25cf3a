package command

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/id"
	"github.com/openassoc/membership/core/domain/infochange"
	"github.com/openassoc/membership/core/domain/member"
)

// RequestInfoChange is a member's 信息变更: its data as it wants it (the name
// and the form of its kind) and the proof (.pdf or .jpg, at most 10 MB).
type RequestInfoChange struct {
	Principal  access.Principal
	Name       string
	Enterprise *application.EnterpriseForm
	Individual *application.IndividualForm
	FileName   string    // as uploaded, for display only; the content decides the type
	Content    io.Reader // the proof, read up to infochange.MaxProofBytes + 1 bytes; nil: none
}

// RequestInfoChangeHandler takes members' change requests.
type RequestInfoChangeHandler struct{ p InfoChangePorts }

// NewRequestInfoChangeHandler builds the handler.
func NewRequestInfoChangeHandler(p InfoChangePorts) *RequestInfoChangeHandler {
	return &RequestInfoChangeHandler{p: p}
}

// Handle checks the change with the rules of the member's own form (the
// online application's validators), that it changes something, that no other
// request is pending, that a new name or USCC is free, and the proof by its
// content; then it stores the proof and, in one transaction, the request and
// the member's InfoChangeRequested. Nothing of the member's data changes. It
// returns the request's id; a refused request leaves nothing behind.
func (h *RequestInfoChangeHandler) Handle(ctx context.Context, cmd RequestInfoChange) (string, error) {
	pr := cmd.Principal
	if err := access.Authorize(h.p.Authz, pr, access.RequestOwnInfoChange, pr.ID); err != nil {
		return "", err
	}
	m, err := h.p.Members.Get(ctx, pr.ID)
	if err != nil {
		return "", err
	}
	if m.Number() == "" || !m.Application().Started() {
		return "", apperr.Forbidden("not_a_member", "入会申请通过后才能申请信息变更")
	}
	if _, ok, err := h.p.InfoChanges.PendingInfoChange(ctx, m.ID()); err != nil {
		return "", apperr.Internal(err)
	} else if ok {
		return "", infochange.PendingError()
	}
	now := h.p.now()
	r, err := h.draft(m, cmd, now)
	if err != nil {
		return "", err
	}
	if err := h.p.checkUnique(ctx, m, r.Name, r.USCC()); err != nil {
		return "", err
	}
	data, format, err := h.p.readProof(ctx, cmd.Content)
	if err != nil {
		return "", err
	}
	r.Proof = infochange.Proof{Key: "info-changes/" + m.ID() + "/" + r.ID + "." + format,
		Name: cleanFileName(cmd.FileName), Format: format, Size: int64(len(data))}
	if err := h.p.Files.Put(ctx, r.Proof.Key, bytes.NewReader(data)); err != nil {
		return "", apperr.Internal(fmt.Errorf("store proof: %w", err))
	}
	err = h.p.Tx.InTx(ctx, func(ctx context.Context) error {
		if err := h.p.InfoChanges.AddInfoChange(ctx, r); err != nil {
			return err
		}
		return h.p.Members.Update(ctx, m.ID(), func(_ context.Context, m *member.Member) error {
			m.RequestInfoChange(r.ID, r.ChangedLabels(), now)
			return nil
		})
	})
	if err != nil {
		_ = h.p.Files.Delete(context.WithoutCancel(ctx), r.Proof.Key)
		return "", err
	}
	return r.ID, nil
}

// draft checks the change on a copy of the member and returns the request
// (without its proof). A change that changes nothing is refused on "form".
func (h *RequestInfoChangeHandler) draft(m *member.Member, cmd RequestInfoChange,
	at time.Time) (infochange.Request, error) {
	c := member.InfoChange{Name: cmd.Name, Enterprise: cmd.Enterprise, Individual: cmd.Individual}
	if c.Enterprise == nil && c.Individual == nil {
		return infochange.Request{}, apperr.New(apperr.KindInvalid, member.ErrFormKind, "申请信息与会员类型不符")
	}
	after, err := m.PreviewInfoChange(c, at)
	if err != nil {
		if e := apperr.As(err); e.Kind == apperr.KindInvalid && len(e.Fields) == 1 &&
			e.Fields[0].Code == member.ErrNoChange {
			var v apperr.Validation
			v.Add("form", infochange.ErrNoChange, "您没有修改任何信息，请修改需要变更的项目后再提交")
			return infochange.Request{}, v.Err()
		}
		return infochange.Request{}, err
	}
	r := infochange.Request{ID: id.New(at), MemberID: m.ID(), Kind: m.Kind(), MemberName: m.Name(),
		Number: m.Number(), Status: infochange.Pending, Name: after["name"], Before: m.Profile(), After: after,
		CreatedAt: at}
	// The forms as the member's copy normalised them: what approval applies.
	if m.Kind() == member.Individual {
		f := *cmd.Individual
		f.Name = r.Name
		f.Normalize()
		r.Individual = &f
	} else {
		f := *cmd.Enterprise
		f.Name = r.Name
		f.Normalize()
		r.Enterprise = &f
	}
	return r, nil
}
