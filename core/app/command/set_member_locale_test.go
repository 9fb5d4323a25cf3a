package command_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
)

// A member sets its own language; the last choice is read back; a locale the
// system does not ship is a field error (不支持的语言) and nothing is stored;
// staff have no setting.
func TestSetMemberLocale(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusActive)
	pr := apptest.MemberOf(m)
	set := command.NewSetMemberLocaleHandler(e.store.MemberLocales(), e.policy)
	read := query.NewMemberLocaleHandler(e.store.MemberLocales())
	l, err := read.Handle(e.ctx, m.ID())
	require.NoError(t, err)
	assert.Empty(t, l, "unset")

	require.NoError(t, set.Handle(e.ctx, command.SetMemberLocale{Principal: pr, Locale: "en"}))
	l, err = read.Handle(e.ctx, m.ID())
	require.NoError(t, err)
	assert.Equal(t, "en", l)

	err = set.Handle(e.ctx, command.SetMemberLocale{Principal: pr, Locale: "fr"})
	assert.Equal(t, map[string]string{"locale": "unsupported_locale"}, fieldCodes(err))
	assert.Equal(t, "不支持的语言", apperr.As(err).Fields[0].Message)
	l, err = read.Handle(e.ctx, m.ID())
	require.NoError(t, err)
	assert.Equal(t, "en", l, "nothing stored from the rejected request")

	require.NoError(t, set.Handle(e.ctx, command.SetMemberLocale{Principal: pr, Locale: "zh-CN"}))
	l, err = read.Handle(e.ctx, m.ID())
	require.NoError(t, err)
	assert.Equal(t, "zh-CN", l, "the last choice wins")

	err = set.Handle(e.ctx, command.SetMemberLocale{Principal: e.staff("reviewer1", access.RoleReviewer), Locale: "en"})
	require.Error(t, err)
	assert.True(t, apperr.IsKind(err, apperr.KindForbidden) || apperr.IsKind(err, apperr.KindNotFound), "%v", err)
	err = set.Handle(e.ctx, command.SetMemberLocale{Locale: "en"})
	assert.True(t, apperr.IsKind(err, apperr.KindUnauthorized), "%v", err)
}
