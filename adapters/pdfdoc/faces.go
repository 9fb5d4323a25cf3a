package pdfdoc

import (
	"fmt"
	"os"
)

// findFaces finds the Chinese font and, when it lacks Latin characters, the
// Latin font (see Config).
func findFaces(cfg Config) ([]face, error) {
	search := cfg.SearchPaths
	if search == nil {
		search = DefaultFontPaths
	}
	cjk, err := findFont(cfg.FontPath, os.Getenv(FontEnv), FontEnv, search, cjkNeed)
	if err != nil {
		return nil, noFont(err.Error())
	}
	if cjk.cover.missing(latinNeed.chars) == "" {
		return []face{cjk}, nil
	}
	search = cfg.LatinSearchPaths
	if search == nil {
		search = DefaultLatinFontPaths
	}
	env := os.Getenv(LatinFontEnv)
	latin, err := findFont(cfg.LatinFontPath, env, LatinFontEnv, search, latinNeed)
	switch {
	case err == nil:
		return []face{cjk, latin}, nil
	case cfg.LatinFontPath != "" || env != "":
		return nil, fmt.Errorf("pdfdoc: Latin font: %w", err)
	}
	return []face{cjk}, nil // Latin printed full-width
}

// cjkHasLatin reports whether the Chinese font has the Latin characters itself.
func (r *Renderer) cjkHasLatin() bool { return r.faces[0].cover.missing(latinNeed.chars) == "" }

// FontPath returns the path of the Chinese font in use.
func (r *Renderer) FontPath() string { return r.faces[0].path }

// LatinFontPath returns the path of the Latin font in use, or "" when the
// Chinese font has Latin characters or no Latin font was found (Latin is then
// printed with full-width forms: ２０２６, ＩＳＯ).
func (r *Renderer) LatinFontPath() string {
	if len(r.faces) < 2 {
		return ""
	}
	return r.faces[1].path
}
