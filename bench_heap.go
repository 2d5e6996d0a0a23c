// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

//go:build benchheap

package main

import "github.com/contactsapi/terraform-provider-contacts/internal/bench/heapwatch"

// The benchmark builds the provider with -tags benchheap
// (internal/bench/build.go) so that it records its peak live heap beside
// the peak RSS; the release build does not contain this file.
func init() { heapwatch.Start() }
