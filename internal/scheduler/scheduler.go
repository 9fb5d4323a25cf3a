// Package scheduler runs the module's periodic background work (the clean-up
// of expired rows, the renewal sweep) for membership.Module.Run.
package scheduler

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"time"
)

// Every calls fn once first has passed, then again every interval after each
// call returned, until ctx ends. fn gets ctx; Every returns when ctx ends.
func Every(ctx context.Context, first, interval time.Duration, fn func(context.Context)) {
	timer := time.NewTimer(max(first, 0))
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		fn(ctx)
		timer.Reset(interval)
	}
}

// InstanceID names this process as a lease holder: the host name, the process
// id and random bits, so that instances on one host differ too.
func InstanceID() string {
	host, _ := os.Hostname()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
}
