package catalog_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/notification"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/core/i18n"
)

// assertEnglish checks that each Chinese string translates into English with
// no Chinese left, and that the Chinese string itself is untouched in zh-CN.
func assertEnglish(t *testing.T, cat *i18n.Catalog, what string, zh []string) {
	t.Helper()
	require.NotEmpty(t, zh, what)
	var left []string
	for _, s := range zh {
		assert.Equal(t, s, cat.T(i18n.Chinese, s), "%s: zh-CN must stay as it is", what)
		if en := cat.T(i18n.English, s); i18n.NeedsTranslation(en) {
			left = append(left, fmt.Sprintf("%q → %q", s, en))
		}
	}
	assert.Empty(t, left, "%s: %d of %d strings still have Chinese in English:\n%s",
		what, len(left), len(zh), strings.Join(left, "\n"))
}

func optionLabels(os []application.Option) []string {
	out := make([]string, len(os))
	for i, o := range os {
		out[i] = o.Label
	}
	return out
}

func labels[T interface{ Label() string }](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = x.Label()
	}
	return out
}

// TestDomainVocabulariesInEnglish: every label of the domain's vocabularies
// (the lists members and staff pick from and see) has an English translation.
func TestDomainVocabulariesInEnglish(t *testing.T) {
	cat, err := i18n.New()
	require.NoError(t, err)
	levels := make([]string, 0, 5)
	for _, l := range member.DefaultLevels().Levels() {
		levels = append(levels, string(l))
	}
	vocabularies := []struct {
		name string
		zh   []string
	}{
		{"provinces", optionLabels(application.Provinces())},
		{"industries (GB/T 4754)", optionLabels(application.Industries())},
		{"ownership types", optionLabels(application.OwnershipTypes())},
		{"employee ranges", optionLabels(application.EmployeeRanges())},
		{"genders", optionLabels(application.Genders())},
		{"educations", optionLabels(application.Educations())},
		{"membership levels", levels},
		{"member statuses", labels(member.AllStatuses())},
		{"member kinds", labels([]member.Kind{member.Enterprise, member.Individual})},
		{"invoice kinds", labels(invoice.Kinds())},
		{"invoice states", labels(invoice.States())},
		{"advance invoice states", labels(invoice.AdvanceStates())},
		{"audit actions", labels(audit.Actions())},
		{"access roles", labels(access.AllRoles())},
	}
	for _, v := range vocabularies {
		t.Run(v.name, func(t *testing.T) { assertEnglish(t, cat, v.name, v.zh) })
	}
	// Spot checks of the wording the guide asks for.
	for zh, en := range map[string]string{
		"北京市": "Beijing", "内蒙古自治区": "Inner Mongolia", "香港特别行政区": "Hong Kong",
		"制造业": "Manufacturing", "理事": "Council member", "常务理事": "Executive council member",
		"副会长": "Vice president", "会长": "President",
	} {
		assert.Equal(t, en, cat.T(i18n.English, zh))
	}
}

// TestDomainRunTimeLinesInEnglish: lines the domain builds at run time (the
// 缴费状态 lines with amounts, notifications, invoice messages) come out in
// English whole, by their pattern keys, for every combination of states.
func TestDomainRunTimeLinesInEnglish(t *testing.T) {
	cat, err := i18n.New()
	require.NoError(t, err)
	kinds := []member.Kind{member.Enterprise, member.Individual}
	var lines []string
	for _, k := range kinds {
		for _, p := range payment.States() {
			for _, inv := range payment.InvoiceStates() {
				lines = append(lines, payment.StatusLine(k, p, inv))
			}
			for _, st := range standings() {
				lines = append(lines, invoice.StatusLine(k, p, st))
			}
		}
	}
	for _, s := range member.AllStatuses() {
		lines = append(lines, payment.DashboardLabel(s))
	}
	assertEnglish(t, cat, "status lines", lines)

	// The amounts are kept, in their place.
	line := invoice.StatusLine(member.Enterprise, payment.StatePartial, invoice.Standing{PaidFen: 400000, OwingFen: 100000})
	require.Equal(t, "缴费状态：部分缴费（已缴¥4000，尚欠¥1000）-未开发票", line)
	en := cat.T(i18n.English, line)
	assert.Contains(t, en, "Payment status: ")
	assert.Contains(t, en, "paid ¥4000, ¥1000 outstanding")
	assert.True(t, strings.HasSuffix(en, " - no invoice"), en)
	assert.Equal(t, "Paid ¥4000, ¥1000 outstanding", cat.T(i18n.English, payment.OwingText(400000, 100000)))
	en = cat.T(i18n.English, payment.StatusLine(member.Enterprise, payment.StatePaid, payment.InvoiceNone))
	assert.True(t, strings.HasPrefix(en, "Payment status: ") && strings.HasSuffix(en, "; no invoice requested"), en)
}

// standings are the invoice standings worth a line: no request, each state of
// the invoice and of an advance, and a fee partly paid.
func standings() []invoice.Standing {
	out := []invoice.Standing{{}, {PaidFen: 400000, OwingFen: 100000}}
	for _, s := range invoice.States() {
		out = append(out, invoice.Standing{Invoice: s})
	}
	for _, a := range invoice.AdvanceStates() {
		out = append(out, invoice.Standing{Advance: a}, invoice.Standing{Advance: a, PaidFen: 1, OwingFen: 2})
	}
	return out
}

// TestDomainNotificationsInEnglish: the notifications the domain words, with
// a member's name (content, kept as it is) inside.
func TestDomainNotificationsInEnglish(t *testing.T) {
	cat, err := i18n.New()
	require.NoError(t, err)
	var texts []string
	for _, individual := range []bool{false, true} {
		s := notification.Subject(individual, "ACME Ltd")
		p := notification.PaymentSubject(individual, "ACME Ltd")
		texts = append(texts, s, p,
			notification.ApplicationSubmittedText(s),
			notification.ApplicationApprovedText(s, "2026001"),
			notification.ApplicationRejectedText(s, "wrong USCC"),
			notification.PaymentClaimedText(p),
			notification.PaymentClaimRejectedText(p, "no money arrived"),
			notification.PaymentConfirmedText(p),
			notification.RenewalConfirmedText(p, "2027-12-31"),
			notification.MembershipApprovedText(s, "CAQ", "2027-12-31"),
			notification.RenewalReminderText(s, "2027-12-31", 30),
			notification.RenewalReminderText(s, "2027-12-31", 0),
			notification.RenewalReminderText(s, "2027-12-31", -3),
			notification.MembershipLapsedText(s, "2027-12-31"),
			notification.LevelChangedText(s, string(member.DefaultLevels().Levels()[1]), "CAQ-2026-1"),
			notification.InfoChangeApprovedText(s, nil),
			notification.InfoChangeRejectedText(s, "blurred scan"),
			notification.SubmissionApprovedText(s, "Quality Day"),
			notification.SubmissionRejectedText(s, "Quality Day", "too short"),
			invoice.IssuedText(s, "12345678"),
			invoice.ReturnedText(s, "wrong title"),
			invoice.VoidedText(s, "12345678", "wrong amount"),
		)
	}
	assertEnglish(t, cat, "notifications", texts)
	assert.Equal(t, "Company [ACME Ltd]'s membership application has been approved. Member No.: 2026001",
		cat.T(i18n.English, notification.ApplicationApprovedText(notification.Subject(false, "ACME Ltd"), "2026001")))
}

// TestDomainFieldMessagesInEnglish: the field-level messages of the
// application forms, built from a label and a rule, translate whole.
func TestDomainFieldMessagesInEnglish(t *testing.T) {
	cat, err := i18n.New()
	require.NoError(t, err)
	today := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	bad := application.EnterpriseForm{Name: "A", USCC: "123", Ownership: "x", Industry: "Z", Province: "99",
		Address: "<b>", PostalCode: "1", Employees: "x", LegalRepName: "A1", ContactPhone: "abc",
		ContactMobile: "1", ContactEmail: "x", FilledBy: "B", FilledOn: "2099-01-01"}
	_, unknownLevel := member.DefaultLevels().ParseLevel("level", "Gold")
	var msgs []string
	for _, err := range []error{
		unknownLevel,
		application.EnterpriseForm{}.Check(true, today),
		application.IndividualForm{}.Check(true, today),
		bad.Check(true, today),
	} {
		msgs = append(msgs, fieldMessages(t, err)...)
	}
	assertEnglish(t, cat, "form messages", msgs)
	assert.Equal(t, `Membership level "Gold" does not exist. Choose from: Ordinary member, Council member, `+
		"Executive council member, Vice president, President", cat.T(i18n.English, msgs[0]))
}

func fieldMessages(t *testing.T, err error) []string {
	t.Helper()
	var ae *apperr.Error
	require.True(t, errors.As(err, &ae), fmt.Sprint(err))
	require.NotEmpty(t, ae.Fields)
	out := make([]string, 0, len(ae.Fields))
	for _, f := range ae.Fields {
		out = append(out, f.Message)
	}
	return out
}
