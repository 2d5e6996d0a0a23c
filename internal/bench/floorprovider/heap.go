// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

//go:build benchheap

package main

import "github.com/contactsapi/terraform-provider-contacts/internal/bench/heapwatch"

// Built as the contacts provider is (internal/bench/build.go), so that the
// floor's live heap is measured the same way.
func init() { heapwatch.Start() }
