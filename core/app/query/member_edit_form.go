package query

import (
	"context"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// MemberEditForm asks for the values of a member's 编辑资料 form.
type MemberEditForm struct {
	Principal access.Principal
	MemberID  string
}

// MemberEditFormView is a member's editable data as stored: the name, the
// form's fields with their raw values (codes, not labels) and the version the
// edit must carry back.
type MemberEditFormView struct {
	ID      string
	Name    string
	Number  string
	Kind    member.Kind
	Version int64
	// HasForm is false before the member saved a form: only the name is
	// editable then.
	HasForm bool
	Fields  []application.Field
}

// MemberEditFormHandler loads the edit form.
type MemberEditFormHandler struct {
	members ports.MemberRepository
	authz   ports.Authorizer
}

// NewMemberEditFormHandler builds the handler.
func NewMemberEditFormHandler(members ports.MemberRepository, authz ports.Authorizer) *MemberEditFormHandler {
	return &MemberEditFormHandler{members: members, authz: authz}
}

// Handle returns the form for staff who may edit members (member:write).
func (h *MemberEditFormHandler) Handle(ctx context.Context, q MemberEditForm) (MemberEditFormView, error) {
	if err := access.Authorize(h.authz, q.Principal, access.EditMember, ""); err != nil {
		return MemberEditFormView{}, err
	}
	m, err := h.members.Get(ctx, q.MemberID)
	if err != nil {
		return MemberEditFormView{}, err
	}
	v := MemberEditFormView{ID: m.ID(), Name: m.Name(), Number: m.Number(), Kind: m.Kind(), Version: m.Version(),
		HasForm: m.Application().Started()}
	if v.HasForm {
		if m.Kind() == member.Individual {
			v.Fields = m.Application().Individual.Fields()
		} else {
			v.Fields = m.Application().Enterprise.Fields()
		}
	}
	return v, nil
}
