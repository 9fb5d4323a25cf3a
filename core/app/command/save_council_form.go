package command

import (
	"context"
	"slices"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/council"
	"github.com/openassoc/membership/core/domain/id"
)

// SaveCouncilForm saves one of the member's council forms (完善理事资料): as a
// draft (保存草稿) or, with Submit, as completed (提交).
type SaveCouncilForm struct {
	Principal access.Principal
	Kind      council.Kind
	Values    map[string]string
	Rows      []council.Row
	Submit    bool
}

// SaveCouncilFormHandler saves council forms.
type SaveCouncilFormHandler struct{ p CouncilPorts }

// NewSaveCouncilFormHandler builds the handler.
func NewSaveCouncilFormHandler(p CouncilPorts) *SaveCouncilFormHandler {
	return &SaveCouncilFormHandler{p: p}
}

// Handle checks the values (every required field for a submission, shapes
// only for a draft) and stores the form in one transaction, returning its ID.
// A member below 理事 is Forbidden; a form its level does not need is
// NotFound; a submitted or accepted form is a Conflict (read-only until the
// staff return it). Nothing is stored from a refused request.
func (h *SaveCouncilFormHandler) Handle(ctx context.Context, cmd SaveCouncilForm) (string, error) {
	values, rows := council.Normalize(cmd.Kind, cmd.Values, cmd.Rows)
	var saved string
	err := h.p.Tx.InTx(ctx, func(ctx context.Context) error {
		m, err := CouncilMember(ctx, h.p.Members, h.p.Authz, cmd.Principal, access.EditOwnCouncil)
		if err != nil {
			return err
		}
		if !slices.Contains(h.p.Forms.FormsFor(m.Level()), cmd.Kind) {
			return apperr.NotFound(council.ErrNotRequired, "您的会员级别无需填写该资料")
		}
		if err := council.Check(cmd.Kind, values, rows, cmd.Submit); err != nil {
			return err
		}
		f, _, err := h.p.formOf(ctx, m.ID(), cmd.Kind)
		if err != nil {
			return err
		}
		now := h.p.Clock.Now()
		if f.ID == "" {
			f.ID = id.New(now)
		}
		if err := f.Save(values, rows, cmd.Submit, now); err != nil {
			return err
		}
		if err := h.p.Council.PutForm(ctx, f); err != nil {
			return apperr.Internal(err)
		}
		saved = f.ID
		return nil
	})
	return saved, err
}
