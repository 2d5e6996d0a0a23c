// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import "syscall"

// serverProcAttr puts the server in a process group of its own, so that
// Ctrl-C in the terminal reaches only the demo, which stops the server
// itself (a second SIGINT would kill a server already saving its data);
// and has the kernel stop the server if the demo itself is killed
// (SIGKILL leaves no chance to clean up), so no server outlives it.
func serverProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
}
