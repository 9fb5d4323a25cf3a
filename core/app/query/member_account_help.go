package query

import (
	"context"
	"strings"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/ports"
)

// MemberAccountHelp asks for what staff need to help a member with its
// account (「账号协助」 on the member's page: reviewer and admin).
type MemberAccountHelp struct {
	Principal access.Principal
	MemberID  string
	// Account is the member as the caller read it in the same request (the
	// member detail), or nil: the handler then reads the member itself.
	Account *MemberAccount
}

// MemberAccountHelpView is the state of a member's account as help sees it.
type MemberAccountHelpView struct {
	MemberID      string
	Email         string
	EmailVerified bool
	// FailedLogins counts the failed logins within the throttle's window;
	// Locked is true when they reached its limit, until LockedUntil.
	FailedLogins int
	Locked       bool
	LockedUntil  time.Time
}

// MemberAccountHelpHandler reads a member account's state for staff's help.
type MemberAccountHelpHandler struct {
	members  ports.MemberRepository
	attempts ports.LoginAttempts
	authz    ports.Authorizer
	clock    ports.Clock
	policy   auth.ThrottlePolicy
}

// NewMemberAccountHelpHandler builds the handler; policy is the login
// throttle's per-account limit.
func NewMemberAccountHelpHandler(members ports.MemberRepository, attempts ports.LoginAttempts, authz ports.Authorizer,
	clock ports.Clock, policy auth.ThrottlePolicy) *MemberAccountHelpHandler {
	return &MemberAccountHelpHandler{members: members, attempts: attempts, authz: authz, clock: clock, policy: policy}
}

// memberLoginKey is the key under which the login throttle counts a member
// account's failed logins (command.Login: the "member-id" scope).
func memberLoginKey(id string) string { return "member-id:" + id }

// Handle returns the account's state; an unknown member is NotFound.
func (h *MemberAccountHelpHandler) Handle(ctx context.Context, q MemberAccountHelp) (MemberAccountHelpView, error) {
	id := strings.TrimSpace(q.MemberID)
	if err := access.Authorize(h.authz, q.Principal, access.HelpMemberAccount, id); err != nil {
		return MemberAccountHelpView{}, err
	}
	v, err := h.account(ctx, id, q.Account)
	if err != nil {
		return MemberAccountHelpView{}, err
	}
	now := h.clock.Now()
	n, oldest, err := h.attempts.Failures(ctx, memberLoginKey(v.MemberID), now.Add(-h.policy.Window))
	if err != nil {
		return MemberAccountHelpView{}, apperr.Internal(err)
	}
	v.FailedLogins = n
	if wait := h.policy.RetryAfter(n, oldest, now); wait > 0 {
		v.Locked, v.LockedUntil = true, now.Add(wait)
	}
	return v, nil
}

// account is the view's member part: from the account the caller read, or
// from the repository.
func (h *MemberAccountHelpHandler) account(ctx context.Context, id string, a *MemberAccount) (MemberAccountHelpView, error) {
	if a != nil && a.ID == id {
		return MemberAccountHelpView{MemberID: a.ID, Email: a.Email, EmailVerified: !a.EmailVerifiedAt.IsZero()}, nil
	}
	m, err := h.members.Get(ctx, id)
	if apperr.IsKind(err, apperr.KindNotFound) {
		return MemberAccountHelpView{}, err
	} else if err != nil {
		return MemberAccountHelpView{}, apperr.Internal(err)
	}
	return MemberAccountHelpView{MemberID: m.ID(), Email: m.Email(), EmailVerified: m.EmailVerified()}, nil
}
