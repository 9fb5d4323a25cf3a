package i18n

import (
	"context"
	"fmt"
	"html/template"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// ctxKey is the context key of the request's locale.
type ctxKey struct{}

// WithLocale returns ctx carrying locale: the language a request is answered
// in, and the language of what it produces.
func WithLocale(ctx context.Context, locale string) context.Context {
	return context.WithValue(ctx, ctxKey{}, locale)
}

// FromContext is the locale ctx carries, or zh-CN.
func FromContext(ctx context.Context) string {
	if l, ok := ctx.Value(ctxKey{}).(string); ok && l != "" {
		return l
	}
	return Chinese
}

// Match maps a language tag to a supported locale: zh, zh-CN, zh-Hans, zh-SG →
// zh-CN; en, en-US, en-GB … → en. Unknown tags give "".
func Match(tag string, supported []string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if tag == "" {
		return ""
	}
	base, _, _ := strings.Cut(strings.ReplaceAll(tag, "_", "-"), "-")
	for _, s := range supported {
		if strings.EqualFold(s, tag) {
			return s
		}
	}
	for _, s := range supported {
		sb, _, _ := strings.Cut(strings.ToLower(s), "-")
		if sb == base {
			return s
		}
	}
	return ""
}

// Negotiate picks the supported locale an Accept-Language header prefers (by
// its q-values; "" when it names none of them).
func Negotiate(acceptLanguage string, supported []string) string {
	type choice struct {
		locale string
		q      float64
		i      int
	}
	var cs []choice
	for i, part := range strings.Split(acceptLanguage, ",") {
		tag, params, _ := strings.Cut(part, ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				continue
			}
			q = f
		}
		if l := Match(tag, supported); l != "" && q > 0 {
			cs = append(cs, choice{l, q, i})
		}
	}
	if len(cs) == 0 {
		return ""
	}
	slices.SortStableFunc(cs, func(a, b choice) int {
		switch {
		case a.q > b.q:
			return -1
		case a.q < b.q:
			return 1
		}
		return a.i - b.i
	})
	return cs[0].locale
}

// Func is the template function that translates a printed value into locale:
// strings (and values printed as strings) by T, trusted HTML by HTML; links,
// scripts, styles, numbers and times stay as they are.
func (c *Catalog) Func(locale string) func(any) any {
	return func(v any) any {
		switch x := v.(type) {
		case string:
			return c.T(locale, x)
		case template.HTML:
			return template.HTML(c.HTML(locale, string(x))) // #nosec G203 -- translated trusted HTML stays trusted
		case template.URL, template.JS, template.JSStr, template.CSS, template.HTMLAttr, template.Srcset:
			return v
		case fmt.Stringer:
			return c.T(locale, x.String())
		case nil:
			return v
		}
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.String {
			return c.T(locale, rv.String())
		}
		return v
	}
}
