package query

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// LookupThrottle is the default limit of 会员查询 per client address: 30 lookups
// in 10 minutes (a person checks a handful; a scraper walking the numbers is
// stopped).
func LookupThrottle() auth.ThrottlePolicy {
	return auth.ThrottlePolicy{MaxFailures: 30, Window: 10 * time.Minute}
}

// MaxLookupLen is the longest query 会员查询 takes (an enterprise's full name).
const MaxLookupLen = 100

// maxLookupResults bounds the answer: a number, a name (one per kind) and a
// USCC match a few members at most.
const maxLookupResults = 5

// Public statuses of 会员查询.
const (
	PublicActive    = "active"    // 有效
	PublicLapsed    = "lapsed"    // 已过期
	PublicWithdrawn = "withdrawn" // 已退会
)

// statusWithdrawn is the lifecycle status of a member who left (退会), once
// the member lifecycle has it.
const statusWithdrawn member.Status = "withdrawn"

// PublicMemberLookup is 会员查询: one text, matched exactly against the member
// number, the registered name and (enterprises) the USCC.
type PublicMemberLookup struct {
	Query string
	// Address is the client's address, limited per LookupThrottle; empty (a
	// caller inside the process) is not limited.
	Address string
}

// PublicMemberResult is one member as the public sees it: no private field.
type PublicMemberResult struct {
	Number      string
	Name        string
	Kind        member.Kind
	KindLabel   string // 单位会员 / 个人会员
	Level       string // 普通会员 / 理事 … / 会员
	ValidFrom   string // 2019-09-21, or ""
	ValidUntil  string // 2020-09-20, or ""
	Status      string // PublicActive …
	StatusLabel string // 有效 / 已过期 / 已退会
}

// PublicMemberLookupResult is the answer: the members found (none is an
// answer, not an error) and the query as it was matched.
type PublicMemberLookupResult struct {
	Query   string
	Members []PublicMemberResult
}

// PublicMemberLookupHandler answers 会员查询 and the card's verification.
type PublicMemberLookupHandler struct {
	lookup   ports.PublicLookup
	attempts ports.LoginAttempts
	clock    ports.Clock
	loc      *time.Location
	limit    auth.ThrottlePolicy
}

// NewPublicMemberLookupHandler builds the handler; a zero limit is
// LookupThrottle, loc is the association's time zone (today's date).
func NewPublicMemberLookupHandler(lookup ports.PublicLookup, attempts ports.LoginAttempts, clock ports.Clock,
	loc *time.Location, limit auth.ThrottlePolicy) *PublicMemberLookupHandler {
	if limit.MaxFailures == 0 {
		limit = LookupThrottle()
	}
	return &PublicMemberLookupHandler{lookup: lookup, attempts: attempts, clock: clock, loc: loc, limit: limit}
}

// Handle validates the query, counts it against the address's limit and looks
// the member up. An empty or overlong query, or one with wildcard characters,
// is Invalid (field q); over the limit it is Throttled (lookup_throttled) with
// the wait.
func (h *PublicMemberLookupHandler) Handle(ctx context.Context, q PublicMemberLookup) (PublicMemberLookupResult,
	error) {
	text, err := normalizeLookup(q.Query)
	if err != nil {
		return PublicMemberLookupResult{}, err
	}
	if err := h.reserve(ctx, q.Address); err != nil {
		return PublicMemberLookupResult{}, err
	}
	upper := strings.ToUpper(text)
	found, err := h.lookup.LookupPublic(ctx, text, text, upper, maxLookupResults)
	if err != nil {
		return PublicMemberLookupResult{}, apperr.Internal(err)
	}
	today := h.clock.Now().In(h.loc)
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	res := PublicMemberLookupResult{Query: text, Members: []PublicMemberResult{}}
	for _, m := range found {
		if r, ok := publicResult(m, day); ok {
			res.Members = append(res.Members, r)
		}
	}
	return res, nil
}

// normalizeLookup folds the query's whitespace and checks it.
func normalizeLookup(s string) (string, error) {
	text := strings.Join(strings.Fields(s), " ")
	var v apperr.Validation
	switch {
	case text == "":
		v.Add("q", "required", "请输入会员编号、会员名称或统一社会信用代码")
	case utf8.RuneCountInString(text) > MaxLookupLen:
		v.Add("q", "too_long", "查询内容不能超过100个字符")
	case strings.ContainsAny(text, "%*?_\x00"):
		v.Add("q", "wildcard", "请输入完整的会员编号或名称，不支持通配符")
	}
	return text, v.Err()
}

// reserve counts one lookup from addr.
func (h *PublicMemberLookupHandler) reserve(ctx context.Context, addr string) error {
	if addr == "" || h.attempts == nil {
		return nil
	}
	ok, wait, err := h.attempts.Reserve(ctx, h.clock.Now(),
		ports.AttemptLimit{Key: "lookup-addr:" + addr, Policy: h.limit})
	if err != nil {
		return apperr.Internal(err)
	}
	if !ok {
		mins := int((wait + time.Minute - time.Second) / time.Minute)
		return apperr.Throttled("lookup_throttled", fmt.Sprintf("查询过于频繁，请%s分钟后再试", itoaMin(mins)), wait)
	}
	return nil
}

func itoaMin(n int) string { return strconv.Itoa(max(n, 1)) }

// publicResult is the public form of a member; members not (yet or any more)
// admitted — before the secretariat's approval — are not shown.
func publicResult(m ports.PublicMember, today time.Time) (PublicMemberResult, bool) {
	r := PublicMemberResult{Number: m.Number, Name: m.Name, Kind: m.Kind, KindLabel: m.Kind.Label(),
		Level: string(m.Level)}
	if !m.ValidFrom.IsZero() {
		r.ValidFrom = m.ValidFrom.Format(time.DateOnly)
	}
	if !m.ValidUntil.IsZero() {
		r.ValidUntil = m.ValidUntil.Format(time.DateOnly)
	}
	switch {
	case m.Status == statusWithdrawn:
		r.Status, r.StatusLabel = PublicWithdrawn, "已退会"
	case m.Status == member.StatusLapsed:
		r.Status, r.StatusLabel = PublicLapsed, "已过期"
	case m.Status.IsMember() && !m.ValidUntil.IsZero() && m.ValidUntil.Before(today):
		r.Status, r.StatusLabel = PublicLapsed, "已过期"
	case m.Status.IsMember():
		r.Status, r.StatusLabel = PublicActive, "有效"
	default:
		return PublicMemberResult{}, false
	}
	if r.Level == "" {
		r.Level = string(member.LevelOrdinary)
		if m.Kind == member.Individual {
			r.Level = string(member.LevelIndividual)
		}
	}
	return r, true
}
