// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import "syscall"

// serverProcAttr has the kernel stop the server if the demo itself is
// killed (SIGKILL leaves no chance to clean up), so no server outlives it.
func serverProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
