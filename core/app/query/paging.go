package query

// paging bounds a requested page: pages count from 1, sizes default to
// DefaultPageSize and stay at most MaxPageSize.
func paging(page, size int) (int, int) {
	if size <= 0 {
		size = DefaultPageSize
	}
	return max(page, 1), min(size, MaxPageSize)
}

// pages is how many pages of size hold total rows.
func pages(total, size int) int { return (total + size - 1) / size }
