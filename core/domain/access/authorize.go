package access

import (
	"fmt"

	"github.com/openassoc/membership/core/apperr"
)

// Who says which kind of principal may take an action.
type Who int

// The kinds of principal a rule admits. A guest (nobody logged in) never acts:
// it is always told to log in.
const (
	Anyone  Who = iota // any logged-in member or staff account
	Members            // members only
	Staff              // staff accounts only
)

// Refusal is how a use case refuses a principal: the error kind, its stable code
// and the user's message.
type Refusal struct {
	Kind    apperr.Kind
	Code    string
	Message string
}

func (r Refusal) err() error { return apperr.New(r.Kind, r.Code, r.Message) }

// Rule is one row of the authorization table (see RuleOf).
type Rule struct {
	// Who may act at all.
	Who Who
	// Object and Act are the policy's question (role × object × action); an
	// empty Object asks nothing.
	Object, Act string
	// Owned confines a member to its own records: another member's is NotFound.
	// Staff may act on any member's record (what they may do is the policy's
	// business).
	Owned bool
	// Denied is the message of the Forbidden refusal when the policy says no.
	Denied string
	// WrongKind refuses a logged-in principal of the other kind; zero is the
	// default (members-only: Forbidden members_only 此功能仅供会员使用; staff-only:
	// Forbidden with Denied).
	WrongKind Refusal
}

// Policy answers role × object × action questions; ports.Authorizer (Casbin)
// is one.
type Policy interface {
	Allowed(role Role, object, action string) (bool, error)
}

// Authorize decides whether principal p may take action a on a record of
// ownerID (the member the record belongs to; ignored unless the rule is Owned).
// It returns nil when allowed; otherwise a guest is told to log in
// (Unauthorized login_required), a principal of the wrong kind gets the rule's
// WrongKind refusal, a member asking for another member's record is told it
// does not exist (NotFound not_found, so identifiers cannot be probed), and a
// role the policy refuses gets Forbidden with the rule's message. A policy that
// cannot answer is an Internal error. policy may be nil for rules that ask no
// policy question.
func Authorize(policy Policy, p Principal, a Action, ownerID string) error {
	r, ok := RuleOf(a)
	if !ok {
		return apperr.Internal(fmt.Errorf("authorize: unknown action %q", a))
	}
	switch {
	case !p.IsMember() && !p.IsStaff():
		return loginRequired().err()
	case r.Who == Members && !p.IsMember():
		return r.wrongKind().err()
	case r.Who == Staff && !p.IsStaff():
		return r.wrongKind().err()
	case r.Owned && p.IsMember() && p.ID != ownerID:
		return hidden().err()
	}
	if r.Object == "" {
		return nil
	}
	if policy == nil {
		return apperr.Internal(fmt.Errorf("authorize %s: no policy", a))
	}
	allowed, err := policy.Allowed(p.Role, r.Object, r.Act)
	if err != nil {
		return apperr.Internal(fmt.Errorf("authorize %s %s %s: %w", p.Role, r.Object, r.Act, err))
	}
	if !allowed {
		return apperr.Forbidden("forbidden", r.Denied)
	}
	return nil
}

// Can is Authorize as a yes or no, for what a page offers (a button, a menu
// entry): every refusal is false; only a policy that cannot answer is an error.
func Can(policy Policy, p Principal, a Action, ownerID string) (bool, error) {
	err := Authorize(policy, p, a, ownerID)
	switch {
	case err == nil:
		return true, nil
	case apperr.IsKind(err, apperr.KindInternal):
		return false, err
	}
	return false, nil
}

func (r Rule) wrongKind() Refusal {
	switch {
	case r.WrongKind.Code != "":
		return r.WrongKind
	case r.Who == Members:
		return Refusal{Kind: apperr.KindForbidden, Code: "members_only", Message: msgMembersOnly}
	}
	return Refusal{Kind: apperr.KindForbidden, Code: "forbidden", Message: r.Denied}
}
