package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/i18n"
)

// Option configures the API (see New).
type Option func(*API)

// WithCatalog answers in the request's language with the string catalog cat
// (the one the web pages use, with the embedder's and the admin's overrides).
// Without it the API answers in zh-CN.
func WithCatalog(cat *i18n.Catalog) Option {
	return func(a *API) { a.cat = cat }
}

// langCookie is the web pages' choice of language (the footer's 中文 /
// English): a browser's calls from those pages carry it. It is read for the
// language only, never as a credential.
const langCookie = "lang"

// locale is the language a request is answered in: the lang cookie (a browser's
// call from the site), then Accept-Language, then zh-CN.
func (a *API) locale(r *http.Request) string {
	if a.cat == nil {
		return i18n.Chinese
	}
	if c, err := r.Cookie(langCookie); err == nil {
		if l := i18n.Match(c.Value, i18n.Locales); l != "" {
			return l
		}
	}
	if l := i18n.Negotiate(r.Header.Get("Accept-Language"), i18n.Locales); l != "" {
		return l
	}
	return i18n.Chinese
}

// answerLocale is the language of the answer being written to w: wrap sets it
// as the Content-Language header before the endpoint runs.
func answerLocale(w http.ResponseWriter) string {
	if l := w.Header().Get("Content-Language"); l != "" {
		return l
	}
	return i18n.Chinese
}

// tr translates s into the answer's language.
func (a *API) tr(w http.ResponseWriter, s string) string {
	if a.cat == nil {
		return s
	}
	return a.cat.T(answerLocale(w), s)
}

// translateError puts an error answer's message and every field's message into
// the answer's language.
func (a *API) translateError(w http.ResponseWriter, body *errorDetail) {
	if a.cat == nil || answerLocale(w) == i18n.Chinese {
		return
	}
	body.Message = a.tr(w, body.Message)
	if len(body.Fields) == 0 {
		return
	}
	fields := make([]apperr.FieldError, len(body.Fields)) // never write into the error's own slice
	for i, f := range body.Fields {
		f.Message = a.tr(w, f.Message)
		fields[i] = f
	}
	body.Fields = fields
}

// translated is v as JSON with the values of its words for people (see
// wordKey) in the answer's language, the keys' order kept; v itself is
// untouched. In zh-CN (or on any trouble) it is v.
func (a *API) translated(w http.ResponseWriter, v any) any {
	if a.cat == nil || answerLocale(w) == i18n.Chinese {
		return v
	}
	raw, err := json.Marshal(v)
	if err != nil || !i18n.NeedsTranslation(string(raw)) {
		return v
	}
	var out bytes.Buffer
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := a.translateValue(dec, &out, answerLocale(w), false); err != nil {
		return v
	}
	return json.RawMessage(out.Bytes())
}

// wordKey reports whether an object key's string value is words the system
// wrote for people (a status label, a message, a status line), not content.
func wordKey(k string) bool {
	switch k {
	case "label", "message", "text", "summary", "status_line":
		return true
	}
	for _, suffix := range []string{"_label", "_text", "_message", "_summary"} {
		if strings.HasSuffix(k, suffix) {
			return true
		}
	}
	return false
}

// translateValue copies the next JSON value of dec to out, translating its
// strings when words is set (the value of a word key, or an array of them).
func (a *API) translateValue(dec *json.Decoder, out *bytes.Buffer, locale string, words bool) error {
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("httpapi: translate: %w", err)
	}
	switch t := tok.(type) {
	case json.Delim:
		return a.translateComposite(dec, out, locale, t, words)
	case string:
		if words {
			t = a.cat.T(locale, t)
		}
		return writeToken(out, t)
	default:
		return writeToken(out, t)
	}
}

// translateComposite copies an object or an array whose opening delimiter was
// read.
func (a *API) translateComposite(dec *json.Decoder, out *bytes.Buffer, locale string, open json.Delim,
	words bool) error {
	out.WriteString(open.String())
	for i := 0; dec.More(); i++ {
		if i > 0 {
			out.WriteByte(',')
		}
		inner := words
		if open == '{' {
			tok, err := dec.Token()
			if err != nil {
				return fmt.Errorf("httpapi: translate: %w", err)
			}
			key, _ := tok.(string)
			if err := writeToken(out, key); err != nil {
				return err
			}
			out.WriteByte(':')
			inner = wordKey(key)
		}
		if err := a.translateValue(dec, out, locale, inner); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // the closing delimiter
		return fmt.Errorf("httpapi: translate: %w", err)
	}
	if open == '{' {
		out.WriteByte('}')
	} else {
		out.WriteByte(']')
	}
	return nil
}

// writeToken writes a scalar JSON token.
func writeToken(out *bytes.Buffer, tok any) error {
	if n, ok := tok.(json.Number); ok {
		out.WriteString(n.String())
		return nil
	}
	b, err := json.Marshal(tok)
	if err != nil {
		return fmt.Errorf("httpapi: translate: %w", err)
	}
	out.Write(b)
	return nil
}
