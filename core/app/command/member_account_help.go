package command

import (
	"context"
	"strings"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// MemberHelpPorts are what staff's help with a member's account shares
// (「账号协助」 on the member's page in 会员管理, reviewer and admin): the
// members, the link tokens, the login throttle's records, the policy, the
// audit log and the transaction they write in.
type MemberHelpPorts struct {
	Tx       ports.Transactor
	Members  ports.MemberRepository
	Tokens   ports.TokenStore
	Attempts ports.LoginAttempts
	Authz    ports.Authorizer
	Audit    *Auditor
	Clock    ports.Clock
}

// authorize lets only principals allowed to help members' accounts through.
func (p MemberHelpPorts) authorize(pr access.Principal, memberID string) error {
	return access.Authorize(p.Authz, pr, access.HelpMemberAccount, memberID)
}

// update changes the member in one transaction with its audit entry: fn
// changes the member and returns the entry (its MemberID is filled in).
func (p MemberHelpPorts) update(ctx context.Context, pr access.Principal, memberID string,
	fn func(ctx context.Context, m *member.Member) (audit.Entry, error)) error {
	return inTx(ctx, p.Tx, func(ctx context.Context) error {
		return p.Members.Update(ctx, strings.TrimSpace(memberID), func(ctx context.Context, m *member.Member) error {
			e, err := fn(ctx, m)
			if err != nil {
				return err
			}
			e.MemberID = m.ID()
			return p.Audit.Record(ctx, pr, e)
		})
	})
}

// loginThrottleKey is the key under which the login throttle counts the
// failed logins of a member account (see Login).
func loginThrottleKey(memberID string) string { return accountIDKey("member", memberID) }

// issueResetLink stores a new reset link as the member's one live link and
// records PasswordResetRequested, whose handler mails it (see
// RequestPasswordResetHandler). Call it inside the member's update.
func issueResetLink(ctx context.Context, tokens ports.TokenStore, m *member.Member, clock ports.Clock) error {
	now := clock.Now()
	token, linkID := auth.NewToken(), auth.NewToken()
	expires := now.Add(auth.ResetTokenFor)
	if err := tokens.PutFor(ctx, purposePasswordReset, m.ID(), auth.HashToken(token), []byte(m.ID()),
		expires); err != nil {
		return apperr.Internal(err)
	}
	if err := tokens.PutFor(ctx, auth.PurposeResetLink, m.ID(), linkID, []byte(token), expires); err != nil {
		return apperr.Internal(err)
	}
	m.RequestPasswordReset(linkID, expires, now)
	return nil
}
