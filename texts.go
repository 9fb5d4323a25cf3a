package membership

import (
	"fmt"
	"maps"

	"github.com/openassoc/membership/core/i18n"
)

// newCatalog builds the string catalog the module's edges share — the web
// pages, the JSON API, the PDFs — with the embedder's Config.Texts over the
// shipped files.
func (m *Module) newCatalog() error {
	cat, err := i18n.New()
	if err != nil {
		return fmt.Errorf("membership: string catalog: %w", err)
	}
	for locale := range m.cfg.Texts {
		if !cat.Supported(locale) && i18n.Match(locale, i18n.Locales) == "" {
			return fmt.Errorf("membership: Config.Texts: unknown locale %q (known: %v)", locale, i18n.Locales)
		}
	}
	m.cat = cat
	cat.SetOverrides(mergeTexts(m.cfg.Texts, nil))
	return nil
}

// mergeTexts is the embedder's texts with the admin's over them (the admin
// wins), by locale.
func mergeTexts(embedder, admin map[string]map[string]string) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, layer := range []map[string]map[string]string{embedder, admin} {
		for locale, texts := range layer {
			if out[locale] == nil {
				out[locale] = map[string]string{}
			}
			maps.Copy(out[locale], texts)
		}
	}
	return out
}
