package member_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/member"
)

// A new account's address is unverified: it may not apply or pay until the
// member opens a verification link (issue 9, finding 13).
func TestANewAccountMustVerifyItsEmail(t *testing.T) {
	t.Parallel()
	m := newMember(t, member.Enterprise)
	assert.False(t, m.EmailVerified())
	err := m.RequireVerifiedEmail()
	require.Error(t, err)
	e := apperr.As(err)
	assert.Equal(t, apperr.KindForbidden, e.Kind)
	assert.Equal(t, member.ErrEmailUnverified, e.Code)
	assert.Contains(t, e.Message, "请先验证邮箱")
	assert.Contains(t, e.Message, "a@example.com")

	assert.True(t, m.VerifyEmail(t0.Add(time.Hour)))
	assert.True(t, m.EmailVerified())
	assert.NoError(t, m.RequireVerifiedEmail())
	assert.Equal(t, t0.Add(time.Hour), m.EmailState().VerifiedAt)
	assert.False(t, m.VerifyEmail(t0.Add(2*time.Hour)), "a second link changes nothing")
	assert.Equal(t, t0.Add(time.Hour), m.EmailState().VerifiedAt)
	assert.Equal(t, []string{"member.registered"}, eventNames(m.PullEvents()), "verifying records no event")
}

// Registration counts as the first verification mail; more come at most once a
// minute and VerifyMailsPerDay a day; a verified address needs none.
func TestVerificationMailsAreLimited(t *testing.T) {
	t.Parallel()
	m := newMember(t, member.Individual)
	m.PullEvents()
	throttled := func(at time.Time) time.Duration {
		t.Helper()
		err := m.RequestEmailVerification(at)
		require.Error(t, err, "at %s", at.Sub(t0))
		e := apperr.As(err)
		require.Equal(t, apperr.KindThrottled, e.Kind, e.Message)
		assert.Equal(t, "verify_mail_throttled", e.Code)
		return e.RetryAfter
	}
	assert.Equal(t, 30*time.Second, throttled(t0.Add(30*time.Second)), "one a minute, the registration's included")

	at := t0
	for i := 2; i <= member.VerifyMailsPerDay; i++ {
		at = at.Add(member.VerifyMailEvery)
		require.NoError(t, m.RequestEmailVerification(at), "mail %d", i)
	}
	assert.Len(t, m.PullEvents(), member.VerifyMailsPerDay-1)
	assert.Equal(t, member.VerifyMailsPerDay, m.EmailState().VerifyMails)
	wait := throttled(at.Add(time.Hour))
	assert.Equal(t, t0.Add(24*time.Hour).Sub(at.Add(time.Hour)), wait, "until the day is over")
	require.NoError(t, m.RequestEmailVerification(t0.Add(24*time.Hour)), "a new day")
	assert.Equal(t, 1, m.EmailState().VerifyMails)
	ev := m.PullEvents()
	require.Len(t, ev, 1)
	req, ok := ev[0].(member.EmailVerificationRequested)
	require.True(t, ok)
	assert.Equal(t, m.Email(), req.Email)

	m.VerifyEmail(t0.Add(25 * time.Hour))
	err := m.RequestEmailVerification(t0.Add(26 * time.Hour))
	assert.Equal(t, apperr.KindConflict, apperr.As(err).Kind)
	assert.Empty(t, m.PullEvents())
}

// Someone registering with a taken address makes the owner hear of it, at most
// once an hour.
func TestRegistrationAttemptsAreNotedOnceAnHour(t *testing.T) {
	t.Parallel()
	m := newMember(t, member.Enterprise)
	m.PullEvents()
	m.NoteRegistrationAttempt(t0)
	m.NoteRegistrationAttempt(t0.Add(59 * time.Minute))
	assert.Equal(t, []string{"member.registration_attempted"}, eventNames(m.PullEvents()))
	m.NoteRegistrationAttempt(t0.Add(time.Hour))
	assert.Equal(t, []string{"member.registration_attempted"}, eventNames(m.PullEvents()))
	assert.Equal(t, t0.Add(time.Hour), m.EmailState().AttemptMailAt)
}

// The email state survives the stored form.
func TestEmailStateRoundTrips(t *testing.T) {
	t.Parallel()
	m := newMember(t, member.Enterprise)
	m.VerifyEmail(t0)
	m.NoteRegistrationAttempt(t0)
	back := member.Restore(m.Snapshot())
	assert.Equal(t, m.EmailState(), back.EmailState())
	assert.True(t, back.EmailVerified())
}
