// Package member holds the member aggregate: the account a member registers and the
// whole membership lifecycle that follows, with the rules for names, emails,
// passwords and member numbers.
package member

// Kind is the kind of member: an organisation or a person.
type Kind string

// The two kinds of member.
const (
	Enterprise Kind = "enterprise" // 单位会员
	Individual Kind = "individual" // 个人会员
)

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == Enterprise || k == Individual }

// Label returns the Chinese label of the kind.
func (k Kind) Label() string {
	if k == Individual {
		return "个人会员"
	}
	return "单位会员"
}

// ParseKind parses a kind; ok is false for unknown values.
func ParseKind(s string) (Kind, bool) {
	k := Kind(s)
	return k, k.Valid()
}
