package membership

import (
	"fmt"
	"slices"

	"github.com/openassoc/membership/core/i18n"
)

// newCatalog builds the string catalog the module's edges share — the web
// pages, the JSON API, the PDFs — with the embedder's Config.Texts over the
// shipped files. The web UI keeps the admin's 文字替换 over them
// (adapters/webui/texts.go).
func (m *Module) newCatalog() error {
	cat, err := i18n.New()
	if err != nil {
		return fmt.Errorf("membership: string catalog: %w", err)
	}
	for locale := range m.cfg.Texts {
		if !slices.Contains(i18n.Locales, locale) {
			return fmt.Errorf("membership: Config.Texts: unknown locale %q (known: %v)", locale, i18n.Locales)
		}
	}
	cat.SetOverrides(m.cfg.Texts)
	m.cat = cat
	return nil
}
