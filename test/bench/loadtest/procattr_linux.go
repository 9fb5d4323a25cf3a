package main

import (
	"os/exec"
	"syscall"
)

// setParentDeath makes the kernel kill the child if this process dies without
// stopping it (a crash or SIGKILL), so no server outlives the run.
func setParentDeath(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
