package i18n

import (
	"strings"
)

// scanMode is where in an HTML document a scanner stands.
type scanMode int

const (
	inText  scanMode = iota // element content
	inTag                   // inside <…>, between attributes
	inValue                 // inside an attribute's value
	inRaw                   // the content of <script> or <style>
	inComment
)

// htmlScanner follows an HTML document given in pieces (a template's text
// between its actions), so that a piece that starts inside a tag or an
// attribute value is understood.
type htmlScanner struct {
	mode  scanMode
	attr  string // the attribute being read or whose value this is
	quote byte   // the value's quote, 0 when unquoted
	tag   string // the tag being read (to enter inRaw after <script>)
	raw   string // the element whose raw text this is
}

// translatable reports whether the text at the scanner's position is read by
// people: element content, or the value of an attribute that holds words.
func (sc *htmlScanner) translatable() bool {
	switch sc.mode {
	case inText:
		return true
	case inValue:
		return wordAttr(sc.attr)
	default:
		return false
	}
}

// wordAttr reports whether an attribute's value is words for people (never
// a form value, a link or a name).
func wordAttr(name string) bool {
	switch name {
	case "title", "aria-label", "aria-description", "aria-roledescription", "placeholder", "alt", "content":
		return true
	}
	if rest, ok := strings.CutPrefix(name, "data-"); ok {
		for _, w := range []string{"title", "placeholder", "label", "text", "confirm", "message"} {
			if strings.Contains(rest, w) {
				return true
			}
		}
	}
	return false
}

// piece scans s from the scanner's position and returns it with each
// translatable chunk (element text, a word attribute's value) replaced by
// f(chunk). The chunk passed has its white space; f returns the text to put
// in its place, escaped for where it stands.
func (sc *htmlScanner) piece(s string, f func(chunk string) string) string {
	var out strings.Builder
	out.Grow(len(s))
	start := 0 // the start of the pending chunk
	flush := func(end int) {
		chunk := s[start:end]
		if sc.translatable() && NeedsTranslation(chunk) {
			out.WriteString(f(chunk))
		} else {
			out.WriteString(chunk)
		}
		start = end
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch sc.mode {
		case inText:
			if c == '<' {
				flush(i)
				if strings.HasPrefix(s[i:], "<!--") {
					sc.mode = inComment
				} else {
					sc.mode, sc.attr, sc.tag = inTag, "", ""
					j := i + 1
					for j < len(s) && (isNameByte(s[j]) || s[j] == '/') {
						j++
					}
					sc.tag = strings.ToLower(s[i+1 : j])
					out.WriteString(s[i:j])
					start, i = j, j-1
				}
			}
		case inComment:
			if strings.HasPrefix(s[i:], "-->") {
				i += 2
				out.WriteString(s[start : i+1])
				start, sc.mode = i+1, inText
			}
		case inRaw:
			if c == '<' && strings.HasPrefix(strings.ToLower(s[i:]), "</"+sc.raw) {
				sc.mode, sc.tag = inTag, "/"+sc.raw
				out.WriteString(s[start : i+2+len(sc.raw)])
				start, i = i+2+len(sc.raw), i+1+len(sc.raw)
			}
		case inTag:
			switch {
			case c == '>':
				out.WriteString(s[start : i+1])
				start, sc.mode = i+1, inText
				// A textarea's text is what the user wrote (or will send):
				// never translated, like a script's.
				if sc.tag == "script" || sc.tag == "style" || sc.tag == "textarea" {
					sc.mode, sc.raw = inRaw, sc.tag
				}
			case isNameByte(c):
				j := i
				for j < len(s) && isNameByte(s[j]) {
					j++
				}
				sc.attr = strings.ToLower(s[i:j])
				i = j - 1
			case c == '=':
				j := i + 1
				for j < len(s) && s[j] == ' ' {
					j++
				}
				sc.mode, sc.quote = inValue, 0
				if j < len(s) && (s[j] == '"' || s[j] == '\'') {
					sc.quote = s[j]
					j++
				}
				out.WriteString(s[start:j])
				start, i = j, j-1
			}
		case inValue:
			switch {
			case sc.quote != 0 && c == sc.quote:
				flush(i) // the quote is written with the tag's rest
				sc.mode, sc.attr = inTag, ""
			case sc.quote == 0 && (c == ' ' || c == '>'):
				flush(i)
				sc.mode, sc.attr = inTag, ""
				i-- // read the space or '>' as the tag's
			}
		}
	}
	if sc.mode == inText || sc.mode == inValue {
		flush(len(s))
	} else {
		out.WriteString(s[start:])
	}
	return out.String()
}

func isNameByte(c byte) bool {
	return c == '-' || c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// HTML translates the text and word attributes of an HTML fragment (markup
// written in Go, like a menu) into locale; markup and other attributes stay.
func (c *Catalog) HTML(locale, s string) string {
	if !NeedsTranslation(s) {
		return s
	}
	sc := &htmlScanner{}
	return sc.piece(s, c.chunk(locale, sc))
}

// chunk translates one chunk the scanner found, keeping its surrounding white
// space and escaping the translation for where it stands.
func (c *Catalog) chunk(locale string, sc *htmlScanner) func(string) string {
	return func(s string) string {
		t := c.T(locale, s)
		if t == s {
			return s
		}
		if sc.mode == inValue {
			return strings.NewReplacer(`"`, "&#34;", "<", "&lt;", ">", "&gt;").Replace(t)
		}
		return strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(t)
	}
}

// HTMLKeys are the keys of an HTML fragment's translatable chunks, as the
// catalog files must have them.
func HTMLKeys(s string) []string {
	var keys []string
	sc := &htmlScanner{}
	sc.piece(s, func(chunk string) string {
		keys = append(keys, normalize(chunk))
		return chunk
	})
	return keys
}
