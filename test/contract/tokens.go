package contract

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/ports"
)

// RunTokenStore checks a ports.TokenStore implementation; newStore returns an empty
// store per subtest.
func RunTokenStore(t *testing.T, newStore func(t *testing.T) ports.TokenStore) {
	const purpose = "reset"
	now := epoch()
	until := now.Add(time.Hour)

	run(t, "take once", func(t *testing.T) {
		store, ctx := newStore(t), context.Background()
		payload := []byte{0, 1, 2, 0xff, 'x'}
		require.NoError(t, store.Put(ctx, purpose, "k1", payload, until))
		got, err := store.Take(ctx, purpose, "k1", now)
		require.NoError(t, err)
		assert.Equal(t, payload, got)
		_, err = store.Take(ctx, purpose, "k1", now)
		requireKind(t, err, apperr.KindNotFound)
	})

	run(t, "missing, other purpose and expired are NotFound", func(t *testing.T) {
		store, ctx := newStore(t), context.Background()
		require.NoError(t, store.Put(ctx, purpose, "k1", []byte("a"), until))
		_, err := store.Take(ctx, purpose, "nope", now)
		requireKind(t, err, apperr.KindNotFound)
		_, err = store.Take(ctx, "captcha", "k1", now)
		requireKind(t, err, apperr.KindNotFound)
		_, err = store.Take(ctx, purpose, "k1", until)
		requireKind(t, err, apperr.KindNotFound)
		require.NoError(t, store.Put(ctx, purpose, "k1", []byte("b"), until))
		_, err = store.Take(ctx, purpose, "k1", now)
		assert.NoError(t, err, "an expired token is gone, the key can be reused")
	})

	run(t, "peek leaves the token", func(t *testing.T) { tokenPeek(t, newStore(t)) })

	run(t, "put replaces", func(t *testing.T) {
		store, ctx := newStore(t), context.Background()
		require.NoError(t, store.Put(ctx, purpose, "k1", []byte("old"), until))
		require.NoError(t, store.Put(ctx, purpose, "k1", []byte("new"), until))
		got, err := store.Take(ctx, purpose, "k1", now)
		require.NoError(t, err)
		assert.Equal(t, []byte("new"), got)
	})

	run(t, "concurrent take has one winner", func(t *testing.T) {
		store, ctx := newStore(t), context.Background()
		require.NoError(t, store.Put(ctx, purpose, "k1", []byte("prize"), until))
		errs := parallel(20, func(int) error {
			_, err := store.Take(ctx, purpose, "k1", now)
			return err
		})
		winners := 0
		for _, err := range errs {
			if err == nil {
				winners++
			} else {
				requireKind(t, err, apperr.KindNotFound)
			}
		}
		assert.Equal(t, 1, winners)
	})

	run(t, "delete expired", func(t *testing.T) {
		store, ctx := newStore(t), context.Background()
		require.NoError(t, store.Put(ctx, purpose, "old", []byte("a"), now.Add(-time.Second)))
		require.NoError(t, store.Put(ctx, purpose, "new", []byte("b"), until))
		n, err := store.DeleteExpired(ctx, now)
		require.NoError(t, err)
		assert.Equal(t, 1, n)
		_, err = store.Take(ctx, purpose, "new", now)
		assert.NoError(t, err)
	})
	runTokenPeek(t, newStore)
	runTokenSubjects(t, newStore)
}

// tokenPeek checks that Peek returns a live token's payload and leaves it to
// Take, and finds no used, expired or unknown token.
func tokenPeek(t *testing.T, store ports.TokenStore) {
	const purpose = "reset"
	now := epoch()
	until := now.Add(time.Hour)
	ctx := context.Background()
	require.NoError(t, store.Put(ctx, purpose, "k1", []byte("p"), until))
	for range 2 {
		got, err := store.Peek(ctx, purpose, "k1", now)
		require.NoError(t, err)
		assert.Equal(t, []byte("p"), got)
	}
	_, err := store.Peek(ctx, purpose, "k1", until)
	requireKind(t, err, apperr.KindNotFound)
	_, err = store.Peek(ctx, "captcha", "k1", now)
	requireKind(t, err, apperr.KindNotFound)
	_, err = store.Peek(ctx, purpose, "nope", now)
	requireKind(t, err, apperr.KindNotFound)
	got, err := store.Take(ctx, purpose, "k1", now)
	require.NoError(t, err, "peeking used nothing up")
	assert.Equal(t, []byte("p"), got)
	_, err = store.Peek(ctx, purpose, "k1", now)
	requireKind(t, err, apperr.KindNotFound)
}

// RunTokenStoreInTx checks that a token store joins the transaction of a
// ports.Transactor: a token taken in a transaction that rolls back is still
// there (a failed password reset leaves its link usable), one taken in a
// committed transaction is gone. newStore returns an empty store and the
// transactor of the same database per subtest.
func RunTokenStoreInTx(t *testing.T, newStore func(t *testing.T) (ports.TokenStore, ports.Transactor)) {
	const purpose = "reset"
	now := epoch()
	until := now.Add(time.Hour)

	run(t, "a take rolled back with its transaction is undone", func(t *testing.T) {
		store, tx := newStore(t)
		ctx := context.Background()
		require.NoError(t, store.Put(ctx, purpose, "k1", []byte("p"), until))
		failed := apperr.Conflict("later_step_failed", "后续步骤失败")
		err := tx.InTx(ctx, func(ctx context.Context) error {
			got, err := store.Take(ctx, purpose, "k1", now)
			require.NoError(t, err)
			assert.Equal(t, []byte("p"), got)
			return failed
		})
		require.ErrorIs(t, err, failed)
		got, err := store.Take(ctx, purpose, "k1", now)
		require.NoError(t, err, "the rolled-back take must leave the token")
		assert.Equal(t, []byte("p"), got)
	})

	run(t, "a take committed with its transaction is final", func(t *testing.T) {
		store, tx := newStore(t)
		ctx := context.Background()
		require.NoError(t, store.Put(ctx, purpose, "k1", []byte("p"), until))
		require.NoError(t, tx.InTx(ctx, func(ctx context.Context) error {
			_, err := store.Take(ctx, purpose, "k1", now)
			return err
		}))
		_, err := store.Take(ctx, purpose, "k1", now)
		requireKind(t, err, apperr.KindNotFound)
	})
}

// runTokenSubjects checks the tokens of a subject: one per purpose (PutFor
// replaces, also under concurrency) and DeleteFor.
func runTokenSubjects(t *testing.T, newStore func(t *testing.T) ports.TokenStore) {
	const purpose = "reset"
	now := epoch()
	until := now.Add(time.Hour)

	run(t, "put for a subject replaces its earlier token", func(t *testing.T) {
		store, ctx := newStore(t), context.Background()
		require.NoError(t, store.PutFor(ctx, purpose, "member-1", "k1", []byte("first"), until))
		require.NoError(t, store.PutFor(ctx, purpose, "member-2", "k2", []byte("other"), until))
		require.NoError(t, store.PutFor(ctx, "captcha", "member-1", "k3", []byte("other purpose"), until))
		require.NoError(t, store.PutFor(ctx, purpose, "member-1", "k4", []byte("second"), until))
		_, err := store.Peek(ctx, purpose, "k1", now)
		requireKind(t, err, apperr.KindNotFound)
		for key, want := range map[string]string{"k4": "second", "k2": "other"} {
			got, err := store.Peek(ctx, purpose, key, now)
			require.NoError(t, err, key)
			assert.Equal(t, want, string(got))
		}
		_, err = store.Peek(ctx, "captcha", "k3", now)
		assert.NoError(t, err, "another purpose keeps its token")
	})

	run(t, "delete for a subject", func(t *testing.T) {
		store, ctx := newStore(t), context.Background()
		require.NoError(t, store.PutFor(ctx, purpose, "member-1", "k1", []byte("a"), until))
		require.NoError(t, store.PutFor(ctx, purpose, "member-2", "k2", []byte("b"), until))
		require.NoError(t, store.PutFor(ctx, "link", "member-1", "k3", []byte("c"), until))
		require.NoError(t, store.Put(ctx, purpose, "k5", []byte("no subject"), until))
		n, err := store.DeleteFor(ctx, purpose, "member-1")
		require.NoError(t, err)
		assert.Equal(t, 1, n)
		_, err = store.Take(ctx, purpose, "k1", now)
		requireKind(t, err, apperr.KindNotFound)
		for _, k := range []struct{ purpose, key string }{{purpose, "k2"}, {"link", "k3"}, {purpose, "k5"}} {
			_, err = store.Take(ctx, k.purpose, k.key, now)
			assert.NoError(t, err, "%v stays", k)
		}
		n, err = store.DeleteFor(ctx, purpose, "member-1")
		require.NoError(t, err)
		assert.Zero(t, n, "none left is not an error")
	})

	run(t, "concurrent puts for a subject leave one token", func(t *testing.T) {
		store, ctx := newStore(t), context.Background()
		const n = 12
		errs := parallel(n, func(i int) error {
			return store.PutFor(ctx, purpose, "member-1", fmt.Sprintf("k%02d", i), []byte{byte(i)}, until)
		})
		live := 0
		for i := range n {
			require.NoError(t, errs[i])
			if _, err := store.Peek(ctx, purpose, fmt.Sprintf("k%02d", i), now); err == nil {
				live++
			}
		}
		assert.Equal(t, 1, live)
	})
}

// runTokenPeek checks Peek: it reads a live token and uses nothing up.
func runTokenPeek(t *testing.T, newStore func(t *testing.T) ports.TokenStore) {
	const purpose = "reset"
	now := epoch()
	until := now.Add(time.Hour)

	run(t, "peek leaves the token", func(t *testing.T) {
		store, ctx := newStore(t), context.Background()
		require.NoError(t, store.Put(ctx, purpose, "k1", []byte("p"), until))
		for range 2 {
			got, err := store.Peek(ctx, purpose, "k1", now)
			require.NoError(t, err)
			assert.Equal(t, []byte("p"), got)
		}
		_, err := store.Peek(ctx, purpose, "nope", now)
		requireKind(t, err, apperr.KindNotFound)
		_, err = store.Peek(ctx, "captcha", "k1", now)
		requireKind(t, err, apperr.KindNotFound)
		_, err = store.Peek(ctx, purpose, "k1", until)
		requireKind(t, err, apperr.KindNotFound)
		got, err := store.Take(ctx, purpose, "k1", now)
		require.NoError(t, err, "peeking used nothing up")
		assert.Equal(t, []byte("p"), got)
		_, err = store.Peek(ctx, purpose, "k1", now)
		requireKind(t, err, apperr.KindNotFound)
	})
}
