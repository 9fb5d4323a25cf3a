package membership

import (
	"context"
	"log/slog"
	"sync"

	"github.com/openassoc/membership/adapters/pdfdoc"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/ports"
)

// documents returns the renderer of printable forms: the WithDocumentRenderer
// option's, else adapters/pdfdoc with the configured or a discovered CJK font,
// built on first use so that starting the module stays fast.
func (m *Module) documents(o options) ports.DocumentRenderer {
	if o.documents != nil {
		return o.documents
	}
	cfg := pdfdoc.Config{FontPath: m.cfg.PDFFont, Clock: o.clock}
	return &lazyRenderer{logger: m.logger, build: func() (ports.DocumentRenderer, error) { return pdfdoc.New(cfg) }}
}

// lazyRenderer builds its renderer on the first render. When that fails (no
// Chinese font) it logs the reason once and answers every render with a clear
// error instead.
type lazyRenderer struct {
	logger *slog.Logger
	build  func() (ports.DocumentRenderer, error)

	once sync.Once
	r    ports.DocumentRenderer
	err  error
}

// RenderForm renders with the built renderer.
func (l *lazyRenderer) RenderForm(ctx context.Context, doc ports.FormDocument) ([]byte, error) {
	l.once.Do(func() {
		l.r, l.err = l.build()
		if l.err != nil {
			l.logger.Error("PDF forms unavailable: no usable Chinese font (install fonts-droid-fallback or set Config.PDFFont / "+
				pdfdoc.FontEnv+")", "err", l.err)
		}
	})
	if l.err != nil {
		return nil, &apperr.Error{Kind: apperr.KindInternal, Code: "pdf_font_missing",
			Message: "服务器未安装中文字体，暂时无法生成PDF申请表，请联系协会工作人员", Err: l.err}
	}
	return l.r.RenderForm(ctx, doc)
}
