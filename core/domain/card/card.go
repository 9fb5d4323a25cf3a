// Package card holds the membership card (会员卡, individuals) and certificate
// (会员证书, enterprises): the signed verification link its QR code carries.
//
// A link is the member's id, the card's version and an HMAC-SHA256 over both,
// keyed with the installation's card key: it cannot be made for another member
// (numbers cannot be enumerated), and re-issuing a card (a new version) revokes
// the links of the old one.
package card

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
)

// KeyLen is the length of a card key the core generates (256 bits).
const KeyLen = 32

// MinKeyLen is the shortest configured key accepted (128 bits).
const MinKeyLen = 16

// sigLen is how many bytes of the HMAC a link carries (128 bits).
const sigLen = 16

// label separates card signatures from any other use of the key.
const label = "membership card v1"

// maxIDLen bounds the member id in a link (ids are 32 hex characters).
const maxIDLen = 64

// Sign returns the link token of a member's card of version: id.version.sig.
func Sign(key []byte, memberID string, version int) string {
	v := strconv.Itoa(version)
	return memberID + "." + v + "." + base64.RawURLEncoding.EncodeToString(mac(key, memberID, v))
}

// Parse checks a token made by Sign with key and returns the member id and
// version; ok is false for anything malformed or forged.
func Parse(key []byte, token string) (memberID string, version int, ok bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || !validID(parts[0]) {
		return "", 0, false
	}
	v, err := strconv.Atoi(parts[1])
	if err != nil || v < 1 || strconv.Itoa(v) != parts[1] {
		return "", 0, false
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, mac(key, parts[0], parts[1])) {
		return "", 0, false
	}
	return parts[0], v, true
}

func mac(key []byte, memberID, version string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(label + "\x00" + memberID + "\x00" + version))
	return h.Sum(nil)[:sigLen]
}

// validID accepts the characters of member ids (letters, digits, - and _).
func validID(s string) bool {
	if s == "" || len(s) > maxIDLen {
		return false
	}
	for _, c := range s {
		ok := c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_'
		if !ok {
			return false
		}
	}
	return true
}
