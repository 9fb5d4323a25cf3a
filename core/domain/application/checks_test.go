package application_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/openassoc/membership/core/domain/application"
)

var today = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

func TestUSCCCheckCharacterOfRealCodes(t *testing.T) {
	t.Parallel()
	// Codes of real, registered organisations (public business registrations).
	for _, code := range []string{
		"91350100M000100Y43", // the GB 32100 worked example
		"914403001922038216", // 华为技术有限公司
		"91440300708461136T", // 深圳市腾讯计算机系统有限公司
		"91330100799655058B", // 阿里巴巴（中国）有限公司
		"91110000600037341L",
	} {
		assert.Equal(t, application.USCCOK, application.CheckUSCC(code), code)
		c, ok := application.USCCCheckChar(code[:17])
		assert.True(t, ok)
		assert.Equal(t, code[17], c, code)
	}
}

func TestUSCCEveryKindOfWrongCode(t *testing.T) {
	t.Parallel()
	cases := map[string]application.USCCProblem{
		"":                    application.USCCLength,
		"91350100M000100Y4":   application.USCCLength,
		"91350100M000100Y433": application.USCCLength,
		"91350100M000100Y44":  application.USCCCheck, // last character changed
		"91350100M000100Y34":  application.USCCCheck, // two characters swapped
		"92350100M000100Y43":  application.USCCCheck, // first character changed
		"91350100I000100Y43":  application.USCCCharacters,
		"91350100O000100Y43":  application.USCCCharacters,
		"91350100Z000100Y43":  application.USCCCharacters,
		"91350100S000100Y43":  application.USCCCharacters,
		"91350100V000100Y43":  application.USCCCharacters,
		"91350100m000100Y43":  application.USCCCharacters, // lower case (forms upper-case first)
		"91350100M000100Y4-":  application.USCCCharacters,
		"９1350100M000100Y43":  application.USCCLength, // a full-width digit is 3 bytes
	}
	for code, want := range cases {
		assert.Equal(t, want, application.CheckUSCC(code), "%q", code)
	}
	// Every single-character change of a valid code is caught.
	valid := []byte("91440300708461136T")
	alphabet := "0123456789ABCDEFGHJKLMNPQRTUWXY"
	for i := range valid {
		for j := range len(alphabet) {
			if alphabet[j] == valid[i] {
				continue
			}
			b := append([]byte(nil), valid...)
			b[i] = alphabet[j]
			assert.NotEqual(t, application.USCCOK, application.CheckUSCC(string(b)), "%s", b)
		}
	}
}

func TestIDNumberCheckDigit(t *testing.T) {
	t.Parallel()
	assert.Equal(t, application.IDOK, application.CheckIDNumber("11010519491231002X", today), "GB 11643 example")
	assert.Equal(t, application.IDOK, application.CheckIDNumber("110101199003074477", today))
	cases := map[string]application.IDProblem{
		"110105194912310021":  application.IDCheck,        // X expected
		"110101199003074478":  application.IDCheck,        // last digit changed
		"110101199003074747":  application.IDCheck,        // two digits swapped
		"11010519491231002x":  application.IDFormat,       // lower-case x (forms upper-case first)
		"1101051949123100":    application.IDFormat,       // too short
		"11010519491231002XX": application.IDFormat,       // too long
		"1101051949123A002X":  application.IDFormat,       // a letter inside
		"110105194913310026":  application.IDBadBirthDate, // month 13
		"110105194902300020":  application.IDBadBirthDate, // 30 February
		"440524188001010014":  application.IDBadBirthDate, // born 1880: not a living applicant
		"110105202503010011":  application.IDBadBirthDate, // born after today
	}
	for id, want := range cases {
		assert.Equal(t, want, application.CheckIDNumber(id, today), id)
	}
	d, ok := application.IDBirthDate("11010519491231002X", today)
	assert.True(t, ok)
	assert.Equal(t, "1949-12-31", d.Format(time.DateOnly))
}

func TestPostalMobilePhoneAndEmail(t *testing.T) {
	t.Parallel()
	assert.True(t, application.ValidPostalCode("100045"))
	for _, s := range []string{"10004", "1000456", "10004a", "１00045"} {
		assert.False(t, application.ValidPostalCode(s), s)
	}
	assert.True(t, application.ValidMobile("13812345678"))
	assert.True(t, application.ValidMobile("19912345678"))
	for _, s := range []string{"12812345678", "1381234567", "138123456789", "23812345678"} {
		assert.False(t, application.ValidMobile(s), s)
	}
	for _, s := range []string{"010-68412345", "01068412345", "0755-26543210", "68412345", "010-68412345-801",
		"400-810-5888", "4008105888", "13812345678"} {
		assert.True(t, application.ValidPhone(s), s)
	}
	for _, s := range []string{"12345", "010-1234", "phone", "010-68412345-1234567", "0-68412345"} {
		assert.False(t, application.ValidPhone(s), s)
	}
	assert.True(t, application.ValidEmail("liming@example.com"))
	for _, s := range []string{"liming", "liming@example", "a b@example.com", "<a@example.com>", "a@example.com."} {
		assert.False(t, application.ValidEmail(s), s)
	}
}
