package query

import (
	"context"
	"io"

	"github.com/openassoc/membership/core/app/sitesettings"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/site"
	"github.com/openassoc/membership/ports"
)

// SiteSettingsHandler reads the site's branding (public: every page shows it).
type SiteSettingsHandler struct {
	source *sitesettings.Source
	files  ports.FileStore
}

// NewSiteSettingsHandler builds the handler.
func NewSiteSettingsHandler(source *sitesettings.Source, files ports.FileStore) *SiteSettingsHandler {
	return &SiteSettingsHandler{source: source, files: files}
}

// Current returns the settings in force and whether the admin may change them
// here (a settings store is configured).
func (h *SiteSettingsHandler) Current(ctx context.Context) (site.Settings, bool, error) {
	s, err := h.source.Current(ctx)
	if err != nil {
		return site.Settings{}, false, apperr.Internal(err)
	}
	return s, h.source.Writable(), nil
}

// OnTexts calls f with the admin's 文字替换 at each fresh read of the settings
// (see sitesettings.Source.OnTexts): the edges apply them to the string
// catalog.
func (h *SiteSettingsHandler) OnTexts(f func(site.Texts)) { h.source.OnTexts(f) }

// Logo opens the uploaded logo; without one it is NotFound.
func (h *SiteSettingsHandler) Logo(ctx context.Context) (site.Logo, io.ReadCloser, error) {
	s, err := h.source.Current(ctx)
	if err != nil {
		return site.Logo{}, nil, apperr.Internal(err)
	}
	if s.Logo.Key == "" {
		return site.Logo{}, nil, apperr.NotFound("logo_not_found", "尚未上传标志")
	}
	rc, err := h.files.Open(ctx, s.Logo.Key)
	if err != nil {
		return site.Logo{}, nil, err
	}
	return s.Logo, rc, nil
}
