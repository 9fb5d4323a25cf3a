package contract

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// MemberLocaleFixture is a language-setting store with the members it refers
// to and the transactor of its store.
type MemberLocaleFixture struct {
	Members ports.MemberRepository
	Locales ports.MemberLocales
	Tx      ports.Transactor
}

// RunMemberLocales runs the language settings' contract: unset until set, the
// last setting wins, per member, only for a stored member, and a setting rolls
// back with its transaction.
func RunMemberLocales(t *testing.T, newFixture func(t *testing.T) MemberLocaleFixture) {
	run(t, "set and replaced per member", func(t *testing.T) { localesSetAndReplaced(t, newFixture(t)) })
	run(t, "an unknown member is refused", func(t *testing.T) { localesUnknownMember(t, newFixture(t)) })
	run(t, "a setting rolls back with its transaction", func(t *testing.T) { localesRollback(t, newFixture(t)) })
}

func localesSetAndReplaced(t *testing.T, f MemberLocaleFixture) {
	ctx := context.Background()
	a := approved(t, f.Members, member.Individual, "语言甲", "a@example.com", "GR320001")
	b := approved(t, f.Members, member.Enterprise, "语言乙公司", "b@example.com", "32000001")
	l, err := f.Locales.MemberLocale(ctx, a.ID())
	require.NoError(t, err)
	assert.Empty(t, l, "never set")
	require.NoError(t, f.Locales.SetMemberLocale(ctx, a.ID(), "en"))
	l, err = f.Locales.MemberLocale(ctx, a.ID())
	require.NoError(t, err)
	assert.Equal(t, "en", l)
	require.NoError(t, f.Tx.InTx(ctx, func(ctx context.Context) error {
		return f.Locales.SetMemberLocale(ctx, a.ID(), "zh-CN")
	}))
	l, err = f.Locales.MemberLocale(ctx, a.ID())
	require.NoError(t, err)
	assert.Equal(t, "zh-CN", l, "the last setting wins")
	l, err = f.Locales.MemberLocale(ctx, b.ID())
	require.NoError(t, err)
	assert.Empty(t, l, "another member's setting is untouched")
	l, err = f.Locales.MemberLocale(ctx, "no-such-member")
	require.NoError(t, err)
	assert.Empty(t, l, "an unknown member has no setting")
}

func localesUnknownMember(t *testing.T, f MemberLocaleFixture) {
	ctx := context.Background()
	require.Error(t, f.Locales.SetMemberLocale(ctx, "no-such-member", "en"))
	l, err := f.Locales.MemberLocale(ctx, "no-such-member")
	require.NoError(t, err)
	assert.Empty(t, l, "nothing stored")
}

func localesRollback(t *testing.T, f MemberLocaleFixture) {
	ctx := context.Background()
	a := approved(t, f.Members, member.Individual, "语言丙", "c@example.com", "GR320002")
	boom := errors.New("boom")
	err := f.Tx.InTx(ctx, func(ctx context.Context) error {
		if err := f.Locales.SetMemberLocale(ctx, a.ID(), "en"); err != nil {
			return err
		}
		return boom
	})
	require.ErrorIs(t, err, boom)
	l, err := f.Locales.MemberLocale(ctx, a.ID())
	require.NoError(t, err)
	assert.Empty(t, l, "the setting was rolled back")
}
