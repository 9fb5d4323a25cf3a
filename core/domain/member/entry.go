package member

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/id"
)

// Entry is a member the staff enters by hand (新建会员): one that joined on
// paper. It passes the rules of registration (name, email) and of the
// member's own form; the account gets an unguessable password the member
// replaces through 忘记密码.
type Entry struct {
	Registration
	Enterprise *application.EnterpriseForm
	Individual *application.IndividualForm
	// Level is the enterprise level (empty: 普通会员); individuals are 会员.
	Level Level
	// Number is the member number (the use case draws one when the staff
	// leaves it empty).
	Number string
	// ValidFrom and ValidUntil are the validity, both or neither: with them the
	// member is active, without them approved with the fee due.
	ValidFrom, ValidUntil time.Time
	// DocNo is the approval's 文号, if any.
	DocNo string
}

// Validate checks an entry's fields (the names of the web form and the API).
func (e *Entry) Validate(list LevelList, now time.Time) error {
	var v apperr.Validation
	if !e.Kind.Valid() {
		v.Add("kind", "kind_invalid", "请选择单位会员或个人会员")
	}
	CheckName(&v, "name", e.Kind, e.Name)
	CheckEmail(&v, "email", e.Email)
	e.checkForm(&v, now)
	if e.Kind == Individual {
		e.Level = LevelIndividual
	} else if strings.TrimSpace(string(e.Level)) == "" {
		e.Level = LevelOrdinary
	} else if l, err := list.ParseLevel("level", string(e.Level)); err != nil {
		v.Add("level", apperr.As(err).Fields[0].Code, apperr.As(err).Fields[0].Message)
	} else {
		e.Level = l
	}
	e.Number = strings.ToUpper(strings.TrimSpace(e.Number))
	if e.Number != "" && (!looksLikeNumber.MatchString(e.Number) || len(e.Number) > 20) {
		v.Add("number", "number_invalid", "会员编号只能由数字组成（个人会员可以GR开头），不超过20位")
	}
	switch {
	case e.ValidFrom.IsZero() != e.ValidUntil.IsZero():
		v.Add("valid_until", "validity_incomplete", "请同时填写有效期的起止日期，或都不填")
	case !e.ValidFrom.IsZero() && e.ValidUntil.Before(e.ValidFrom):
		v.Add("valid_until", "validity_order", "有效期截止日期不能早于起始日期")
	}
	e.DocNo = strings.TrimSpace(e.DocNo)
	if utf8.RuneCountInString(e.DocNo) > MaxDocNoLen {
		v.Add("doc_no", "too_long", "文号不能超过100个字符")
	}
	if e.PasswordHash == "" {
		v.Add("password", "required", "请输入密码")
	}
	return v.Err()
}

// checkForm normalizes and validates the form of the entry's kind (what is
// filled must be well-formed, as in a draft).
func (e *Entry) checkForm(v *apperr.Validation, now time.Time) {
	if e.Kind == Individual && e.Enterprise != nil || e.Kind == Enterprise && e.Individual != nil {
		v.Add("form", ErrFormKind, "申请信息与会员类型不符")
		return
	}
	if e.Enterprise != nil {
		e.Enterprise.Name = e.Name
		e.Enterprise.Normalize()
		e.Enterprise.Validate(v, false, now)
	}
	if e.Individual != nil {
		e.Individual.Name = e.Name
		e.Individual.Normalize()
		e.Individual.Validate(v, false, now)
	}
}

// Enter creates the member of a validated entry (see Entry.Validate) with its
// number: approved with the fee due, or active with the given validity. It
// records Created.
func Enter(e Entry, now time.Time) *Member {
	m := &Member{
		id: id.New(now), kind: e.Kind, name: e.Name, email: e.Email, passwordHash: e.PasswordHash,
		status: StatusApproved, level: e.Level, number: e.Number, createdAt: now, updatedAt: now,
	}
	if e.Enterprise != nil {
		m.application.Enterprise = *e.Enterprise
		m.application.SavedAt = now
	}
	if e.Individual != nil {
		m.application.Individual = *e.Individual
		m.application.SavedAt = now
	}
	m.application.ApprovedAt = now
	if !e.ValidUntil.IsZero() {
		m.status = StatusActive
		m.validFrom, m.validUntil = truncateDay(e.ValidFrom), truncateDay(e.ValidUntil)
		m.approvalDocNo = e.DocNo
	}
	m.Record(Created{Base: m.base(now), Number: m.number, Status: m.status})
	return m
}
