// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

//go:build !linux

package main

import "syscall"

// serverProcAttr: only Linux can tie the server's life to the demo's.
func serverProcAttr() *syscall.SysProcAttr { return nil }
