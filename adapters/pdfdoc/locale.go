package pdfdoc

import (
	"context"
	"fmt"

	"github.com/openassoc/membership/core/i18n"
	"github.com/openassoc/membership/ports"
)

// lang translates what a document draws into the language of the request
// that asked for it (i18n.FromContext): the texts the core wrote (a form's
// title, sections, labels, the values the catalog knows, e.g. 制造业) and the
// renderer's own (page numbers, 「（续）」, the card's labels). Names, numbers
// and other content without a catalog entry stay as they are. The zero lang
// draws the Chinese as given.
type lang struct {
	cat    *i18n.Catalog
	locale string
}

// lang is the language of the request in ctx.
func (r *Renderer) lang(ctx context.Context) lang {
	if r.cat == nil {
		return lang{locale: i18n.Chinese}
	}
	return lang{cat: r.cat, locale: i18n.FromContext(ctx)}
}

// t translates s.
func (l lang) t(s string) string {
	if l.cat == nil {
		return s
	}
	return l.cat.T(l.locale, s)
}

// sprintf formats args (already translated) with the translation of the
// pattern format.
func (l lang) sprintf(format string, args ...any) string {
	if l.cat == nil {
		return fmt.Sprintf(format, args...)
	}
	return l.cat.Sprintf(l.locale, format, args...)
}

// tag is the document's language for its metadata.
func (l lang) tag() string {
	if l.locale == "" {
		return i18n.Chinese
	}
	return l.locale
}

// form returns doc with its texts translated (the logo kept).
func (l lang) form(doc ports.FormDocument) ports.FormDocument {
	if l.cat == nil || l.locale == i18n.Chinese {
		return doc
	}
	out := ports.FormDocument{Title: l.t(doc.Title), Subtitle: l.t(doc.Subtitle), Footer: l.t(doc.Footer),
		Logo: doc.Logo}
	for _, s := range doc.Sections {
		ts := ports.FormSection{Title: l.t(s.Title), Rows: make([]ports.FormRow, len(s.Rows))}
		for i, row := range s.Rows {
			ts.Rows[i] = ports.FormRow{Label: l.t(row.Label), Value: l.t(row.Value), Wide: row.Wide}
		}
		out.Sections = append(out.Sections, ts)
	}
	for _, s := range doc.Signatures {
		out.Signatures = append(out.Signatures, l.t(s))
	}
	return out
}

// card returns doc with its texts translated; the member's name and number
// are content.
func (l lang) card(doc ports.CardDocument) ports.CardDocument {
	if l.cat == nil || l.locale == i18n.Chinese {
		return doc
	}
	for _, s := range []*string{&doc.Title, &doc.Association, &doc.KindLabel, &doc.Level, &doc.Validity,
		&doc.Status} {
		*s = l.t(*s)
	}
	return doc
}

// cardRows are the labelled facts of the card (with its kind) or of the
// certificate (without).
func (l lang) cardRows(doc ports.CardDocument, withKind bool) [][2]string {
	rows := [][2]string{{l.t("会员编号"), doc.Number}}
	if withKind {
		rows = append(rows, [2]string{l.t("会员类型"), doc.KindLabel + " · " + doc.Level})
	}
	return append(rows, [2]string{l.t("有效期"), doc.Validity}, [2]string{l.t("状态"), doc.Status})
}
