//go:build !unix

package usecases_test

import "time"

// processCPU is not measured here: the CPU metrics read zero.
func processCPU() time.Duration { return 0 }
