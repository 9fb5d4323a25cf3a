package eventhandler_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/eventhandler"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/i18n"
)

// settings is a MemberLocales double: member id → locale, or err for every read.
type settings struct {
	byMember map[string]string
	err      error
}

func (s settings) MemberLocale(_ context.Context, memberID string) (string, error) {
	return s.byMember[memberID], s.err
}

func (s settings) SetMemberLocale(context.Context, string, string) error {
	return errors.New("read only")
}

// everyoneEnglish is a setting of en for every member of the samples.
func everyoneEnglish() settings {
	return settings{byMember: map[string]string{"m1": i18n.English, "m2": i18n.English, "m3": i18n.English}}
}

// TestEnglishTextsAreUnchanged compares every email of members whose setting
// is en with testdata/texts_en.golden, byte for byte (go test -update rewrites
// it). The notifications stay in zh-CN (the portal translates them when shown).
func TestEnglishTextsAreUnchanged(t *testing.T) {
	t.Parallel()
	got := render(t, func(box *outbox, _ *notes) []eventhandler.Handler {
		return eventhandler.All(eventhandler.Deps{Clock: linkClock, Mailer: box, Tokens: sampleLinks(false),
			MemberLocales: everyoneEnglish()}, site)
	})
	path := filepath.Join("testdata", "texts_en.golden")
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), got)
}

// TestEmailsFollowTheMembersSetting: a member whose setting is en receives the
// English subject and body, marked en (the HTML frame follows it); a member
// without one (or with a locale no longer shipped) receives zh-CN; a setting
// that cannot be read is an error the bus retries, nothing is sent.
func TestEmailsFollowTheMembersSetting(t *testing.T) {
	t.Parallel()
	box := &outbox{}
	locales := settings{byMember: map[string]string{"m1": i18n.English, "m3": "fr"}}
	hs := eventhandler.All(eventhandler.Deps{Clock: linkClock, Mailer: box, MemberLocales: locales}, site)
	h := pick(t, hs, "send_application_approved_email")
	for _, id := range []string{"m1", "m2", "m3"} {
		ev := member.ApplicationApproved{Base: member.Base{EventID: "evt-" + id, MemberID: id,
			Kind: member.Enterprise, Name: "测试号", Email: id + "@example.com"}, Number: "24000001"}
		require.NoError(t, h.Handle(context.Background(), ev))
	}
	require.Len(t, box.sent, 3)
	en, zh, other := box.sent[0], box.sent[1], box.sent[2]
	assert.Equal(t, "[中国质量协会] Membership application approved", en.Subject)
	assert.Contains(t, en.Text, "Dear 测试号,\n\nYour membership application has been approved. Your member number is 24000001.")
	assert.Contains(t, en.Text, "https://m.example.org/member", "the same links")
	assert.Equal(t, i18n.English, en.Locale)
	assert.Equal(t, "【中国质量协会】入会申请审核通过", zh.Subject)
	assert.Contains(t, zh.Text, "尊敬的测试号：")
	assert.Equal(t, i18n.Chinese, zh.Locale)
	assert.Equal(t, zh.Subject, other.Subject, "a locale not shipped is zh-CN")
	assert.Equal(t, i18n.Chinese, other.Locale)

	failing := &outbox{}
	hs = eventhandler.All(eventhandler.Deps{Clock: linkClock, Mailer: failing,
		MemberLocales: settings{err: errors.New("database is locked")}}, site)
	err := pick(t, hs, "send_application_approved_email").Handle(context.Background(),
		member.ApplicationApproved{Base: member.Base{EventID: "e", MemberID: "m1", Email: "a@example.com"}})
	require.ErrorContains(t, err, "database is locked")
	assert.Empty(t, failing.sent)
}
