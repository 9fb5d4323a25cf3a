package payment

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/openassoc/membership/core/domain/member"
)

// Line is one transaction of a bank statement as the parser read it.
type Line struct {
	Row       int       // the line's row in the file (1 = the header), for messages
	Date      time.Time // the day of the transaction (midnight UTC of the calendar day)
	AmountFen int64     // the amount credited; zero or negative for debits
	PayerName string    // 对方户名
	Remark    string    // 摘要 / 附言 / 用途, where the reference code is written
	BankRef   string    // the bank's transaction number (流水号), may be empty
}

// Keys returns the de-duplication key of each line: its bank reference when it
// has one, else a hash of its contents numbered by occurrence (the second of two
// identical lines in a file gets another key than the first), so that uploading
// the same statement again finds the same keys.
func Keys(lines []Line) []string {
	seen := map[string]int{}
	out := make([]string, len(lines))
	for i, l := range lines {
		if ref := NormalizeBankRef(l.BankRef); ref != "" {
			out[i] = "ref:" + ref
			continue
		}
		sum := sha256.Sum256([]byte(strings.Join([]string{Day(l.Date).Format(time.DateOnly),
			strconv.FormatInt(l.AmountFen, 10), MatchName(l.PayerName), strings.TrimSpace(l.Remark)}, "\x1f")))
		h := hex.EncodeToString(sum[:12])
		seen[h]++
		out[i] = "hash:" + h + "#" + strconv.Itoa(seen[h])
	}
	return out
}

// Repeat is a line of a file that repeats an earlier line of the same file:
// the same key, that is the same bank reference (lines without one are told
// apart by their occurrence, see Keys). It is the same transaction listed
// twice, and is not stored again.
type Repeat struct {
	Row      int // the repeating line's row
	FirstRow int // the row of the line it repeats
}

// FirstOccurrences splits the lines of one file, with their keys (Keys), into
// those whose key comes first, with their keys, and the lines that repeat an
// earlier one.
func FirstOccurrences(lines []Line, keys []string) ([]Line, []string, []Repeat) {
	first := make(map[string]int, len(lines))
	var (
		out     []Line
		outKeys []string
		repeats []Repeat
	)
	for i, l := range lines {
		if row, ok := first[keys[i]]; ok {
			repeats = append(repeats, Repeat{Row: l.Row, FirstRow: row})
			continue
		}
		first[keys[i]] = l.Row
		out = append(out, l)
		outKeys = append(outKeys, keys[i])
	}
	return out, outKeys, repeats
}

// MatchName normalizes a name for matching payer names to members: no white
// space, full-width brackets as ASCII ones.
func MatchName(s string) string {
	s = strings.NewReplacer("（", "(", "）", ")", "　", "").Replace(s)
	return strings.Join(strings.Fields(s), "")
}

// Candidate is a member a line may pay for.
type Candidate struct {
	MemberID  string
	Kind      member.Kind
	Name      string
	Number    string
	Reference string
	Purpose   Purpose // what the member would pay for now
	DueFen    int64   // the amount due now; 0 when nothing is due
}

// MatchKind says how (or why not) a line was matched.
type MatchKind string

// The match kinds. Only MatchReference and MatchNameAmount (and a finance
// assignment, MatchManual) can be confirmed.
const (
	MatchReference      MatchKind = "reference"       // the remark carries the member's reference code
	MatchNameAmount     MatchKind = "name_amount"     // the payer's name and the amount fit one member
	MatchManual         MatchKind = "manual"          // finance assigned the member
	MatchAmbiguous      MatchKind = "ambiguous"       // it fits more than one member
	MatchAmountMismatch MatchKind = "amount_mismatch" // the member is found but the amount is not the fee
	MatchNothingDue     MatchKind = "nothing_due"     // the member is found but owes nothing now
	MatchTwice          MatchKind = "twice"           // an earlier line of the file already pays for the member
	MatchNone           MatchKind = "none"            // no member found
	MatchDebit          MatchKind = "debit"           // not a credit: ignored
)

// Confirmable reports whether a line matched this way can be confirmed.
func (k MatchKind) Confirmable() bool {
	return k == MatchReference || k == MatchNameAmount || k == MatchManual
}

// Label returns the Chinese label.
func (k MatchKind) Label() string {
	switch k {
	case MatchReference:
		return "缴费识别码匹配"
	case MatchNameAmount:
		return "户名和金额匹配"
	case MatchManual:
		return "财务指定"
	case MatchAmbiguous:
		return "匹配到多个会员"
	case MatchAmountMismatch:
		return "金额不符"
	case MatchNothingDue:
		return "无应缴会费"
	case MatchTwice:
		return "重复缴费"
	case MatchDebit:
		return "非入账流水"
	}
	return "未匹配"
}

// Proposal is the proposed match of one line.
type Proposal struct {
	Kind       MatchKind
	MemberID   string   // the matched member (also set for mismatch and nothing-due)
	Candidates []string // the members an ambiguous line fits
	Message    string   // why, for finance
}

// Directory is what matching knows about members: by reference code and by
// normalized name (MatchName; registered and application-form names).
type Directory struct {
	ByReference map[string]Candidate
	ByName      map[string][]Candidate
}

// MatchLines proposes a member for each line: first by a reference code in the
// remark, then by the payer's name and the amount. A line that fits two members
// is ambiguous; a member paid for by an earlier line of the same statement is not
// matched again.
func MatchLines(lines []Line, dir Directory) []Proposal {
	out := make([]Proposal, len(lines))
	taken := map[string]int{}
	for i, l := range lines {
		p := matchLine(l, dir)
		if p.Kind.Confirmable() {
			if row, ok := taken[p.MemberID]; ok {
				p = Proposal{Kind: MatchTwice, MemberID: p.MemberID,
					Message: fmt.Sprintf("第%d行已为该会员缴费，本行可能是重复缴费", row)}
			} else {
				taken[p.MemberID] = l.Row
			}
		}
		out[i] = p
	}
	return out
}

func names(cs []Candidate) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = "【" + c.Name + "】"
	}
	return strings.Join(parts, "、")
}

func matchLine(l Line, dir Directory) Proposal {
	if l.AmountFen <= 0 {
		return Proposal{Kind: MatchDebit, Message: "非入账流水"}
	}
	var byRef []Candidate
	for _, code := range FindReferences(l.Remark) {
		if c, ok := dir.ByReference[code]; ok {
			byRef = append(byRef, c)
		}
	}
	if len(byRef) > 1 {
		return ambiguous(byRef, "摘要中包含多个会员的缴费识别码")
	}
	if len(byRef) == 1 {
		return forCandidate(byRef[0], l, MatchReference)
	}
	all := dir.ByName[MatchName(l.PayerName)]
	var fit []Candidate
	for _, c := range all {
		if c.DueFen > 0 && c.DueFen == l.AmountFen {
			fit = append(fit, c)
		}
	}
	switch {
	case len(fit) > 1:
		return ambiguous(fit, "户名和金额同时符合多个会员")
	case len(fit) == 1:
		return Proposal{Kind: MatchNameAmount, MemberID: fit[0].MemberID,
			Message: fmt.Sprintf("户名和金额与会员【%s】相符", fit[0].Name)}
	case len(all) == 1:
		return forCandidate(all[0], l, MatchNameAmount)
	case len(all) > 1:
		return ambiguous(all, "户名同时符合多个会员")
	}
	return Proposal{Kind: MatchNone, Message: "未找到对应的会员，请核对后手工指定"}
}

func ambiguous(cs []Candidate, why string) Proposal {
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.MemberID
	}
	return Proposal{Kind: MatchAmbiguous, Candidates: ids,
		Message: fmt.Sprintf("%s：%s，请人工核对后指定会员", why, names(cs))}
}

func forCandidate(c Candidate, l Line, kind MatchKind) Proposal {
	switch {
	case c.DueFen <= 0:
		return Proposal{Kind: MatchNothingDue, MemberID: c.MemberID,
			Message: fmt.Sprintf("会员【%s】当前没有应缴的会费", c.Name)}
	case c.DueFen != l.AmountFen:
		return Proposal{Kind: MatchAmountMismatch, MemberID: c.MemberID,
			Message: fmt.Sprintf("会员【%s】应缴%s，到账%s，金额不符", c.Name, Yuan(c.DueFen), Yuan(l.AmountFen))}
	}
	msg := fmt.Sprintf("缴费识别码%s对应会员【%s】", c.Reference, c.Name)
	if kind == MatchNameAmount {
		msg = fmt.Sprintf("户名和金额与会员【%s】相符", c.Name)
	}
	return Proposal{Kind: kind, MemberID: c.MemberID, Message: msg}
}

// LineStatus is the state of a stored statement line.
type LineStatus string

// The line statuses.
const (
	LineMatched   LineStatus = "matched"   // a confirmable proposal waits for finance
	LineUnmatched LineStatus = "unmatched" // needs finance: no, several or a wrong match
	LineConfirmed LineStatus = "confirmed" // confirmed: a payment was recorded
	LineIgnored   LineStatus = "ignored"   // finance set it aside (or a debit)
)

// Label returns the Chinese label.
func (s LineStatus) Label() string {
	switch s {
	case LineMatched:
		return "待确认"
	case LineConfirmed:
		return "已确认"
	case LineIgnored:
		return "已忽略"
	}
	return "未匹配"
}

// StatusFor returns the status a new line with a proposal starts in.
func StatusFor(p Proposal) LineStatus {
	switch {
	case p.Kind.Confirmable():
		return LineMatched
	case p.Kind == MatchDebit:
		return LineIgnored
	}
	return LineUnmatched
}

// Statement is one uploaded bank statement.
type Statement struct {
	ID         string
	FileName   string
	Format     string // csv or xlsx
	StaffID    string
	UploadedAt time.Time
	Lines      int // lines in the file
	NewLines   int // lines stored: neither seen in an earlier statement nor repeating an earlier line of the file
}

// StoredLine is a statement line with its key, proposal and state.
type StoredLine struct {
	ID          string
	StatementID string
	Key         string
	Line
	Status    LineStatus
	Match     Proposal
	PaymentID string // set when confirmed
	UpdatedAt time.Time
}
