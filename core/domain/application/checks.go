package application

import (
	"net/mail"
	"regexp"
	"strings"
	"time"
)

// usccAlphabet is the character set of the 统一社会信用代码 (GB 32100-2015): the
// digits and the capital letters without I, O, Z, S and V. A character's value is
// its index.
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// usccWeights are the weights of the first 17 characters: 3^i mod 31.
var usccWeights = func() [17]int {
	var w [17]int
	p := 1
	for i := range w {
		w[i] = p
		p = p * 3 % 31
	}
	return w
}()

// USCCCheckChar returns the check character of the first 17 characters of a
// 统一社会信用代码; ok is false when they are not 17 characters of the alphabet.
func USCCCheckChar(first17 string) (byte, bool) {
	if len(first17) != 17 {
		return 0, false
	}
	sum := 0
	for i := range 17 {
		v := strings.IndexByte(usccAlphabet, first17[i])
		if v < 0 {
			return 0, false
		}
		sum += v * usccWeights[i]
	}
	c := (31 - sum%31) % 31
	return usccAlphabet[c], true
}

// USCCProblem is what is wrong with a 统一社会信用代码.
type USCCProblem int

// The problems a USCC can have.
const (
	USCCOK         USCCProblem = iota
	USCCLength                 // not 18 characters
	USCCCharacters             // a character outside 0-9A-Z without I, O, Z, S, V
	USCCCheck                  // the 18th character does not match
)

// CheckUSCC checks a normalized (upper-case, trimmed) 统一社会信用代码: 18
// characters of the GB 32100-2015 alphabet whose last one is the check character.
func CheckUSCC(code string) USCCProblem {
	if len(code) != 18 {
		return USCCLength
	}
	for i := range len(code) {
		if strings.IndexByte(usccAlphabet, code[i]) < 0 {
			return USCCCharacters
		}
	}
	want, _ := USCCCheckChar(code[:17])
	if code[17] != want {
		return USCCCheck
	}
	return USCCOK
}

// idWeights are the GB 11643-1999 weights of the first 17 digits (2^(17-i) mod 11).
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheckChars maps the weighted sum mod 11 to the check character (ISO 7064 MOD 11-2).
const idCheckChars = "10X98765432"

// IDCheckChar returns the check character of the first 17 digits of a 身份证号;
// ok is false when they are not 17 digits.
func IDCheckChar(first17 string) (byte, bool) {
	if len(first17) != 17 {
		return 0, false
	}
	sum := 0
	for i := range 17 {
		c := first17[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		sum += int(c-'0') * idWeights[i]
	}
	return idCheckChars[sum%11], true
}

// IDProblem is what is wrong with a 身份证号.
type IDProblem int

// The problems an ID card number can have.
const (
	IDOK           IDProblem = iota
	IDFormat                 // not 17 digits followed by a digit or X
	IDBadBirthDate           // the embedded birth date is not a plausible date
	IDCheck                  // the check character does not match
)

// CheckIDNumber checks a normalized (upper-case) 18-digit 身份证号 (GB 11643-1999):
// the format, a birth date between 1900 and today, and the MOD 11-2 check
// character.
func CheckIDNumber(id string, today time.Time) IDProblem {
	if !idPattern.MatchString(id) {
		return IDFormat
	}
	if _, ok := IDBirthDate(id, today); !ok {
		return IDBadBirthDate
	}
	want, _ := IDCheckChar(id[:17])
	if id[17] != want {
		return IDCheck
	}
	return IDOK
}

var idPattern = regexp.MustCompile(`^[0-9]{17}[0-9X]$`)

// IDBirthDate returns the birth date embedded in an 18-digit ID number (digits
// 7–14) when it is a real date from 1900 up to today.
func IDBirthDate(id string, today time.Time) (time.Time, bool) {
	if len(id) != 18 {
		return time.Time{}, false
	}
	d, err := time.Parse("20060102", id[6:14])
	if err != nil || d.Year() < 1900 {
		return time.Time{}, false
	}
	y, m, dd := today.Date()
	if d.After(time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)) {
		return time.Time{}, false
	}
	return d, true
}

var (
	postalCodePattern = regexp.MustCompile(`^[0-9]{6}$`)
	mobilePattern     = regexp.MustCompile(`^1[3-9][0-9]{9}$`)
	// landline: optional area code (0 + 2–3 digits) with an optional hyphen,
	// 7–8 digits, an optional extension; or a 400/800 service number.
	landlinePattern = regexp.MustCompile(`^(?:0[0-9]{2,3}-?)?[2-9][0-9]{6,7}(?:-[0-9]{1,6})?$`)
	servicePattern  = regexp.MustCompile(`^[48]00-?[0-9]{3}-?[0-9]{4}$`)
)

// ValidPostalCode reports whether s is a six-digit 邮政编码.
func ValidPostalCode(s string) bool { return postalCodePattern.MatchString(s) }

// ValidMobile reports whether s is a mainland mobile number (1[3-9] and 9 digits).
func ValidMobile(s string) bool { return mobilePattern.MatchString(s) }

// ValidPhone reports whether s is a landline (with an optional area code and
// extension, e.g. 010-68412345-801), a 400/800 number or a mobile number.
func ValidPhone(s string) bool {
	return ValidMobile(s) || landlinePattern.MatchString(s) || servicePattern.MatchString(s)
}

// ValidEmail reports whether a normalized (trimmed, lower-case) address is a
// plain addr-spec with a dotted domain. member.CheckEmail uses it too.
func ValidEmail(email string) bool {
	addr, err := mail.ParseAddress(email)
	at := strings.LastIndexByte(email, '@')
	return err == nil && addr.Address == email && at >= 1 && strings.Contains(email[at+1:], ".") &&
		!strings.HasSuffix(email, ".") && !strings.ContainsAny(email, " <>\"")
}
