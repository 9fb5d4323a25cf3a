package eventhandler

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/i18n"
)

// englishSamples are sample data for every English text: the keys it uses
// beyond the ones every email gets (the handlers give both languages the same
// data; the English texts use its raw values rather than the Chinese Notice).
func englishSamples() map[string]map[string]any {
	s := textSamples()
	for name, data := range s {
		delete(data, "Notice")
		delete(data, "Kind")
		s[name] = data
	}
	s["welcome"]["Individual"] = false
	reason := map[string]string{"application_rejected": "盖章不清晰", "payment_claim_rejected": "未查到转账",
		"info_change_rejected": "证明材料不清晰", "submission_rejected": "内容与协会业务无关"}
	for name, r := range reason {
		s[name]["Reason"] = r
	}
	s["submission_approved"]["Title"] = "年会纪要"
	s["submission_rejected"]["Title"] = "年会纪要"
	s["renewal_reminder"]["ValidUntil"], s["renewal_reminder"]["DaysLeft"] = "2025-03-04", 30
	s["membership_lapsed"]["ValidUntil"] = "2025-03-04"
	return s
}

// definedTemplates are the names a text defines, besides the file's own.
func definedTemplates(ts mailTexts, name string) []string {
	var out []string
	for _, t := range ts[name].Templates() {
		if t.Name() != name {
			out = append(out, t.Name())
		}
	}
	slices.Sort(out)
	return out
}

// TestEveryTextHasAnEnglishVersion: every mailtext/*.tmpl has a
// mailtext/en/*.tmpl of the same name defining the same templates, and no
// English text is left without its Chinese one.
func TestEveryTextHasAnEnglishVersion(t *testing.T) {
	t.Parallel()
	all, err := parseLocalizedTexts()
	require.NoError(t, err)
	zh, en := all[i18n.Chinese], all[i18n.English]
	require.NotEmpty(t, zh)
	assert.ElementsMatch(t, slices.Collect(maps.Keys(zh)), slices.Collect(maps.Keys(en)))
	for name := range zh {
		if _, ok := en[name]; ok {
			assert.Equal(t, definedTemplates(zh, name), definedTemplates(en, name), name)
		}
	}
}

// TestEveryEnglishTextRendersAndNeedsItsKeys renders every English text with
// sample data: English greeting and signature, no Chinese but the sample's
// content (names, reasons, titles), and a failure without any of its keys.
func TestEveryEnglishTextRendersAndNeedsItsKeys(t *testing.T) {
	t.Parallel()
	all, err := parseLocalizedTexts()
	require.NoError(t, err)
	texts, samples := all[i18n.English], englishSamples()
	for name := range texts {
		extra := samples[name]
		subject, body, err := texts.render(name, sampleData(extra))
		require.NoError(t, err, name)
		assert.True(t, strings.HasPrefix(subject, "[中国质量协会] "), "%s: %q", name, subject)
		assert.NotContains(t, subject, "\n", name)
		if toUnverified[name] {
			assert.True(t, strings.HasPrefix(body, "Hello,\n\n"), "%s: %q", name, body)
			assert.NotContains(t, subject+body, "测试号", "%s echoes the registrant's name", name)
		} else {
			assert.True(t, strings.HasPrefix(body, "Dear 测试号,\n\n"), "%s: %q", name, body)
		}
		assert.True(t, strings.HasSuffix(body, "\n\n中国质量协会"), "%s ends with the signature: %q", name, body)
		assert.NotContains(t, subject+body, "<no value>", name)
		assert.False(t, i18n.NeedsTranslation(withoutContent(subject+body, extra)), "%s has Chinese: %s", name,
			withoutContent(subject+body, extra))
		for key := range extra {
			data := sampleData(extra)
			delete(data, key)
			_, _, err := texts.render(name, data)
			assert.Error(t, err, "%s without %s", name, key)
		}
	}
}

// withoutContent is s without the sample's content: the association's and the
// member's names and the Chinese values of data.
func withoutContent(s string, data map[string]any) string {
	s = strings.ReplaceAll(s, "中国质量协会", "")
	s = strings.ReplaceAll(s, "测试号", "")
	var values []string
	for _, v := range data {
		if str, ok := v.(string); ok && str != "" {
			values = append(values, str)
		}
	}
	// Longer values first: 理事会决议 before 理事.
	slices.SortFunc(values, func(a, b string) int { return len(b) - len(a) })
	for _, v := range values {
		s = strings.ReplaceAll(s, v, "")
	}
	return s
}

// TestEnglishLevelNames: the manual's levels have English names; an
// association's own level stays as it is.
func TestEnglishLevelNames(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "Council member", englishLevel("理事"))
	assert.Equal(t, "Executive council member", englishLevel("常务理事"))
	assert.Equal(t, "Ordinary member", englishLevel("普通会员"))
	assert.Equal(t, "荣誉会员", englishLevel("荣誉会员"))
}
