package ports

// StaffPage asks for one page of staff accounts: Offset rows skipped, at most
// Limit rows (Limit ≤ 0: all).
type StaffPage struct {
	Offset int
	Limit  int
}
