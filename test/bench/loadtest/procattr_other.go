//go:build !linux

package main

import "os/exec"

// setParentDeath has no portable equivalent outside Linux: the run stops its
// children itself on every exit path, and the baseline also exits when its stdin
// closes.
func setParentDeath(*exec.Cmd) {}
