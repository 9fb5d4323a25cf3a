package memstore

import "iter"

// table is one table of the store as a transaction sees it: the committed rows
// (base, shared with every reader and never changed while a transaction is
// open) under the transaction's own writes (over, nil until the first write; a
// nil row pointer is a deleted row). Rows are values: a table never hands out
// a pointer into its storage, so no caller can change a stored row in place.
type table[K comparable, V any] struct {
	base map[K]V
	over map[K]*V
	// readOnly marks the committed tables that reads outside a transaction use;
	// writing through them is a bug.
	readOnly bool
}

// newTable returns an empty committed table.
func newTable[K comparable, V any]() table[K, V] {
	return table[K, V]{base: map[K]V{}, readOnly: true}
}

// get returns the row of key and whether it exists.
func (t *table[K, V]) get(k K) (V, bool) {
	if p, ok := t.over[k]; ok {
		if p == nil {
			var zero V
			return zero, false
		}
		return *p, true
	}
	v, ok := t.base[k]
	return v, ok
}

// has reports whether a row of key exists.
func (t *table[K, V]) has(k K) bool {
	_, ok := t.get(k)
	return ok
}

// put stores the row of key (insert or replace).
func (t *table[K, V]) put(k K, v V) {
	t.writable()
	t.over[k] = &v
}

// del deletes the row of key and reports whether there was one.
func (t *table[K, V]) del(k K) bool {
	if !t.has(k) {
		return false
	}
	t.writable()
	t.over[k] = nil
	return true
}

func (t *table[K, V]) writable() {
	if t.readOnly {
		panic("memstore: write outside a transaction")
	}
	if t.over == nil {
		t.over = map[K]*V{}
	}
}

// where returns the keys of the rows that match, in no particular order: what
// a loop that changes rows iterates over (all must not see writes made while
// it runs).
func (t *table[K, V]) where(match func(K, V) bool) []K {
	var out []K
	for k, v := range t.all() {
		if match(k, v) {
			out = append(out, k)
		}
	}
	return out
}

// all yields every row, in no particular order (callers sort). The table must
// not change while it runs.
func (t *table[K, V]) all() iter.Seq2[K, V] {
	return func(yield func(K, V) bool) {
		for k, v := range t.base {
			if _, changed := t.over[k]; changed {
				continue
			}
			if !yield(k, v) {
				return
			}
		}
		for k, p := range t.over {
			if p != nil && !yield(k, *p) {
				return
			}
		}
	}
}

// commit applies the transaction's writes to the committed rows. The caller
// holds the store's write lock.
func (t *table[K, V]) commit() {
	for k, p := range t.over {
		if p == nil {
			delete(t.base, k)
		} else {
			t.base[k] = *p
		}
	}
	t.over = nil
}
