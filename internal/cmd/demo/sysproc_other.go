// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

//go:build !unix

package main

import "syscall"

// serverProcAttr: only Unix systems have process groups to keep Ctrl-C
// from the server and can tie its life to the demo's.
func serverProcAttr() *syscall.SysProcAttr { return nil }
