// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

//go:build unix && !linux

package main

import "syscall"

// serverProcAttr puts the server in a process group of its own, so that
// Ctrl-C in the terminal reaches only the demo, which stops the server
// itself; only Linux can also tie the server's life to the demo's.
func serverProcAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }
