// Package usecases holds the Go benchmarks of use cases of the module as a
// whole (Alipay notifications, the renewal sweep), built with membershiptest on
// a temporary SQLite database; their figures are ratios to a bare router
// measured in the same run. `make bench` runs them.
package usecases
