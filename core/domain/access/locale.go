package access

// SetOwnLocale is a member's choice of its language (中文 · English), kept for
// its next logins and its emails: SetMemberLocale.
const SetOwnLocale Action = "set_own_locale"

// localeRule is the rule of the member's own language setting: any member,
// for itself; staff have none.
func localeRule(a Action) (Rule, bool) {
	if a == SetOwnLocale {
		return Rule{Who: Members, Owned: true, WrongKind: notMembersBusiness()}, true
	}
	return Rule{}, false
}
