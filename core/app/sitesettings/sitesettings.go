// Package sitesettings holds the site's branding in force: the manual's
// defaults for the configured association, unless the admin stored settings.
// Pages read it on every request, so a short-lived copy is kept.
package sitesettings

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/openassoc/membership/core/domain/site"
	"github.com/openassoc/membership/ports"
)

// Key is the settings key of the site's settings.
const Key = "site"

// cacheFor is how long a read copy serves (other instances see a change
// within it; this one at once).
const cacheFor = 5 * time.Second

// Source reads and stores the site's settings.
type Source struct {
	store    ports.Settings // nil: the defaults only
	clock    ports.Clock
	defaults site.Settings

	mu     sync.Mutex
	cached site.Settings
	until  time.Time
	// watchers are told the admin's texts at each fresh read (OnTexts).
	watchers []func(site.Texts)
}

// NewSource returns the source of the association named name.
func NewSource(store ports.Settings, clock ports.Clock, name string) *Source {
	return &Source{store: store, clock: clock, defaults: site.Defaults(name)}
}

// Writable reports whether settings can be stored.
func (s *Source) Writable() bool { return s != nil && s.store != nil }

// Current returns the settings in force.
func (s *Source) Current(ctx context.Context) (site.Settings, error) {
	if s == nil {
		return site.Defaults(""), nil
	}
	if s.store == nil {
		return s.defaults, nil
	}
	now := s.clock.Now()
	s.mu.Lock()
	if now.Before(s.until) {
		v := s.cached
		s.mu.Unlock()
		return v, nil
	}
	s.mu.Unlock()
	raw, ok, err := s.store.Get(ctx, Key)
	if err != nil {
		return site.Settings{}, fmt.Errorf("site settings: %w", err)
	}
	v := s.defaults
	if ok {
		var stored site.Settings
		if err := json.Unmarshal(raw, &stored); err != nil {
			return site.Settings{}, fmt.Errorf("site settings: decode: %w", err)
		}
		v = stored.WithDefaults(s.defaults)
	}
	s.remember(v, now)
	s.notify(v.Texts)
	return v, nil
}

// OnTexts calls f with the admin's 文字替换 each time the settings are read
// afresh from the store: at most every few seconds (the copy's lifetime, as
// the branding), and at once after a change made on this instance. So every
// instance applies a change within that time; f must be cheap when the texts
// did not change.
func (s *Source) OnTexts(f func(site.Texts)) {
	if s == nil || f == nil {
		return
	}
	s.mu.Lock()
	s.watchers = append(s.watchers, f)
	s.mu.Unlock()
}

func (s *Source) notify(t site.Texts) {
	s.mu.Lock()
	ws := s.watchers
	s.mu.Unlock()
	for _, f := range ws {
		f(t)
	}
}

func (s *Source) remember(v site.Settings, now time.Time) {
	s.mu.Lock()
	s.cached, s.until = v, now.Add(cacheFor)
	s.mu.Unlock()
}

// Store saves the settings (joining the transaction in ctx); this instance
// reads them at once.
func (s *Source) Store(ctx context.Context, v site.Settings) error {
	if !s.Writable() {
		return fmt.Errorf("site settings: no settings store")
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("site settings: encode: %w", err)
	}
	if err := s.store.Put(ctx, Key, raw, v.UpdatedAt); err != nil {
		return err
	}
	s.mu.Lock()
	s.until = time.Time{} // read again after the transaction
	s.mu.Unlock()
	return nil
}
