// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

// Command rsswrap stands in for a provider binary so the benchmark can learn
// the provider process's peak memory exactly: it runs the real binary (its
// own path plus ".real") as a child with the same arguments, environment and
// standard streams, waits for it, and appends the child's peak resident set
// size and CPU time, as reported by the kernel at exit (wait4's rusage), to
// the file named by BENCH_RSS_LOG as one JSON line, with the peak live heap
// the child recorded (internal/bench/heapwatch, in the benchmark's builds)
// in a file of its own next to that log.
//
// BENCH_PROVIDER_ENV, lines of NAME=VALUE, is added to the child's
// environment alone, so that the benchmark can try a setting such as
// GOMEMLIMIT on the provider without changing Terraform's.
//
// Terraform's plugin handshake and gRPC traffic go straight to the child:
// the streams are the same file descriptors, not copies.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/bench/heapwatch"
)

// Record is one provider process's line in BENCH_RSS_LOG.
type Record struct {
	Binary     string  `json:"binary"`
	PID        int     `json:"pid"`
	MaxRSSKB   int64   `json:"max_rss_kb"`
	UserCPUS   float64 `json:"user_cpu_s"`
	SystemCPUS float64 `json:"system_cpu_s"`
	WallS      float64 `json:"wall_s"`
	ExitCode   int     `json:"exit_code"`
	// PeakLiveHeapBytes and GCCycles are heapwatch's record (0 when the
	// child wrote none).
	PeakLiveHeapBytes uint64 `json:"peak_live_heap_bytes"`
	GCCycles          uint64 `json:"gc_cycles"`
}

func main() {
	os.Exit(run())
}

func run() int {
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, "rsswrap:", err)
		return 1
	}
	cmd := exec.Command(self+".real", os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	logPath := os.Getenv("BENCH_RSS_LOG")
	heapFile := ""
	cmd.Env = os.Environ()
	if logPath != "" {
		// Named after this process, which no other launcher shares.
		heapFile = fmt.Sprintf("%s.heap-%d.json", logPath, os.Getpid())
		cmd.Env = append(cmd.Env, heapwatch.EnvFile+"="+heapFile)
	}
	for _, kv := range strings.Split(os.Getenv("BENCH_PROVIDER_ENV"), "\n") {
		if strings.Contains(kv, "=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	// Terraform stops a plugin through gRPC; signals sent to this process
	// alone (not its group) are passed on rather than killing the wrapper
	// before the child's usage is recorded.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "rsswrap:", err)
		return 1
	}
	go func() {
		for s := range sigs {
			_ = cmd.Process.Signal(s)
		}
	}()
	err = cmd.Wait()
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		fmt.Fprintln(os.Stderr, "rsswrap:", err)
		return 1
	}
	if logPath != "" {
		heap, err := heapwatch.Read(heapFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "rsswrap:", err)
		}
		_ = os.Remove(heapFile)
		_ = os.Remove(heapFile + ".tmp")
		if err := appendRecord(logPath, self, cmd.ProcessState, time.Since(start), heap); err != nil {
			fmt.Fprintln(os.Stderr, "rsswrap:", err)
		}
	}
	return cmd.ProcessState.ExitCode()
}

func appendRecord(path, binary string, ps *os.ProcessState, wall time.Duration, heap heapwatch.Record) error {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return errors.New("no resource usage for the provider process")
	}
	line, err := json.Marshal(Record{
		Binary:     binary,
		PID:        ps.Pid(),
		MaxRSSKB:   ru.Maxrss, // kilobytes on Linux
		UserCPUS:   time.Duration(ru.Utime.Nano()).Seconds(),
		SystemCPUS: time.Duration(ru.Stime.Nano()).Seconds(),
		WallS:      wall.Seconds(),
		ExitCode:   ps.ExitCode(),

		PeakLiveHeapBytes: heap.PeakLiveHeapBytes,
		GCCycles:          heap.GCCycles,
	})
	if err != nil {
		return err
	}
	// O_APPEND writes of one short line are atomic, so concurrent
	// provider processes do not interleave their records.
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
