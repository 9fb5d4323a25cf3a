package member

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/openassoc/membership/core/apperr"
)

// Level is a member's level within the association.
type Level string

// Member levels from the manual (individuals are simply 会员).
const (
	LevelOrdinary        Level = "普通会员"
	LevelCouncil         Level = "理事"
	LevelStandingCouncil Level = "常务理事"
	LevelVicePresident   Level = "副会长"
	LevelPresident       Level = "会长"
	LevelIndividual      Level = "会员"
)

// IsCouncil reports whether the level is 理事 or above: every enterprise level
// other than 普通会员 (a configured level above it counts too). Council levels
// make the member's role council (完善理事资料).
func (l Level) IsCouncil() bool {
	return l != "" && l != LevelOrdinary && l != LevelIndividual
}

// Tier is the fee tier of a level: which amount of the fee schedule a member
// of the level pays.
type Tier string

// The tiers of the fee schedule (spec §4).
const (
	TierOrdinary Tier = "ordinary" // 普通单位会员
	TierCouncil  Tier = "council"  // 理事及以上单位会员
)

// LevelSpec is one level of the association's list with its fee tier.
type LevelSpec struct {
	Level Level
	Tier  Tier
}

// LevelList is the association's list of enterprise levels, lowest first
// (individuals are always 会员). It is configurable; the zero list is
// DefaultLevels.
type LevelList []LevelSpec

// DefaultLevels is the manual's list: 普通会员 pays the ordinary fee, 理事 and
// above the council fee.
func DefaultLevels() LevelList {
	return LevelList{
		{LevelOrdinary, TierOrdinary}, {LevelCouncil, TierCouncil}, {LevelStandingCouncil, TierCouncil},
		{LevelVicePresident, TierCouncil}, {LevelPresident, TierCouncil},
	}
}

// OrDefault returns the list, or DefaultLevels when it is empty.
func (l LevelList) OrDefault() LevelList {
	if len(l) == 0 {
		return DefaultLevels()
	}
	return l
}

// Levels returns the levels of the list in order.
func (l LevelList) Levels() []Level {
	out := make([]Level, 0, len(l.OrDefault()))
	for _, s := range l.OrDefault() {
		out = append(out, s.Level)
	}
	return out
}

// Lookup returns the spec of a level of the list.
func (l LevelList) Lookup(level Level) (LevelSpec, bool) {
	for _, s := range l.OrDefault() {
		if s.Level == level {
			return s, true
		}
	}
	return LevelSpec{}, false
}

// TierOf returns the fee tier of a level: the list's, or for a level the list
// does not name (one stored before the list changed) council above 普通会员.
func (l LevelList) TierOf(level Level) Tier {
	if s, ok := l.Lookup(level); ok {
		return s.Tier
	}
	if level.IsCouncil() {
		return TierCouncil
	}
	return TierOrdinary
}

// Validate checks a configured list: at least one level, 普通会员 first with the
// ordinary tier, no empty or repeated names, known tiers.
func (l LevelList) Validate() error {
	var v apperr.Validation
	seen := map[Level]bool{}
	for i, s := range l {
		switch {
		case strings.TrimSpace(string(s.Level)) == "" || s.Level == LevelIndividual:
			v.Add("levels", "level_invalid", "会员级别名称不能为空，也不能是「会员」")
		case seen[s.Level]:
			v.Add("levels", "level_repeated", fmt.Sprintf("会员级别「%s」重复", s.Level))
		case s.Tier != TierOrdinary && s.Tier != TierCouncil:
			v.Add("levels", "tier_invalid", fmt.Sprintf("会员级别「%s」的会费档次无效", s.Level))
		case i == 0 && (s.Level != LevelOrdinary || s.Tier != TierOrdinary):
			v.Add("levels", "ordinary_first", "会员级别列表须以「普通会员」（普通会费）开头")
		}
		seen[s.Level] = true
	}
	return v.Err()
}

// ParseLevel returns the level of the list named raw; an unknown or empty name
// is a field error on field listing the levels.
func (l LevelList) ParseLevel(field, raw string) (Level, error) {
	raw = strings.TrimSpace(raw)
	var v apperr.Validation
	if raw == "" {
		v.Add(field, "required", "请选择会员级别")
		return "", v.Err()
	}
	if s, ok := l.Lookup(Level(raw)); ok {
		return s.Level, nil
	}
	names := make([]string, 0, len(l.OrDefault()))
	for _, lv := range l.Levels() {
		names = append(names, string(lv))
	}
	v.Add(field, "level_unknown", fmt.Sprintf("会员级别「%s」不存在，可选：%s", raw, strings.Join(names, "、")))
	return "", v.Err()
}

// ErrLevelNotEnterprise and ErrLevelUnchanged are the codes of refused level
// changes.
const (
	ErrLevelNotEnterprise = "level_not_enterprise"
	ErrLevelUnchanged     = "level_unchanged"
)

// LevelChange is a level change the staff decided: the new level (of the
// association's list), the decision's document number (文号) and the reason.
type LevelChange struct {
	Level  Level
	DocNo  string
	Reason string
}

// ChangeLevel moves an enterprise member to another level of the list, with a
// reason and the 文号 of the decision, and records LevelChanged (the member is
// notified). The new level applies to the next fee: a fee already confirmed
// keeps its amount. A withdrawn member's level is closed.
func (m *Member) ChangeLevel(c LevelChange, list LevelList, now time.Time) error {
	var v apperr.Validation
	reason := validateReason(&v, c.Reason)
	docNo := strings.TrimSpace(c.DocNo)
	if docNo == "" {
		v.Add("doc_no", "required", "请填写文号")
	} else if utf8.RuneCountInString(docNo) > MaxDocNoLen {
		v.Add("doc_no", "too_long", "文号不能超过100个字符")
	}
	level, lerr := list.ParseLevel("level", string(c.Level))
	if lerr != nil {
		v.Add("level", apperr.As(lerr).Fields[0].Code, apperr.As(lerr).Fields[0].Message)
	}
	if err := v.Err(); err != nil {
		return err
	}
	if m.kind != Enterprise {
		return apperr.New(apperr.KindInvalid, ErrLevelNotEnterprise, "个人会员没有会员级别可调整")
	}
	if level == m.level {
		var u apperr.Validation
		u.Add("level", ErrLevelUnchanged, fmt.Sprintf("该会员已是「%s」，请选择其他级别", level))
		return u.Err()
	}
	if m.status == StatusWithdrawn {
		return m.from("调整会员级别")
	}
	from := m.level
	m.level = level
	m.updatedAt = now
	m.Record(LevelChanged{Base: m.base(now), From: from, To: level, DocNo: docNo, Reason: reason})
	return nil
}
