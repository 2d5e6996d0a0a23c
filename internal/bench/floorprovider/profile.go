// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime/pprof"
)

// profileCPU starts a CPU profile of this process in DIR/proc-PID.cpu.pprof
// when `go run ./internal/bench -pprof DIR` set BENCH_PPROF_DIR, as
// internal/bench/pprofprovider does for the contacts provider, so that the
// two can be compared function by function. The returned function ends it.
func profileCPU() (stop func()) {
	dir := os.Getenv("BENCH_PPROF_DIR")
	if dir == "" {
		return func() {}
	}
	f, err := os.Create(filepath.Join(dir, fmt.Sprintf("proc-%d.cpu.pprof", os.Getpid())))
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		log.Fatal(err)
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			log.Print(err)
		}
	}
}
