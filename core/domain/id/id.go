// Package id generates identifiers for aggregates before they are stored, so that
// events recorded at creation already carry the identity.
package id

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// New returns a 32-character, time-ordered, random identifier: 48 bits of Unix
// milliseconds followed by 80 random bits, hex-encoded.
func New(now time.Time) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(now.UnixMilli())<<16)
	_, _ = rand.Read(b[6:])
	return hex.EncodeToString(b[:])
}
