// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

// Command pprofprovider is terraform-provider-contacts with CPU and heap
// profiling, for `go run ./internal/bench -pprof DIR`: each provider process
// Terraform starts writes DIR/proc-PID.cpu.pprof, DIR/proc-PID.peak.pprof
// and DIR/proc-PID.peak-goroutines.pprof (the live heap and the goroutines
// when the heap was largest, to explain peak RSS), DIR/proc-PID.memstats.csv
// (the heap's size every 250 ms) and, once
// Terraform has shut it down, DIR/proc-PID.allocs.pprof. The provider code
// is the same internal/provider package the release binary serves.
package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/contactsapi/terraform-provider-contacts/internal/bench/heapwatch"
	"github.com/contactsapi/terraform-provider-contacts/internal/protoserver"
	"github.com/contactsapi/terraform-provider-contacts/internal/provider"
)

// address is the provider's registry address, which Terraform and the logs name it by.
const address = "registry.terraform.io/contactsapi/contacts"

func main() {
	dir := os.Getenv("BENCH_PPROF_DIR")
	if dir == "" {
		log.Fatal("BENCH_PPROF_DIR is not set")
	}
	// As the release binary does, so the profiles show what it spends.
	if err := protoserver.SetUpProcess(address); err != nil {
		log.Fatal(err)
	}
	base := filepath.Join(dir, fmt.Sprintf("proc-%d", os.Getpid()))
	cpu, err := os.Create(base + ".cpu.pprof")
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.StartCPUProfile(cpu); err != nil {
		log.Fatal(err)
	}
	go watchPeakHeap(base)
	heapwatch.Start()
	serveErr := tf6server.Serve(address, provider.NewProtocol6Server("bench"))
	pprof.StopCPUProfile()
	if err := cpu.Close(); err != nil {
		log.Print(err)
	}
	if err := writeProfile("allocs", base+".allocs.pprof"); err != nil {
		log.Print(err)
	}
	if serveErr != nil {
		log.Fatal(serveErr)
	}
}

func writeProfile(name, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// watchPeakHeap writes heap and goroutine profiles whenever the heap in use
// has grown by a tenth since the last ones, so the files left show the
// largest heap.
func watchPeakHeap(base string) {
	csv, err := os.Create(base + ".memstats.csv")
	if err != nil {
		log.Print(err)
		return
	}
	defer csv.Close()
	fmt.Fprintln(csv, "seconds,heap_alloc_mb,heap_inuse_mb,heap_sys_mb,heap_released_mb,next_gc_mb,num_gc,goroutines")
	const mb = 1 << 20
	start := time.Now()
	var peak uint64
	var ms runtime.MemStats
	for range time.Tick(250 * time.Millisecond) {
		runtime.ReadMemStats(&ms)
		fmt.Fprintf(csv, "%.2f,%.1f,%.1f,%.1f,%.1f,%.1f,%d,%d\n", time.Since(start).Seconds(),
			float64(ms.HeapAlloc)/mb, float64(ms.HeapInuse)/mb, float64(ms.HeapSys)/mb, float64(ms.HeapReleased)/mb, float64(ms.NextGC)/mb, ms.NumGC, runtime.NumGoroutine())
		if ms.HeapInuse <= peak+peak/10 {
			continue
		}
		peak = ms.HeapInuse
		for name, path := range map[string]string{"heap": base + ".peak.pprof", "goroutine": base + ".peak-goroutines.pprof"} {
			if err := writeProfile(name, path); err != nil {
				log.Print(err)
				return
			}
		}
	}
}
