package eventhandler_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/eventhandler"
	"github.com/openassoc/membership/core/domain/event"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/notification"
)

var update = flag.Bool("update", false, "rewrite testdata/texts.golden from the handlers' output")

// sample is one event the golden test and the redelivery test deliver.
type sample struct {
	label string
	ev    event.Event
}

// samples returns events of every type a handler reacts to, in the variants
// the texts distinguish (kind, renewal, amount, days left).
func samples() []sample {
	at := time.Date(2024, 3, 1, 2, 0, 0, 0, time.UTC)
	ent := member.Base{EventID: "evt-ent", MemberID: "m1", Kind: member.Enterprise, Name: "测试号",
		Email: "a@example.com", At: at}
	ind := member.Base{EventID: "evt-ind", MemberID: "m2", Kind: member.Individual, Name: "张三",
		Email: "z@example.com", At: at}
	old := member.Base{MemberID: "m3", Kind: member.Enterprise, Name: "旧事件", Email: "o@example.com", At: at}
	from := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	until := time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC)
	return []sample{
		{"enterprise", member.Registered{Base: ent}},
		{"individual", member.Registered{Base: ind}},
		{"enterprise", member.EmailVerificationRequested{Base: ent}},
		{"individual", member.RegistrationAttempted{Base: ind}},
		{"reset", member.PasswordResetRequested{Base: ind, LinkID: "link-ind", ExpiresAt: at.Add(2 * time.Hour)}},
		{"enterprise", member.ApplicationSubmitted{Base: ent}},
		{"individual", member.ApplicationSubmitted{Base: ind}},
		{"enterprise", member.ApplicationApproved{Base: ent, Number: "24000001"}},
		{"before EventID", member.ApplicationApproved{Base: old, Number: "24000002"}},
		{"individual", member.ApplicationRejected{Base: ind, Reason: "盖章不清晰"}},
		{"enterprise", member.PaymentClaimed{Base: ent}},
		{"individual", member.PaymentClaimRejected{Base: ind, Reason: "未查到转账"}},
		{"first fee", member.PaymentConfirmed{Base: ent, AmountFen: 48000}},
		{"first fee, no amount", member.PaymentConfirmed{Base: ind}},
		{"renewal", member.PaymentConfirmed{Base: ent, AmountFen: 48005, Renewal: true, ValidUntil: until}},
		{"renewal, no date", member.PaymentConfirmed{Base: ind, Renewal: true}},
		{"enterprise", member.MembershipApproved{Base: ent, Number: "24000001", DocNo: "质协〔2024〕1号",
			ValidFrom: from, ValidUntil: until}},
		{"30 days", member.RenewalReminderDue{Base: ent, DaysBefore: 30, DaysLeft: 30, ValidUntil: until}},
		{"today", member.RenewalReminderDue{Base: ind, DaysBefore: 0, DaysLeft: 0, ValidUntil: until}},
		{"grace", member.RenewalReminderDue{Base: ent, DaysLeft: -3, ValidUntil: until}},
		{"enterprise", member.MembershipLapsed{Base: ent, ValidUntil: until}},
		{"no date", member.MembershipLapsed{Base: ind}},
		{"理事", member.LevelChanged{Base: ent, From: member.LevelOrdinary, To: member.LevelCouncil,
			DocNo: "质协〔2024〕8号", Reason: "理事会决议"}},
		{"entered by staff", member.Created{Base: ent, Number: "24000003", Status: member.StatusActive}},
		{"email change", member.EmailChangeRequested{Base: ent, NewEmail: "new@example.com", LinkID: "link-email",
			ExpiresAt: at.Add(48 * time.Hour)}},
		{"email changed", member.EmailChanged{Base: member.Base{EventID: "evt-chg", MemberID: "m1",
			Kind: member.Enterprise, Name: "测试号", Email: "new@example.com", At: at}, OldEmail: "a@example.com"}},
		// 信息变更 (issue 13).
		{"info change approved", member.InfoChangeApproved{Base: ent, ChangeID: "ic1", Fields: []string{"通讯地址"}}},
		{"info change rejected", member.InfoChangeRejected{Base: ind, ChangeID: "ic2", Reason: "证明材料不清晰。"}},
		// 完善理事资料: addressed to the member and to the council's contact.
		{"council form returned", member.CouncilFormReturned{Base: ent, FormID: "f1",
			Form: "理事会副会长候选人推荐登记表", Reason: "请补充推荐意见", ContactEmail: "council@example.com"}},
		// 企业投稿's decisions.
		{"submission approved", member.SubmissionApproved{Base: ent, SubmissionID: "s1", Title: "我司通过质量管理体系认证",
			ArticleID: "a1"}},
		{"submission rejected", member.SubmissionRejected{Base: ent, SubmissionID: "s2", Title: "年会纪要",
			Reason: "内容与协会业务无关。"}},
	}
}

// randomToken is a verification link's token, new in every run.
var randomToken = regexp.MustCompile(`token=[A-Za-z0-9_-]{43}\b`)

// render delivers every sample to every handler of its type, each to fresh
// doubles, and writes what came out: emails and notifications.
func render(t *testing.T, handlers func(*outbox, *notes) []eventhandler.Handler) string {
	t.Helper()
	var b strings.Builder
	for _, s := range samples() {
		box, repo := &outbox{}, &notes{byKey: map[string]notification.Notification{}}
		for _, h := range handlers(box, repo) {
			if h.Event != s.ev.EventName() {
				continue
			}
			before, notesBefore := len(box.sent), len(repo.byKey)
			require.NoError(t, h.Handle(context.Background(), s.ev), h.Name)
			for _, m := range box.sent[before:] {
				fmt.Fprintf(&b, "=== %s (%s)\nTo: %s\nKey: %s\nSubject: %s\n\n%s\n", h.Name, s.label,
					strings.Join(m.To, ", "), m.Key, m.Subject, randomToken.ReplaceAllString(m.Text, "token=TOKEN"))
			}
			if len(repo.byKey) > notesBefore {
				keys := make([]string, 0, len(repo.byKey))
				for k := range repo.byKey {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					n := repo.byKey[k]
					fmt.Fprintf(&b, "=== %s (%s)\nMember: %s\nKey: %s\nCategory: %s\n\n%s\n", h.Name, s.label,
						n.MemberID, n.Key, n.Category, n.Text)
				}
				repo.byKey = map[string]notification.Notification{}
			}
		}
	}
	return b.String()
}

// TestTextsAreUnchanged compares every email and notification with
// testdata/texts.golden, byte for byte (go test -update rewrites it).
func TestTextsAreUnchanged(t *testing.T) {
	t.Parallel()
	got := render(t, allHandlers)
	path := filepath.Join("testdata", "texts.golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), got)
}

// allHandlers is every handler, without a ledger, on the doubles.
func allHandlers(box *outbox, repo *notes) []eventhandler.Handler {
	return eventhandler.All(eventhandler.Deps{Clock: linkClock, Mailer: box, Notifications: repo, Tokens: sampleLinks(false)}, site)
}
