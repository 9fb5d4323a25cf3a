package command

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// SaveApplicationDraft is 「保存」 (or 「下一步」) on the application form (step ②).
// Exactly one of the forms is set: the one of the member's kind.
type SaveApplicationDraft struct {
	Principal  access.Principal
	Enterprise *application.EnterpriseForm
	Individual *application.IndividualForm
	// RequireComplete refuses an incomplete form (「下一步」 to step ③); a plain
	// save accepts a partial draft as long as what is filled is well-formed.
	RequireComplete bool
}

// SaveApplicationDraftHandler stores application drafts.
type SaveApplicationDraftHandler struct {
	members ports.MemberRepository
	files   ports.FileStore
	authz   ports.Authorizer
	clock   ports.Clock
}

// NewSaveApplicationDraftHandler builds the handler.
func NewSaveApplicationDraftHandler(members ports.MemberRepository, files ports.FileStore, authz ports.Authorizer,
	clock ports.Clock) *SaveApplicationDraftHandler {
	return &SaveApplicationDraftHandler{members: members, files: files, authz: authz, clock: clock}
}

// Handle validates and stores the member's own form. Nothing is stored when a
// field is wrong. A changed enterprise form detaches the stamped scan, whose file
// is deleted once the change is stored.
func (h *SaveApplicationDraftHandler) Handle(ctx context.Context, cmd SaveApplicationDraft) error {
	if err := access.Authorize(h.authz, cmd.Principal, access.EditOwnApplication, cmd.Principal.ID); err != nil {
		return err
	}
	if (cmd.Enterprise == nil) == (cmd.Individual == nil) {
		return apperr.New(apperr.KindInvalid, member.ErrFormKind, "请填写入会申请表")
	}
	now := h.clock.Now()
	var dropped string
	err := h.members.Update(ctx, cmd.Principal.ID, func(_ context.Context, m *member.Member) error {
		if err := m.RequireVerifiedEmail(); err != nil {
			return err
		}
		before := m.Application().Scan.Key
		var err error
		if cmd.Enterprise != nil {
			err = m.SaveEnterpriseForm(*cmd.Enterprise, cmd.RequireComplete, now)
		} else {
			err = m.SaveIndividualForm(*cmd.Individual, cmd.RequireComplete, now)
		}
		if err == nil && before != "" && m.Application().Scan.Key == "" {
			dropped = before
		}
		return err
	})
	if err != nil {
		return err
	}
	if dropped != "" && h.files != nil {
		// A file left behind is harmless; the change itself is stored.
		_ = h.files.Delete(ctx, dropped)
	}
	return nil
}
