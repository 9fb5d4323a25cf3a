package apptest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// Password is the password of every fixture member; its hash is Hasher's.
const Password = "secret123"

// email is the registered email of the fixture member of kind named name.
func email(kind member.Kind, name string) string {
	sum := sha256.Sum256([]byte(string(kind) + ":" + name))
	return "m" + hex.EncodeToString(sum[:6]) + "@example.com"
}

// NewMember registers a member of kind named name at now, verifies its email
// address (see NewUnverifiedMember for one that has not) and moves it to status
// with the domain's own methods, the way the use cases would: a complete form
// (and, for an enterprise, a scan record) is submitted, an approval assigns a
// member number and the payment reference code, a fee is confirmed without a
// payment record, and the secretariat approves the membership for a year. An
// expiring member's validity ends ten days after now, a lapsed member's ended
// over 40 days before now (past the 30 days' grace).
func NewMember(t testing.TB, kind member.Kind, name string, status member.Status, now time.Time) *member.Member {
	t.Helper()
	m := NewUnverifiedMember(t, kind, name, now)
	m.VerifyEmail(now)
	for _, step := range stepsTo(status) {
		if err := step(m, now); err != nil {
			t.Fatalf("move %s to %s: %v", name, status, err)
		}
	}
	if m.Status() != status {
		t.Fatalf("move %s to %s: it is %s", name, status, m.Status())
	}
	return m
}

// NewUnverifiedMember registers a member of kind named name at now and leaves
// it as registration does: registered, its email address not verified yet.
func NewUnverifiedMember(t testing.TB, kind member.Kind, name string, now time.Time) *member.Member {
	t.Helper()
	hash, _ := Hasher{}.Hash(Password)
	m, err := member.Register(member.Registration{Kind: kind, Name: name, Email: email(kind, name), PasswordHash: hash}, now)
	if err != nil {
		t.Fatalf("register %s: %v", name, err)
	}
	return m
}

// AddUnverifiedMember is NewUnverifiedMember stored in members.
func AddUnverifiedMember(t testing.TB, members ports.MemberRepository, kind member.Kind, name string,
	now time.Time) *member.Member {
	t.Helper()
	m := NewUnverifiedMember(t, kind, name, now)
	if err := members.Add(context.Background(), m); err != nil {
		t.Fatalf("add %s: %v", name, err)
	}
	return m
}

// AddMember is NewMember stored in members; it returns the member as stored.
func AddMember(t testing.TB, members ports.MemberRepository, kind member.Kind, name string, status member.Status,
	now time.Time) *member.Member {
	t.Helper()
	m := NewMember(t, kind, name, status, now)
	if err := members.Add(context.Background(), m); err != nil {
		t.Fatalf("add %s: %v", name, err)
	}
	return m
}

type step func(m *member.Member, now time.Time) error

// stepsTo lists the transitions from registered to status.
func stepsTo(status member.Status) []step {
	submit := membertest.Submit
	approve := func(m *member.Member, now time.Time) error {
		if err := m.Approve("24"+m.ID()[len(m.ID())-6:], now); err != nil {
			return err
		}
		return m.AssignPaymentRef(payment.ReferenceCode(m.ID(), 0), now)
	}
	paid := func(m *member.Member, now time.Time) error { return m.ConfirmFee(member.Fee{}, now) }
	forward := func(m *member.Member, now time.Time) error { return m.ForwardToSecretariat(now) }
	approvedOn := func(offset func(time.Time) time.Time) step {
		return func(m *member.Member, now time.Time) error {
			return m.ApproveMembership("会字〔2024〕1号", offset(now), now)
		}
	}
	toAwaiting := []step{submit, approve, paid, forward}
	switch status {
	case member.StatusRegistered:
		return nil
	case member.StatusDraft:
		return []step{saveForm}
	case member.StatusSubmitted:
		return []step{submit}
	case member.StatusRejected:
		return []step{submit, func(m *member.Member, now time.Time) error { return m.Reject("资料不全", now) }}
	case member.StatusApproved:
		return []step{submit, approve}
	case member.StatusPaymentClaimed:
		return []step{submit, approve, func(m *member.Member, now time.Time) error { return m.ClaimPayment(now) }}
	case member.StatusPaid:
		return []step{submit, approve, paid}
	case member.StatusAwaitingSecretariat:
		return toAwaiting
	case member.StatusActive:
		return append(toAwaiting, approvedOn(func(now time.Time) time.Time { return now }))
	case member.StatusExpiring:
		return append(toAwaiting, approvedOn(func(now time.Time) time.Time { return now.AddDate(-1, 0, 11) }),
			func(m *member.Member, now time.Time) error {
				_, err := m.MarkExpiring(now, 30*24*time.Hour)
				return err
			})
	case member.StatusLapsed:
		return append(toAwaiting, approvedOn(func(now time.Time) time.Time { return now.AddDate(-1, 0, -40) }),
			func(m *member.Member, now time.Time) error {
				_, err := m.Lapse(now, 30*24*time.Hour)
				return err
			})
	}
	return []step{func(*member.Member, time.Time) error { return fmt.Errorf("no fixture for status %s", status) }}
}

// saveForm saves a complete form of the member's kind without submitting it.
func saveForm(m *member.Member, now time.Time) error {
	if m.Kind() == member.Individual {
		return m.SaveIndividualForm(membertest.IndividualForm(m.Name(), m.Email()), true, now)
	}
	return m.SaveEnterpriseForm(membertest.EnterpriseForm(m.Name()), true, now)
}

// MemberOf is the principal of member m logged in: its role follows from its
// kind and level, as at login.
func MemberOf(m *member.Member) access.Principal {
	role := access.RoleEnterprise
	switch {
	case m.Kind() == member.Individual:
		role = access.RoleIndividual
	case m.Level().IsCouncil():
		role = access.RoleCouncil
	}
	return access.Principal{Kind: access.PrincipalMember, ID: m.ID(), Role: role}
}

// StaffOf is a logged-in staff principal of role (identity "staff-<role>"); use
// cases that only ask the policy need no stored account behind it.
func StaffOf(role access.Role) access.Principal {
	return access.Principal{Kind: access.PrincipalStaff, ID: "staff-" + string(role), Role: role}
}
