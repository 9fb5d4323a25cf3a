// Package catalog_test checks the string catalog (core/i18n) against the
// sources: every translatable piece of text of the web templates, every
// Chinese string literal of the Go code under core/ and adapters/, and every
// email text must have its English entry. Run it with -v to see what is
// missing, file by file:
//
//	go test ./test/catalog -run TestEnglishIsComplete -v
package catalog_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"text/template/parse"

	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/i18n"
)

// root is the repository's root, seen from this package.
const root = "../.."

// skipped are the folders whose strings are not shown to people, or not by
// the catalog: the catalog itself, test fixtures.
var skipped = []string{
	"core/i18n",
	"adapters/memstore", // the in-memory twin (its Chinese literals are fixtures)
}

// where is one place a key is used.
type where struct{ file, key string }

func TestEnglishIsComplete(t *testing.T) {
	cat, err := i18n.New()
	require.NoError(t, err)
	var missing []where
	for _, w := range sourceKeys(t) {
		if !cat.Has(i18n.English, w.key) {
			missing = append(missing, w)
		}
	}
	for _, w := range missing {
		t.Logf("%s: %q", w.file, w.key)
	}
	if len(missing) > 0 {
		t.Errorf("%d keys have no English entry (listed above; add them to core/i18n/locales/en/*.json)", len(missing))
	}
}

// sourceKeys are the keys the sources use, in file order.
func sourceKeys(t *testing.T) []where {
	t.Helper()
	var out []where
	for _, dir := range []string{"core", "adapters"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			rel = filepath.ToSlash(rel)
			if d.IsDir() {
				if slices.Contains(skipped, rel) || d.Name() == "testdata" || strings.HasSuffix(d.Name(), "test") {
					return filepath.SkipDir
				}
				return nil
			}
			switch {
			case strings.HasSuffix(p, "_test.go"):
			case strings.HasSuffix(p, ".go"):
				out = append(out, goKeys(t, p, rel)...)
			case strings.HasSuffix(p, ".html") && strings.Contains(rel, "/templates/"):
				out = append(out, templateKeys(t, p, rel)...)
			}
			return nil
		})
		require.NoError(t, err)
	}
	return out
}

// goKeys are the Chinese string literals of a Go file: as they are, or, for
// literals that are HTML, their translatable chunks.
func goKeys(t *testing.T, path, rel string) []where {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	require.NoError(t, err)
	var out []where
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Field: // struct tags are not shown to anybody
			if n.Type != nil {
				ast.Inspect(n.Type, func(m ast.Node) bool { return inspectLit(m, rel, &out) })
			}
			return false
		case *ast.ImportSpec:
			return false
		}
		return inspectLit(n, rel, &out)
	})
	return out
}

func inspectLit(n ast.Node, rel string, out *[]where) bool {
	lit, ok := n.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return true
	}
	s, err := strconv.Unquote(lit.Value)
	if err != nil || !i18n.NeedsTranslation(s) {
		return true
	}
	// A piece of HTML written in Go may start inside a tag (`" download>下载`),
	// and an option may be written key=value ("hint=…").
	if gt, lt := strings.IndexByte(s, '>'), strings.IndexByte(s, '<'); gt >= 0 && (lt < 0 || gt < lt) {
		s = s[gt+1:]
	}
	if k, v, ok := strings.Cut(s, "="); ok && option.MatchString(k) {
		s = v
	}
	if strings.ContainsAny(s, "<>") {
		for _, k := range i18n.HTMLKeys(s) {
			*out = append(*out, where{rel, k})
		}
		return true
	}
	*out = append(*out, where{rel, strings.Join(strings.Fields(s), " ")})
	return true
}

// option is the key of a key=value option string.
var option = regexp.MustCompile(`^[a-z][a-z_-]*$`)

// templateKeys are the translatable chunks of a template file.
func templateKeys(t *testing.T, path, rel string) []where {
	t.Helper()
	raw, err := os.ReadFile(path) // #nosec G304 -- a file of this repository
	require.NoError(t, err)
	trees := map[string]*parse.Tree{}
	tr := parse.New(rel)
	tr.Mode = parse.SkipFuncCheck | parse.ParseComments
	_, err = tr.Parse(string(raw), "{{", "}}", trees)
	require.NoError(t, err, rel)
	var out []where
	for _, name := range sortedNames(trees) {
		for _, k := range i18n.TreeKeys(trees[name]) {
			out = append(out, where{fmt.Sprintf("%s{%s}", rel, name), k})
		}
	}
	return out
}

func sortedNames(m map[string]*parse.Tree) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}
