package apptest

import "sync/atomic"

// CountingHasher is Hasher that counts its calls, for tests that check how many
// password hashes or checks a request cost (an anonymous request must not cost
// one for free; an unknown account must cost the same as a wrong password).
type CountingHasher struct {
	Hasher
	hashes   atomic.Int64
	verifies atomic.Int64
}

// Hash counts the call and returns Hasher's stored form of pw.
func (h *CountingHasher) Hash(pw string) (string, error) {
	h.hashes.Add(1)
	return h.Hasher.Hash(pw)
}

// Verify counts the call and answers as Hasher does.
func (h *CountingHasher) Verify(hash, pw string) (bool, error) {
	h.verifies.Add(1)
	return h.Hasher.Verify(hash, pw)
}

// Hashes returns the number of Hash calls so far.
func (h *CountingHasher) Hashes() int64 { return h.hashes.Load() }

// Verifies returns the number of Verify calls so far.
func (h *CountingHasher) Verifies() int64 { return h.verifies.Load() }
