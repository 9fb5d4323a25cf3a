package webui

import (
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/openassoc/membership/core/i18n"
	"github.com/openassoc/membership/internal/tabular"
)

// localHeader translates the first row written through it — an export's
// header row — into the staff member's language; the data rows (members'
// data, as stored) pass as they are.
type localHeader struct {
	tabular.Writer
	tr      func(string) string
	written bool // the header row went through
}

// WriteRow writes cells, translated when they are the header row.
func (l *localHeader) WriteRow(cells []string) error {
	if !l.written {
		l.written = true
		out := make([]string, len(cells))
		for i, c := range cells {
			out[i] = l.tr(c)
		}
		cells = out
	}
	return l.Writer.WriteRow(cells) //nolint:wrapcheck // the writer's own error
}

// exportWriter opens an export's file for the request's staff member: the
// sheet's name and the header row in their language (zh-CN as it is).
func (u *UI) exportWriter(r *http.Request, format string, out io.Writer, sheet string) (tabular.Writer, error) {
	locale := u.locale(r)
	if locale == i18n.Chinese {
		return tabular.New(format, out, sheet) //nolint:wrapcheck // shown as the error page
	}
	tw, err := tabular.New(format, out, sheetName(u.cat.T(locale, sheet), sheet))
	if err != nil {
		return nil, err //nolint:wrapcheck // shown as the error page
	}
	return &localHeader{Writer: tw, tr: func(s string) string { return u.cat.T(locale, s) }}, nil
}

// sheetName is a translated sheet name when a spreadsheet accepts it (at most
// 31 characters, none of :\/?*[]), else the original.
func sheetName(translated, original string) string {
	if translated == "" || utf8.RuneCountInString(translated) > 31 || strings.ContainsAny(translated, `:\/?*[]`) {
		return original
	}
	return translated
}

// exportTitle is an export's title in the request's language, for its file
// name.
func (u *UI) exportTitle(r *http.Request, title string) string {
	return u.t(r, title)
}
