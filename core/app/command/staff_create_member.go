package command

import (
	"context"
	"fmt"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/member"
)

// StaffCreateMember is 新建会员: a member the staff enters by hand (one that
// joined on paper), with the fields of registration, optionally its form, its
// level, member number (empty: drawn as for an approval), validity and 文号.
type StaffCreateMember struct {
	Principal  access.Principal
	Kind       string
	Name       string
	Email      string
	Level      string
	Number     string
	ValidFrom  time.Time
	ValidUntil time.Time
	DocNo      string
	Enterprise *application.EnterpriseForm
	Individual *application.IndividualForm
}

// StaffCreateMemberHandler enters members by hand.
type StaffCreateMemberHandler struct{ d RegistryDeps }

// NewStaffCreateMemberHandler builds the handler.
func NewStaffCreateMemberHandler(d RegistryDeps) *StaffCreateMemberHandler {
	return &StaffCreateMemberHandler{d: d}
}

// Handle creates the member (member:create) through the rules of
// self-registration (kind, name, email) and of the member's form, and returns
// its identity. The account gets a random password the member replaces
// through 忘记密码. Without a number the member gets the next one of its kind
// (drawn before the transaction, so a member refused by the database's unique
// constraints after the checks wastes the number it drew); a taken name,
// email or number is an error on its field and nothing is stored. The member
// and its audit entry are one transaction.
func (h *StaffCreateMemberHandler) Handle(ctx context.Context, cmd StaffCreateMember) (string, error) {
	if err := access.Authorize(h.d.Authz, cmd.Principal, access.CreateMember, ""); err != nil {
		return "", err
	}
	kind, _ := member.ParseKind(cmd.Kind)
	hash, err := h.d.Hasher.Hash(auth.NewToken())
	if err != nil {
		return "", apperr.Internal(err)
	}
	e := member.Entry{Registration: member.Registration{Kind: kind, Name: member.NormalizeName(cmd.Name),
		Email: member.NormalizeEmail(cmd.Email), PasswordHash: hash},
		Enterprise: cmd.Enterprise, Individual: cmd.Individual, Level: member.Level(cmd.Level),
		Number: cmd.Number, ValidFrom: cmd.ValidFrom, ValidUntil: cmd.ValidUntil, DocNo: cmd.DocNo}
	now := h.d.now()
	if err := e.Validate(h.d.Levels, now); err != nil {
		return "", err
	}
	if err := h.free(ctx, e); err != nil {
		return "", err
	}
	if e.Number == "" {
		if e.Number, err = h.nextNumber(ctx, kind, now); err != nil {
			return "", err
		}
	} else if err := h.numberFree(ctx, e.Number); err != nil {
		return "", err
	}
	m := member.Enter(e, now)
	// The member and its audit entry commit together: a failing entry leaves
	// no member behind.
	err = inTx(ctx, h.d.Tx, func(ctx context.Context) error {
		if err := h.d.Members.Add(ctx, m); err != nil {
			return err
		}
		return h.d.Audit.Record(ctx, cmd.Principal, audit.Entry{Action: audit.MemberCreate, MemberID: m.ID(),
			Summary: fmt.Sprintf("新建会员【%s】（%s，会员号 %s，%s）", m.Name(), kind.Label(), m.Number(),
				m.Status().Label())})
	})
	if err != nil {
		return "", err
	}
	return m.ID(), nil
}

// nextNumber draws the next member number of the kind (as an approval does).
func (h *StaffCreateMemberHandler) nextNumber(ctx context.Context, kind member.Kind, now time.Time) (string, error) {
	format := h.d.Formats.For(kind)
	seq, err := h.d.Sequences.Next(ctx, format.Scope(kind, now))
	if err != nil {
		return "", apperr.Internal(err)
	}
	number, err := format.Format(now, seq)
	if err != nil {
		return "", &apperr.Error{Kind: apperr.KindInternal, Code: "member_numbers_exhausted",
			Message: "会员号已用完，请管理员调整会员号格式", Err: fmt.Errorf("member number: %w", err)}
	}
	return number, nil
}

// free refuses a name of the kind or an email another member uses, as
// registration does.
func (h *StaffCreateMemberHandler) free(ctx context.Context, e member.Entry) error {
	var v apperr.Validation
	if taken, err := h.d.Members.NameTaken(ctx, e.Kind, e.Name); err != nil {
		return apperr.Internal(err)
	} else if taken {
		v.Add("name", "name_taken", "该名称已被其他会员使用")
	}
	if taken, err := h.d.Members.EmailTaken(ctx, e.Email); err != nil {
		return apperr.Internal(err)
	} else if taken {
		v.Add("email", "email_taken", "该邮箱已被其他会员使用")
	}
	return v.Err()
}

// numberFree refuses a member number another member holds.
func (h *StaffCreateMemberHandler) numberFree(ctx context.Context, number string) error {
	ms, err := h.d.Members.FindForLogin(ctx, number)
	if err != nil {
		return apperr.Internal(err)
	}
	for _, m := range ms {
		if m.Number() == number {
			return apperr.FieldConflict("number", "number_taken", fmt.Sprintf("会员编号 %s 已被其他会员使用", number))
		}
	}
	return nil
}
