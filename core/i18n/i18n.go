// Package i18n is the string catalog: every user-visible string of the system is
// written in Simplified Chinese where it is used (templates, messages, emails,
// PDFs), and that Chinese text is its key — the gettext way. A locale's catalog
// maps each key to its translation; Simplified Chinese (zh-CN) is the default
// and needs no catalog, and English (en) is complete (a test fails when a key
// is missing). An embedder or the association's admin can override any string
// in any locale (another association's own wording) without forking: see
// Catalog.SetOverrides.
//
// Keys are of three kinds:
//   - exact strings ("会员管理": "Members");
//   - patterns with fmt verbs, for text built with values ("共 %d 条":
//     "%d in total"); the translation may reorder them with %[2]s;
//   - fragments of templates: a page's text between its tags and actions, and
//     the text of its title, aria-label, placeholder and alt attributes,
//     trimmed and with inner white space collapsed to one space.
//
// Translation never fails: a string without an entry is shown as it is (a
// member's name, an address — content, not UI).
package i18n

import (
	"cmp"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// The locales the system ships.
const (
	// Chinese is Simplified Chinese, the default and the language of the keys.
	Chinese = "zh-CN"
	// English is the second, complete locale.
	English = "en"
)

// Locales are the shipped locales, the default first.
var Locales = []string{Chinese, English}

// builtin are the shipped catalogs: locales/<locale>/*.json, each a flat JSON
// object from the Chinese key to the translation. The variable is what go:embed
// needs; it is read-only.
//
//go:embed locales
var builtin embed.FS

// Catalog translates keys into a locale. It is safe for concurrent use; the
// overrides can be replaced while it is in use.
type Catalog struct {
	base   map[string]map[string]string // locale → key → text (the shipped files)
	tables atomic.Pointer[map[string]*table]
}

// New loads the shipped catalogs.
func New() (*Catalog, error) {
	base, err := Load(builtin, "locales")
	if err != nil {
		return nil, err
	}
	c := &Catalog{base: base}
	c.SetOverrides(nil)
	return c, nil
}

// Load reads dir/<locale>/*.json from fsys: each file a flat JSON object from key
// to text. A key given twice with different texts is an error.
func Load(fsys fs.FS, dir string) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	files, err := fs.Glob(fsys, path.Join(dir, "*", "*.json"))
	if err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	for _, f := range files {
		locale := path.Base(path.Dir(f))
		raw, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		var m map[string]string
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", f, err)
		}
		if out[locale] == nil {
			out[locale] = map[string]string{}
		}
		for k, v := range m {
			if old, ok := out[locale][k]; ok && old != v {
				return nil, fmt.Errorf("i18n: %s: key %q translated twice (%q, %q)", f, k, old, v)
			}
			out[locale][k] = v
		}
	}
	return out, nil
}

// SetOverrides replaces the overrides: locale → key → text. An override wins
// over the shipped text, in any locale (zh-CN included: another association's
// own wording of a Chinese string).
func (c *Catalog) SetOverrides(over map[string]map[string]string) {
	tables := map[string]*table{}
	for _, l := range slices.Sorted(maps.Keys(c.base)) {
		tables[l] = newTable(c.base[l], over[l])
	}
	for l, o := range over {
		if tables[l] == nil {
			tables[l] = newTable(nil, o)
		}
	}
	if tables[Chinese] == nil {
		tables[Chinese] = newTable(nil, nil)
	}
	c.tables.Store(&tables)
}

// Supported reports whether the catalog has the locale.
func (c *Catalog) Supported(locale string) bool {
	_, ok := (*c.tables.Load())[locale]
	return ok
}

// Has reports whether key has a translation in locale, exactly or by a pattern.
func (c *Catalog) Has(locale, key string) bool {
	t := (*c.tables.Load())[locale]
	if t == nil {
		return false
	}
	if _, ok := t.exact[normalize(key)]; ok {
		return true
	}
	_, ok := t.match(key, func(s string) string { return s })
	return ok
}

// T translates s into locale. A string without an entry comes back as it is.
func (c *Catalog) T(locale, s string) string {
	if s == "" || !NeedsTranslation(s) {
		return s
	}
	t := (*c.tables.Load())[locale]
	if t == nil || t.empty() {
		return s
	}
	return t.translate(s, 0)
}

// Sprintf translates the pattern format into locale and formats args with it.
func (c *Catalog) Sprintf(locale, format string, args ...any) string {
	return fmt.Sprintf(c.T(locale, format), args...)
}

// NeedsTranslation reports whether s has any Chinese: Han characters or CJK
// punctuation (，。：（）「」 …).
func NeedsTranslation(s string) bool {
	for _, r := range s {
		if r >= 0x2E80 && (unicode.Is(unicode.Han, r) || isCJKPunct(r)) {
			return true
		}
	}
	return false
}

// isCJKPunct is CJK symbols and punctuation and the full-width forms.
func isCJKPunct(r rune) bool {
	return (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}

// normalize trims s and collapses its inner runs of white space to one space:
// the form of every key.
func normalize(s string) string {
	s = strings.TrimSpace(s)
	if !strings.ContainsAny(s, "\n\t\r  ") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// table is one locale's lookup structure.
type table struct {
	exact map[string]string
	// Patterns indexed by the first rune of their literal prefix, or by the
	// last rune of their literal suffix when they start with a verb.
	byFirst map[rune][]*pattern
	byLast  map[rune][]*pattern
	// Patterns that start and end with a verb ("%s的申请：%s"), tried last.
	loose []*pattern
}

// pattern is a key with fmt verbs.
type pattern struct {
	re   *regexp.Regexp
	text string // the translation, its verbs turned into %s
	n    int    // the number of verbs
	lit  int    // the length of its literal text: the more, the more specific
}

// verb matches one fmt verb of a pattern key or text.
var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z]`)

func newTable(base, over map[string]string) *table {
	t := &table{exact: map[string]string{}, byFirst: map[rune][]*pattern{}, byLast: map[rune][]*pattern{}}
	add := func(k, v string) {
		k = normalize(k)
		t.exact[k] = v
		if !verb.MatchString(k) {
			return
		}
		p := compilePattern(k, v)
		if p == nil {
			return
		}
		lits := verb.Split(k, -1)
		if first, _ := utf8.DecodeRuneInString(lits[0]); lits[0] != "" {
			t.byFirst[first] = append(t.byFirst[first], p)
		} else if last, _ := utf8.DecodeLastRuneInString(lits[len(lits)-1]); lits[len(lits)-1] != "" {
			t.byLast[last] = append(t.byLast[last], p)
		} else {
			t.loose = append(t.loose, p)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(base)) {
		add(k, base[k])
	}
	for _, k := range slices.Sorted(maps.Keys(over)) {
		add(k, over[k])
	}
	// Longer (more specific) patterns first.
	// The most specific (most literal text) first: "%d年每月" before "%d年%d月".
	longerFirst := func(a, b *pattern) int { return cmp.Compare(b.lit, a.lit) }
	for _, m := range []map[rune][]*pattern{t.byFirst, t.byLast} {
		for _, ps := range m {
			slices.SortStableFunc(ps, longerFirst)
		}
	}
	slices.SortStableFunc(t.loose, longerFirst)
	return t
}

// compilePattern turns "共 %d 条" into ^共 (.+?) 条$; nil when the key has a
// verb that takes no value (%%) only.
func compilePattern(key, text string) *pattern {
	lits := verb.Split(key, -1)
	if len(lits) < 2 {
		return nil
	}
	var b strings.Builder
	b.WriteString("^")
	for i, l := range lits {
		if i > 0 {
			b.WriteString("(.+?)")
		}
		b.WriteString(regexp.QuoteMeta(strings.ReplaceAll(l, "%%", "%")))
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil
	}
	out := verb.ReplaceAllStringFunc(text, func(v string) string {
		if m := verb.FindStringSubmatch(v); m[1] != "" {
			return "%" + m[1] + "s"
		}
		return "%s"
	})
	return &pattern{re: re, text: out, n: len(lits) - 1, lit: len(strings.Join(lits, ""))}
}

func (t *table) empty() bool { return len(t.exact) == 0 }

// maxDepth bounds the translation of a pattern's values (which may themselves
// be translated strings).
const maxDepth = 3

// translate looks s up exactly, then by its patterns, then as 「label：value」.
func (t *table) translate(s string, depth int) string {
	if v, ok := t.exact[s]; ok {
		return v
	}
	core := normalize(s)
	if core == "" {
		return s
	}
	lead := s[:len(s)-len(strings.TrimLeftFunc(s, unicode.IsSpace))]
	trail := s[len(strings.TrimRightFunc(s, unicode.IsSpace)):]
	if core != s {
		if v, ok := t.exact[core]; ok {
			return lead + v + trail
		}
	}
	if depth >= maxDepth {
		return s
	}
	rec := func(v string) string { return t.translate(v, depth+1) }
	if v, ok := t.match(core, rec); ok {
		return lead + v + trail
	}
	// 「会员编号：2023001」: a known label, then a value.
	if label, value, ok := strings.Cut(core, "："); ok && label != "" {
		if l, ok := t.exact[label+"："]; ok {
			return lead + l + rec(value) + trail
		}
	}
	// 「单位名称:」: a known label with a colon.
	for _, colon := range []string{":", "："} {
		if stem, ok := strings.CutSuffix(core, colon); ok && stem != "" {
			if v, ok := t.exact[stem]; ok {
				return lead + v + ":" + trail
			}
		}
	}
	// 「工作人员 reviewer」: words apart, each known one translated.
	if strings.Contains(core, " ") {
		words := strings.Split(core, " ")
		changed := false
		for i, w := range words {
			if v, ok := t.exact[w]; ok && w != "" {
				words[i], changed = v, true
			}
		}
		if changed {
			return lead + strings.Join(words, " ") + trail
		}
	}
	// 「名称、地址」: a list, each item translated.
	if strings.Contains(core, "、") {
		items := strings.Split(core, "、")
		changed := false
		for i, it := range items {
			if v := rec(it); v != it {
				items[i], changed = v, true
			}
		}
		if changed {
			return lead + strings.Join(items, ", ") + trail
		}
	}
	return s
}

// match finds the pattern s is an instance of and formats its values, each
// translated by rec.
func (t *table) match(s string, rec func(string) string) (string, bool) {
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	for _, ps := range [][]*pattern{t.byFirst[first], t.byLast[last], t.loose} {
		for _, p := range ps {
			m := p.re.FindStringSubmatch(s)
			if m == nil {
				continue
			}
			args := make([]any, p.n)
			for i := range p.n {
				args[i] = rec(m[i+1])
			}
			return fmt.Sprintf(p.text, args...), true
		}
	}
	return "", false
}
