package payment

// Why a statement line was matched, and whether finance must confirm it on its
// own. A payer's name is no proof of who the money is for: two members may bear
// similar names, and a name typed by somebody else may be anybody's. So a line
// matched by name and amount only (no reference code in the remark) is a
// proposal: 「确认全部匹配」 leaves it alone, and finance confirms it explicitly,
// line by line, after checking it.

// Basis returns the reason a line was matched, as the statement page shows it:
// 参考码 (the member's payment reference code was in the remark), 户名+金额 (the
// payer's name and the amount fit one member) or 手动指定 (finance assigned the
// member); "" for a line not matched.
func (k MatchKind) Basis() string {
	switch k {
	case MatchReference:
		return "参考码"
	case MatchNameAmount:
		return "户名+金额"
	case MatchManual:
		return "手动指定"
	}
	return ""
}

// NeedsExplicitConfirmation reports whether a line matched this way is only
// proposed: it is confirmed when finance names it, never in a bulk
// confirmation. Lines matched by name and amount only are.
func (k MatchKind) NeedsExplicitConfirmation() bool { return k == MatchNameAmount }

// BulkConfirmable reports whether a line matched this way is confirmed by
// 「确认全部匹配」: a reference code or finance's own assignment.
func (k MatchKind) BulkConfirmable() bool {
	return k.Confirmable() && !k.NeedsExplicitConfirmation()
}
