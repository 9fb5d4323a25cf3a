package eventhandler

import (
	"context"
	"fmt"
	"slices"
	"text/template"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/i18n"
)

// mailDir is the folder of the email texts in locale: mailtext for zh-CN,
// mailtext/<locale> for the others.
func mailDir(locale string) string {
	if locale == i18n.Chinese {
		return "mailtext"
	}
	return "mailtext/" + locale
}

// localizedTexts are the email texts of every shipped locale.
type localizedTexts map[string]mailTexts

// parseLocalizedTexts parses the texts of every locale of i18n.Locales.
func parseLocalizedTexts() (localizedTexts, error) {
	out := localizedTexts{}
	for _, l := range i18n.Locales {
		ts, err := parseMailTextsIn(mailDir(l))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", l, err)
		}
		out[l] = ts
	}
	return out, nil
}

// render executes the text name in locale; a locale (or a text) the texts
// lack is written in zh-CN.
func (lt localizedTexts) render(locale, name string, data map[string]any) (subject, body string, err error) {
	if ts, ok := lt[locale]; ok {
		if _, ok := ts[name]; ok {
			return ts.render(name, data)
		}
	}
	return lt[i18n.Chinese].render(name, data)
}

// localeOf is the language of the member's emails: its setting, zh-CN when it
// has none (or no settings are kept). An error reading it is returned, so that
// the bus retries rather than write in the wrong language.
func (r *reactions) localeOf(ctx context.Context, memberID string) (string, error) {
	if r.deps.MemberLocales == nil || memberID == "" {
		return i18n.Chinese, nil
	}
	l, err := r.deps.MemberLocales.MemberLocale(ctx, memberID)
	if err != nil {
		return "", fmt.Errorf("member locale: %w", err)
	}
	if !slices.Contains(i18n.Locales, l) {
		return i18n.Chinese, nil
	}
	return l, nil
}

// mailFuncs are the functions the email texts may call: level, a member
// level's English name (mailtext/en).
func mailFuncs() template.FuncMap {
	return template.FuncMap{"level": englishLevel}
}

// englishLevel is the English name of a member level of the manual; any other
// (an association's own) as it is.
func englishLevel(l string) string {
	switch member.Level(l) {
	case member.LevelOrdinary:
		return "Ordinary member"
	case member.LevelCouncil:
		return "Council member"
	case member.LevelStandingCouncil:
		return "Executive council member"
	case member.LevelVicePresident:
		return "Vice president"
	case member.LevelPresident:
		return "President"
	case member.LevelIndividual:
		return "Member"
	}
	return l
}
