package payment

import (
	"crypto/sha256"
	"encoding/binary"
	"strconv"
	"strings"
)

// referenceAlphabet has no characters that are easily confused when read aloud,
// handwritten or retyped: no 0/O, 1/I/L, U/V, 5/S, 2/Z.
const referenceAlphabet = "346789ABCDEFGHJKMNPQRTWXY"

// ReferencePrefix starts every payment reference code (会费).
const ReferencePrefix = "HF"

// referenceBody is the number of characters after the prefix: 25^6 ≈ 244 million
// codes.
const referenceBody = 6

// ReferenceCode derives a member's payment reference code, e.g. HF7KX3MQ, from its
// identity. attempt starts at 0 and is raised when the code is taken by another
// member (the store keeps codes unique); the code is derived once and stored.
func ReferenceCode(memberID string, attempt int) string {
	sum := sha256.Sum256([]byte("payment-ref:" + memberID + ":" + strconv.Itoa(attempt)))
	n := binary.BigEndian.Uint64(sum[:8])
	b := make([]byte, 0, len(ReferencePrefix)+referenceBody)
	b = append(b, ReferencePrefix...)
	for range referenceBody {
		b = append(b, referenceAlphabet[n%uint64(len(referenceAlphabet))])
		n /= uint64(len(referenceAlphabet))
	}
	return string(b)
}

// ValidReference reports whether s has the form of a reference code.
func ValidReference(s string) bool {
	if len(s) != len(ReferencePrefix)+referenceBody || !strings.HasPrefix(s, ReferencePrefix) {
		return false
	}
	for i := len(ReferencePrefix); i < len(s); i++ {
		if !strings.ContainsRune(referenceAlphabet, rune(s[i])) {
			return false
		}
	}
	return true
}

// FindReferences returns the distinct reference codes written in a text such as a
// transfer's remark, in order: case is ignored, and so are spaces, dashes and
// full-width letters the payer's bank may have put in between.
func FindReferences(text string) []string {
	var b strings.Builder
	for _, r := range strings.ToUpper(text) {
		switch {
		case r >= 'Ａ' && r <= 'Ｚ':
			b.WriteRune(r - 'Ａ' + 'A')
		case r >= '０' && r <= '９':
			b.WriteRune(r - '０' + '0')
		case r == ' ' || r == '-' || r == '_' || r == '　':
		default:
			b.WriteRune(r)
		}
	}
	s := b.String()
	var out []string
	n := len(ReferencePrefix) + referenceBody
	for i := 0; i+n <= len(s); i++ {
		if s[i] != 'H' || !ValidReference(s[i:i+n]) {
			continue
		}
		code := s[i : i+n]
		dup := false
		for _, c := range out {
			dup = dup || c == code
		}
		if !dup {
			out = append(out, code)
		}
		i += n - 1
	}
	return out
}

// ErrReferenceTaken is the code of the Conflict a store returns when a reference
// code is used by another member; the caller tries the next attempt.
const ErrReferenceTaken = "payment_ref_taken"
