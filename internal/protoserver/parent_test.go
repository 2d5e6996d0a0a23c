// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package protoserver

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

func TestWatchParent(t *testing.T) {
	t.Parallel()
	var ppid atomic.Int64
	ppid.Store(100)
	done := make(chan struct{})
	go watchParent(func() int { return int(ppid.Load()) }, time.Millisecond, func() { close(done) })
	select {
	case <-done:
		t.Fatal("gone called while the parent is still there")
	case <-time.After(20 * time.Millisecond):
	}
	ppid.Store(1) // adopted by init: the parent is gone
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("gone not called after the parent changed")
	}
}

// TestExitWithParent_helper is the orphan of TestExitWithParent: it watches
// its parent and otherwise sleeps far longer than the test waits.
func TestExitWithParent_helper(t *testing.T) {
	if os.Getenv("PROTOSERVER_PARENT_HELPER") != "1" {
		t.Skip("run by TestExitWithParent")
	}
	ExitWithParent()
	time.Sleep(time.Minute)
}

// TestExitWithParent kills the parent of a process that called
// ExitWithParent with SIGKILL, as happens to Terraform under kill -9, and
// waits for the orphan to exit by itself.
func TestExitWithParent(t *testing.T) {
	t.Parallel()
	sh := exec.Command("sh", "-c", `"$0" -test.run '^TestExitWithParent_helper$' & echo $!; wait`, os.Args[0])
	sh.Env = append(os.Environ(), "PROTOSERVER_PARENT_HELPER=1")
	out, err := sh.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sh.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	child, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = syscall.Kill(child, syscall.SIGKILL) })
	time.Sleep(200 * time.Millisecond) // let the helper start watching
	if err := sh.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = sh.Wait()

	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if !processRuns(child) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("process %d still runs 20s after its parent was killed", child)
}

// processRuns reports whether pid is a live process (not gone, not a zombie
// waiting for its new parent to reap it).
func processRuns(pid int) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return false
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// The state follows the parenthesised command name.
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
	return len(fields) > 0 && fields[0] != "Z"
}
