package memstore

import "time"

// storedTime is a timestamp as bunstore stores it: UTC with microsecond
// precision (the precision of SQLite text and PostgreSQL timestamptz); the zero
// time stays zero (NULL).
func storedTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Microsecond)
}

// storedDay is a calendar day as bunstore stores it: the day of t in t's own
// location, read back as midnight UTC; the zero time stays zero (NULL).
func storedDay(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// page returns the part of xs that LIMIT limit OFFSET offset selects (no limit
// when limit ≤ 0, no offset when offset ≤ 0).
func page[T any](xs []T, limit, offset int) []T {
	if offset > 0 {
		if offset >= len(xs) {
			return xs[:0]
		}
		xs = xs[offset:]
	}
	if limit > 0 && len(xs) > limit {
		xs = xs[:limit]
	}
	return xs
}

// after is the rows that follow the one whose key is cursor in xs (keyset
// paging; none when it is not there).
func after[T any, K comparable](xs []T, cursor K, key func(T) K) []T {
	for i, x := range xs {
		if key(x) == cursor {
			return xs[i+1:]
		}
	}
	return xs[:0]
}
