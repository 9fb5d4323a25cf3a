package httpapi

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// APIDoc is the embedded OpenAPI document, decoded generically, with a validator
// for the subset of JSON Schema 2020-12 the document uses. Tests validate every
// response they receive against it, so the document cannot drift from the code.
// It is exported (in test files only) for the external test package.
type APIDoc struct {
	Raw map[string]any
}

// LoadDoc decodes the embedded document.
func LoadDoc(t testing.TB) *APIDoc {
	t.Helper()
	var raw map[string]any
	require.NoError(t, json.Unmarshal(openAPIDocument, &raw), "openapi.json must be valid JSON")
	return &APIDoc{Raw: raw}
}

// Obj returns v as a JSON object, or nil.
func Obj(v any) map[string]any {
	o, _ := v.(map[string]any)
	return o
}

// Operation returns the operation object of method and path, or nil. The path
// may be a documented template (/applications/{member_id}) or a concrete path
// (/applications/0193…), which is matched against the templates; a query string
// is ignored.
func (d *APIDoc) Operation(method, path string) map[string]any {
	path, _, _ = strings.Cut(path, "?")
	paths := Obj(d.Raw["paths"])
	if item := Obj(paths[path]); item != nil {
		return Obj(item[strings.ToLower(method)])
	}
	for tmpl, item := range paths {
		if !strings.Contains(tmpl, "{") {
			continue
		}
		re := "^" + regexp.MustCompile(`\\\{[a-z_]+\\\}`).ReplaceAllString(regexp.QuoteMeta(tmpl), `[^/]+`) + "$"
		if regexp.MustCompile(re).MatchString(path) {
			if op := Obj(Obj(item)[strings.ToLower(method)]); op != nil {
				return op
			}
		}
	}
	return nil
}

// Operations lists "METHOD path" of every documented operation.
func (d *APIDoc) Operations() []string {
	var out []string
	for path, item := range Obj(d.Raw["paths"]) {
		for method := range Obj(item) {
			out = append(out, strings.ToUpper(method)+" "+path)
		}
	}
	sort.Strings(out)
	return out
}

// Resolve follows a local $ref ("#/components/...").
func (d *APIDoc) Resolve(v any) (map[string]any, error) {
	o := Obj(v)
	for o != nil {
		ref, ok := o["$ref"].(string)
		if !ok {
			return o, nil
		}
		target := any(d.Raw)
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			target = Obj(target)[part]
		}
		if target == nil {
			return nil, fmt.Errorf("unresolved $ref %s", ref)
		}
		o = Obj(target)
	}
	return nil, fmt.Errorf("not an object: %v", v)
}

// Response returns the documented JSON schema of a response (nil when the
// response has no body) and its documented headers.
func (d *APIDoc) Response(method, path string, status int) (map[string]any, map[string]any, error) {
	op := d.Operation(method, path)
	if op == nil {
		return nil, nil, fmt.Errorf("%s %s is not documented", method, path)
	}
	r, err := d.Resolve(Obj(op["responses"])[fmt.Sprint(status)])
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s: status %d is not documented: %w", method, path, status, err)
	}
	content := Obj(r["content"])
	if content == nil {
		return nil, Obj(r["headers"]), nil
	}
	return Obj(Obj(content["application/json"])["schema"]), Obj(r["headers"]), nil
}

// MediaTypes returns the documented media types of a response's body.
func (d *APIDoc) MediaTypes(method, path string, status int) []string {
	r, err := d.Resolve(Obj(d.Operation(method, path)["responses"])[fmt.Sprint(status)])
	if err != nil {
		return nil
	}
	var out []string
	for mt := range Obj(r["content"]) {
		out = append(out, mt)
	}
	sort.Strings(out)
	return out
}

var (
	dateRe     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	dataURLRe  = regexp.MustCompile(`^data:image/png;base64,[A-Za-z0-9+/=]+$`)
	jsonTypeOf = func(v any) string {
		switch x := v.(type) {
		case nil:
			return "null"
		case bool:
			return "boolean"
		case string:
			return "string"
		case []any:
			return "array"
		case map[string]any:
			return "object"
		case float64:
			if x == math.Trunc(x) {
				return "integer"
			}
			return "number"
		}
		return fmt.Sprintf("%T", v)
	}
)

// Validate checks value against schema and returns the problems found.
func (d *APIDoc) Validate(schema any, value any, at string) []string {
	s, err := d.Resolve(schema)
	if err != nil {
		return []string{at + ": " + err.Error()}
	}
	if one, ok := s["oneOf"].([]any); ok {
		matches := 0
		var all []string
		for _, sub := range one {
			p := d.Validate(sub, value, at)
			if len(p) == 0 {
				matches++
			}
			all = append(all, p...)
		}
		if matches != 1 {
			return append([]string{fmt.Sprintf("%s: matches %d of oneOf", at, matches)}, all...)
		}
		return nil
	}
	var probs []string
	add := func(f string, a ...any) { probs = append(probs, at+": "+fmt.Sprintf(f, a...)) }
	got := jsonTypeOf(value)
	if t, ok := s["type"]; ok {
		var types []string
		switch x := t.(type) {
		case string:
			types = []string{x}
		case []any:
			for _, e := range x {
				types = append(types, e.(string))
			}
		}
		if !slices.Contains(types, got) && (got != "integer" || !slices.Contains(types, "number")) {
			add("type %s, want %v", got, types)
			return probs
		}
	}
	if c, ok := s["const"]; ok && value != c {
		add("%v is not the const %v", value, c)
	}
	if e, ok := s["enum"].([]any); ok && !slices.Contains(e, value) {
		add("%v is not one of %v", value, e)
	}
	switch x := value.(type) {
	case string:
		probs = append(probs, checkString(s, x, at)...)
	case float64:
		if lo, ok := s["minimum"].(float64); ok && x < lo {
			add("%v < minimum %v", x, lo)
		}
		if hi, ok := s["maximum"].(float64); ok && x > hi {
			add("%v > maximum %v", x, hi)
		}
	case []any:
		for i, e := range x {
			probs = append(probs, d.Validate(s["items"], e, fmt.Sprintf("%s[%d]", at, i))...)
		}
	case map[string]any:
		props := Obj(s["properties"])
		for _, r := range asStrings(s["required"]) {
			if _, ok := x[r]; !ok {
				add("missing required %q", r)
			}
		}
		for k, v := range x {
			ps, ok := props[k]
			if !ok {
				if s["additionalProperties"] == false {
					add("undocumented property %q", k)
				}
				continue
			}
			probs = append(probs, d.Validate(ps, v, at+"."+k)...)
		}
	}
	return probs
}

func checkString(s map[string]any, x, at string) []string {
	var probs []string
	n := float64(len([]rune(x)))
	if hi, ok := s["maxLength"].(float64); ok && n > hi {
		probs = append(probs, fmt.Sprintf("%s: longer than %v", at, hi))
	}
	switch s["format"] {
	case "date-time":
		if _, err := time.Parse(time.RFC3339, x); err != nil {
			probs = append(probs, fmt.Sprintf("%s: %q is not a date-time", at, x))
		}
	case "date":
		if !dateRe.MatchString(x) {
			probs = append(probs, fmt.Sprintf("%s: %q is not a date", at, x))
		}
	}
	if strings.Contains(fmt.Sprint(s["description"]), "data:image/png;base64,") && !dataURLRe.MatchString(x) {
		probs = append(probs, fmt.Sprintf("%s: not a PNG data URL", at))
	}
	return probs
}

func asStrings(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, e := range list {
		out = append(out, fmt.Sprint(e))
	}
	return out
}

// TestValidatorCatchesDrift makes sure the validator the scenario tests rely on
// does fail on responses that do not match the document.
func TestValidatorCatchesDrift(t *testing.T) {
	t.Parallel()
	d := LoadDoc(t)
	pass := map[string]any{"$ref": "#/components/schemas/CaptchaPass"}
	session := map[string]any{"$ref": "#/components/schemas/Session"}
	me := map[string]any{"$ref": "#/components/schemas/Me"}
	staff := map[string]any{"kind": "staff", "id": "1", "username": "u", "display_name": "U",
		"role": "admin", "role_label": "系统管理员"}
	tests := []struct {
		name   string
		schema any
		value  string
		ok     bool
	}{
		{"valid", pass, `{"token":"x"}`, true},
		{"undocumented property", pass, `{"token":"x","extra":1}`, false},
		{"missing required", pass, `{}`, false},
		{"wrong type", pass, `{"token":1}`, false},
		{"bad enum", session, `{"token":"t","expires_at":"2026-01-01T00:00:00Z","principal":{"kind":"robot","id":"1","role":"admin"}}`, false},
		{"bad date-time", session, `{"token":"t","expires_at":"tomorrow","principal":{"kind":"staff","id":"1","role":"admin"}}`, false},
		{"oneOf staff", me, mustJSON(t, staff), true},
		{"oneOf neither", me, `{"kind":"staff"}`, false},
	}
	for _, tc := range tests {
		var v any
		require.NoError(t, json.Unmarshal([]byte(tc.value), &v))
		probs := d.Validate(tc.schema, v, "body")
		if tc.ok {
			assert.Empty(t, probs, tc.name)
		} else {
			assert.NotEmpty(t, probs, tc.name)
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
