package pdfdoc

import (
	"context"
	"log/slog"
	"sync"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/ports"
)

// CodeFontMissing is the apperr code of a render refused because no usable
// Chinese font was found.
const CodeFontMissing = "pdf_font_missing"

// Lazy is a renderer built on its first render, so that starting an app stays
// fast. When it cannot be built (no Chinese font) it logs the reason once and
// answers every render with a clear error instead (apperr Internal,
// CodeFontMissing, a message for the member). It is safe for concurrent use.
type Lazy struct {
	cfg    Config
	logger *slog.Logger

	once sync.Once
	r    *Renderer
	err  error
}

var _ ports.DocumentRenderer = (*Lazy)(nil)

// NewLazy returns the renderer New(cfg) builds on the first render; logger
// receives the reason when it cannot be built (nil discards it).
func NewLazy(cfg Config, logger *slog.Logger) *Lazy {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Lazy{cfg: cfg, logger: logger}
}

// RenderForm renders with the built renderer.
func (l *Lazy) RenderForm(ctx context.Context, doc ports.FormDocument) ([]byte, error) {
	if err := l.build(); err != nil {
		return nil, err
	}
	return l.r.RenderForm(ctx, doc)
}

// build builds the renderer once; without a font it is the clear error.
func (l *Lazy) build() error {
	l.once.Do(func() {
		l.r, l.err = New(l.cfg)
		if l.err != nil {
			l.logger.Error("PDF forms unavailable: no usable Chinese font (install fonts-droid-fallback or set Config.PDFFont / "+
				FontEnv+")", "err", l.err)
		}
	})
	if l.err != nil {
		return &apperr.Error{Kind: apperr.KindInternal, Code: CodeFontMissing,
			Message: "服务器未安装中文字体，暂时无法生成PDF文件，请联系协会工作人员", Err: l.err}
	}
	return nil
}

var _ ports.CardRenderer = (*Lazy)(nil)

// RenderCard renders a card with the built renderer.
func (l *Lazy) RenderCard(ctx context.Context, doc ports.CardDocument, format ports.CardFormat) ([]byte, error) {
	if err := l.build(); err != nil {
		return nil, err
	}
	return l.r.RenderCard(ctx, doc, format)
}
