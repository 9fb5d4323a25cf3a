package command

import "time"

// orUTC returns loc, or UTC when none is configured. The association's time
// zone decides its calendar days (approval, payment, expiry, member-number
// years).
func orUTC(loc *time.Location) *time.Location {
	if loc == nil {
		return time.UTC
	}
	return loc
}
