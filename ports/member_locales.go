package ports

import "context"

// MemberLocales keeps each member's language setting (zh-CN, en): the language
// of the site once the member logs in, and of the emails the member receives.
type MemberLocales interface {
	// MemberLocale returns the member's setting, "" when the member has none.
	MemberLocale(ctx context.Context, memberID string) (string, error)
	// SetMemberLocale stores the member's setting (replacing the one before);
	// it joins the transaction in ctx. The member must exist.
	SetMemberLocale(ctx context.Context, memberID, locale string) error
}
