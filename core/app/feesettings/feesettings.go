// Package feesettings holds the fee schedule and the payee's transfer details in
// force: the configuration's, unless the admin stored an override in the
// settings store.
package feesettings

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// Key is the settings key of the override.
const Key = "fees"

// Settings are the fee schedule and the payee.
type Settings struct {
	Fees  payment.Fees  `json:"fees"`
	Payee payment.Payee `json:"payee"`
	// UpdatedAt and UpdatedBy describe the admin's last change (zero for the
	// configuration's values).
	UpdatedAt time.Time `json:"updated_at,omitzero"`
	UpdatedBy string    `json:"updated_by,omitempty"`
}

// Source reads the settings in force.
type Source struct {
	store    ports.Settings // nil: configuration only
	defaults Settings
}

// NewSource returns a source with the configuration's values as defaults (zero
// fields take the manual's values).
func NewSource(store ports.Settings, fees payment.Fees, payee payment.Payee) *Source {
	return &Source{store: store, defaults: Settings{Fees: fees.WithDefaults(), Payee: payee.WithDefaults()}}
}

// Defaults returns the configuration's values.
func (s *Source) Defaults() Settings { return s.defaults }

// Current returns the admin's override if one is stored, else the configuration's.
func (s *Source) Current(ctx context.Context) (Settings, error) {
	if s == nil {
		return Settings{Fees: payment.DefaultFees, Payee: payment.DefaultPayee}, nil
	}
	if s.store == nil {
		return s.defaults, nil
	}
	raw, ok, err := s.store.Get(ctx, Key)
	if err != nil {
		return Settings{}, fmt.Errorf("fee settings: %w", err)
	}
	if !ok {
		return s.defaults, nil
	}
	var v Settings
	if err := json.Unmarshal(raw, &v); err != nil {
		return Settings{}, fmt.Errorf("fee settings: decode: %w", err)
	}
	v.Fees = v.Fees.WithDefaults()
	v.Fees.Levels = s.defaults.Fees.Levels // the configuration's list of levels
	v.Payee = v.Payee.WithDefaults()
	return v, nil
}

// Store saves an override.
func (s *Source) Store(ctx context.Context, v Settings) error {
	if s.store == nil {
		return fmt.Errorf("fee settings: no settings store")
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.store.Put(ctx, Key, raw, v.UpdatedAt)
}

// Writable reports whether overrides can be stored.
func (s *Source) Writable() bool { return s != nil && s.store != nil }
