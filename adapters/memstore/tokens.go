package memstore

import (
	"context"
	"slices"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/ports"
)

// TokenStore keeps single-use, expiring tokens; it implements ports.TokenStore.
// Put and Take join the transaction in ctx (a token is used up only together
// with what it was used for), as bunstore's do.
type TokenStore struct{ s *Store }

var _ ports.TokenStore = (*TokenStore)(nil)

// Put stores a copy of payload under (purpose, key) until expiresAt, replacing
// an earlier token with the same key.
func (x *TokenStore) Put(ctx context.Context, purpose, key string, payload []byte, expiresAt time.Time) error {
	tok := token{payload: append([]byte{}, payload...), expiresAt: storedTime(expiresAt)}
	return x.s.write(ctx, true, "TokenStore.Put", func(d *data) error {
		d.tokens.put(tokenKey{purpose, key}, tok)
		return nil
	})
}

// PutFor stores a copy of payload under (purpose, key) until expiresAt as the
// one token of subject for purpose: the subject's earlier token is removed in
// the same transaction.
func (x *TokenStore) PutFor(ctx context.Context, purpose, subject, key string, payload []byte, expiresAt time.Time) error {
	if subject == "" {
		return errConstraint("tokens.subject is empty")
	}
	tok := token{subject: subject, payload: append([]byte{}, payload...), expiresAt: storedTime(expiresAt)}
	return x.s.write(ctx, true, "TokenStore.PutFor", func(d *data) error {
		deleteFor(d, purpose, subject)
		d.tokens.put(tokenKey{purpose, key}, tok)
		return nil
	})
}

// DeleteFor removes every token of subject for purpose and reports how many.
func (x *TokenStore) DeleteFor(ctx context.Context, purpose, subject string) (int, error) {
	if subject == "" {
		return 0, nil
	}
	n := 0
	err := x.s.write(ctx, true, "TokenStore.DeleteFor", func(d *data) error {
		n = deleteFor(d, purpose, subject)
		return nil
	})
	return n, err
}

// deleteFor removes the tokens of subject for purpose and reports how many.
func deleteFor(d *data, purpose, subject string) int {
	keys := d.tokens.where(func(k tokenKey, tok token) bool { return k.purpose == purpose && tok.subject == subject })
	for _, k := range keys {
		d.tokens.del(k)
	}
	return len(keys)
}

// Take removes the token and returns its payload; of concurrent callers only
// one gets it. A missing, used or expired token is NotFound (an expired one is
// removed all the same).
func (x *TokenStore) Take(ctx context.Context, purpose, key string, now time.Time) ([]byte, error) {
	var payload []byte
	err := x.s.write(ctx, true, "TokenStore.Take", func(d *data) error {
		k := tokenKey{purpose, key}
		tok, ok := d.tokens.get(k)
		if !ok {
			return nil
		}
		d.tokens.del(k)
		if now.Before(tok.expiresAt) {
			payload = slices.Clone(tok.payload)
			if payload == nil {
				payload = []byte{}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if payload == nil {
		return nil, apperr.NotFound("token_not_found", "链接或验证已失效，请重新获取")
	}
	return payload, nil
}

// Peek returns a copy of the payload of a live token without removing it; a
// missing or expired token is NotFound.
func (x *TokenStore) Peek(ctx context.Context, purpose, key string, now time.Time) ([]byte, error) {
	var payload []byte
	err := x.s.read(ctx, true, func(d *data) error {
		tok, ok := d.tokens.get(tokenKey{purpose, key})
		if ok && now.Before(tok.expiresAt) {
			payload = append([]byte{}, tok.payload...)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if payload == nil {
		return nil, apperr.NotFound("token_not_found", "链接或验证已失效，请重新获取")
	}
	return payload, nil
}

// DeleteExpired removes tokens that expired at or before now and reports how
// many.
func (x *TokenStore) DeleteExpired(ctx context.Context, now time.Time) (int, error) {
	n := 0
	err := x.s.write(ctx, false, "TokenStore.DeleteExpired", func(d *data) error {
		for _, k := range d.tokens.where(func(_ tokenKey, tok token) bool {
			return !tok.expiresAt.After(storedTime(now))
		}) {
			d.tokens.del(k)
			n++
		}
		return nil
	})
	return n, err
}
