package query_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
)

func lookupHandler(e *env, limit auth.ThrottlePolicy) *query.PublicMemberLookupHandler {
	return query.NewPublicMemberLookupHandler(e.store.PublicLookup(), e.store.LoginAttempts(), e.clock, time.UTC,
		limit)
}

func TestPublicMemberLookupShowsPublicFieldsOnly(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	active := e.member(member.Enterprise, "中国质量协会测试单位", member.StatusActive)
	lapsed := e.member(member.Individual, "张三", member.StatusLapsed)
	pending := e.member(member.Enterprise, "待审批单位", member.StatusAwaitingSecretariat)
	h := lookupHandler(e, auth.ThrottlePolicy{})

	res, err := h.Handle(e.ctx, query.PublicMemberLookup{Query: "  " + active.Number() + " ", Address: "198.51.100.1"})
	require.NoError(t, err)
	require.Len(t, res.Members, 1)
	got := res.Members[0]
	assert.Equal(t, query.PublicMemberResult{Number: active.Number(), Name: "中国质量协会测试单位",
		Kind: member.Enterprise, KindLabel: "单位会员", Level: "普通会员",
		ValidFrom: active.ValidFrom().Format(time.DateOnly), ValidUntil: active.ValidUntil().Format(time.DateOnly),
		Status: query.PublicActive, StatusLabel: "有效"}, got)

	res, err = h.Handle(e.ctx, query.PublicMemberLookup{Query: "张三"})
	require.NoError(t, err)
	require.Len(t, res.Members, 1)
	assert.Equal(t, lapsed.Number(), res.Members[0].Number)
	assert.Equal(t, "已过期", res.Members[0].StatusLabel)
	assert.Equal(t, "会员", res.Members[0].Level)

	res, err = h.Handle(e.ctx, query.PublicMemberLookup{Query: membertest.ValidUSCC})
	require.NoError(t, err)
	require.Len(t, res.Members, 1, "the USCC finds the admitted enterprise, not the one awaiting approval")
	assert.Equal(t, active.Number(), res.Members[0].Number)

	for _, q := range []string{pending.Number(), "待审批单位", "中国质量协会", "无此会员"} {
		res, err = h.Handle(e.ctx, query.PublicMemberLookup{Query: q})
		require.NoError(t, err)
		assert.Empty(t, res.Members, q)
	}

	// Validity past its end before the sweep ran: already 已过期.
	e.clock.Set(active.ValidUntil().AddDate(0, 0, 2))
	res, err = h.Handle(e.ctx, query.PublicMemberLookup{Query: active.Number()})
	require.NoError(t, err)
	require.Len(t, res.Members, 1)
	assert.Equal(t, "已过期", res.Members[0].StatusLabel)
}

func TestPublicMemberLookupRefusesBadQueries(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	h := lookupHandler(e, auth.ThrottlePolicy{})
	long := ""
	for range 1000 {
		long += "中"
	}
	for q, code := range map[string]string{"": "required", "   ": "required", long: "too_long",
		"中国%": "wildcard", "*": "wildcard", "1914126?": "wildcard", "a_b": "wildcard"} {
		_, err := h.Handle(e.ctx, query.PublicMemberLookup{Query: q, Address: "198.51.100.1"})
		e := apperr.As(err)
		require.Equal(t, apperr.KindInvalid, e.Kind, q)
		require.Len(t, e.Fields, 1)
		assert.Equal(t, "q", e.Fields[0].Field)
		assert.Equal(t, code, e.Fields[0].Code, q)
		assert.NotEmpty(t, e.Fields[0].Message)
	}
	n, _, err := e.store.LoginAttempts().Failures(e.ctx, "lookup-addr:198.51.100.1", time.Time{})
	require.NoError(t, err)
	assert.Zero(t, n, "a refused query does not count")
}

func TestPublicMemberLookupIsLimitedPerAddress(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	h := lookupHandler(e, auth.ThrottlePolicy{MaxFailures: 3, Window: 10 * time.Minute})
	for range 3 {
		_, err := h.Handle(e.ctx, query.PublicMemberLookup{Query: "张三", Address: "198.51.100.1"})
		require.NoError(t, err)
	}
	_, err := h.Handle(e.ctx, query.PublicMemberLookup{Query: "张三", Address: "198.51.100.1"})
	ae := apperr.As(err)
	require.Equal(t, apperr.KindThrottled, ae.Kind)
	assert.Equal(t, "lookup_throttled", ae.Code)
	assert.Positive(t, ae.RetryAfter)
	assert.Contains(t, ae.Message, "分钟后再试")

	_, err = h.Handle(e.ctx, query.PublicMemberLookup{Query: "张三", Address: "198.51.100.2"})
	require.NoError(t, err, "another address has its own limit")
	e.clock.Advance(11 * time.Minute)
	_, err = h.Handle(e.ctx, query.PublicMemberLookup{Query: "张三", Address: "198.51.100.1"})
	require.NoError(t, err, "the window has passed")
}
