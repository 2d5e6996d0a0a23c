// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package protoserver

import (
	"os"
	"runtime/debug"
)

// gcPercent is the garbage collector's target for provider processes. A
// provider process lives for one Terraform command and its live heap is a
// few MB, so at Go's default of 100 it collects every few MB allocated,
// and every RPC allocates that much decoding and encoding schemas' worth
// of values, so a large apply spent a noticeable share of the provider's
// CPU in the collector (DESIGN.md). At 400 it collects a quarter as often
// for a peak heap still small; memoryLimit bounds it should a heap ever grow.
const (
	gcPercent   = 400
	memoryLimit = 256 << 20
)

// TuneGC sets the collector for a provider process unless GOGC or
// GOMEMLIMIT says otherwise.
func TuneGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(gcPercent)
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(memoryLimit)
	}
}
