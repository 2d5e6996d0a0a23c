// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// clock is a fake time source the test moves by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

// step is one input line, or (when wait is set) a tick after that long.
type step struct {
	ev   *event
	raw  string
	wait time.Duration
}

// testPkg is the package the events of TestPrinter come from.
const testPkg = "example.com/m/internal/provider"

func ev(action, test, output string) step {
	return step{ev: &event{Action: action, Package: testPkg, Test: test, Output: output}}
}

func TestPrinter(t *testing.T) {
	t.Parallel()
	const pkg = testPkg
	tests := map[string]struct {
		steps []step
		want  []string // in this order
		not   []string
	}{
		"a passing package: its start and go test's own lines, no test output": {
			steps: []step{
				ev("start", "", ""),
				ev("run", "TestA", ""),
				ev("output", "TestA", "=== RUN   TestA\n"),
				ev("output", "TestA", "    a_test.go:9: chatter\n"),
				ev("output", "TestA", "--- PASS: TestA (0.00s)\n"),
				ev("pass", "TestA", ""),
				ev("output", "", "PASS\n"),
				ev("output", "", "ok  \t"+pkg+"\t0.012s\n"),
				ev("pass", "", ""),
			},
			want: []string{"    " + pkg + ": running tests\n", "PASS\n", "ok  \t" + pkg + "\t0.012s\n"},
			not:  []string{"chatter", "=== RUN", "--- PASS"},
		},
		"a failing test: its whole output, subtests included": {
			steps: []step{
				ev("run", "TestB", ""),
				ev("output", "TestB", "=== RUN   TestB\n"),
				ev("run", "TestB/sub", ""),
				ev("output", "TestB/sub", "    b_test.go:5: the reason\n"),
				ev("output", "TestB/sub", "    --- FAIL: TestB/sub (0.00s)\n"),
				ev("fail", "TestB/sub", ""),
				ev("output", "TestB", "--- FAIL: TestB (0.00s)\n"),
				ev("fail", "TestB", ""),
				ev("output", "", "FAIL\n"),
				ev("output", "", "FAIL\t"+pkg+"\t0.020s\n"),
				ev("fail", "", ""),
			},
			want: []string{"=== RUN   TestB\n", "b_test.go:5: the reason", "--- FAIL: TestB (0.00s)\n", "FAIL\n", "FAIL\t" + pkg},
		},
		"silence: a progress line with the counts and the longest-running tests": {
			steps: []step{
				ev("run", "TestDone", ""),
				ev("pass", "TestDone", ""),
				ev("run", "TestSkipped", ""),
				ev("skip", "TestSkipped", ""),
				ev("run", "TestSlow", ""),
				{wait: 10 * time.Second},
				ev("run", "TestParallel", ""),
				ev("pause", "TestParallel", ""),
				ev("run", "TestLater", ""),
				{wait: 19 * time.Second}, // not silent long enough yet
				{wait: time.Second},
			},
			want: []string{"    … " + pkg + ": 1 passed, 1 skipped after 30s; running TestSlow 30s, TestLater 20s\n"},
			not:  []string{"TestParallel", "29s"},
		},
		"no progress line for a package that is done": {
			steps: []step{
				ev("run", "TestA", ""),
				ev("pass", "TestA", ""),
				ev("output", "", "ok  \t"+pkg+"\t0.012s\n"),
				ev("pass", "", ""),
				{wait: time.Minute},
			},
			not: []string{"…"},
		},
		"a test that never ends (a timeout): its output when the package fails": {
			steps: []step{
				ev("run", "TestHangs", ""),
				ev("output", "TestHangs", "    h_test.go:3: waiting for the server\n"),
				ev("output", "", "panic: test timed out after 30m0s\n"),
				ev("output", "", "FAIL\t"+pkg+"\t1800.1s\n"),
				ev("fail", "", ""),
			},
			want: []string{"panic: test timed out", "FAIL\t" + pkg, "TestHangs did not finish; its output:\n", "waiting for the server"},
		},
		"lines that are not events, and build errors, as they came": {
			steps: []step{
				{raw: "# example.com/m/internal/provider [example.com/m/internal/provider.test]"},
				{ev: &event{Action: "build-output", ImportPath: pkg + " [" + pkg + ".test]", Output: "./x_test.go:3:1: syntax error\n"}},
				ev("output", "", "FAIL\t"+pkg+" [build failed]\n"),
			},
			want: []string{"# example.com/m/internal/provider [", "./x_test.go:3:1: syntax error\n", "FAIL\t" + pkg + " [build failed]\n"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
			var out bytes.Buffer
			p := newPrinter(&out, 30*time.Second, c.now)
			for _, s := range tc.steps {
				switch {
				case s.wait > 0:
					c.advance(s.wait)
					p.tick()
				case s.ev != nil:
					b, err := json.Marshal(s.ev)
					if err != nil {
						t.Fatal(err)
					}
					p.line(b)
				default:
					p.line([]byte(s.raw))
				}
			}
			got := out.String()
			rest := got
			for _, w := range tc.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("the output lacks %q (in this order):\n%s", w, got)
				}
				rest = rest[i+len(w):]
			}
			for _, n := range tc.not {
				if strings.Contains(got, n) {
					t.Errorf("the output holds %q:\n%s", n, got)
				}
			}
		})
	}
}

// TestRunGoTest runs the real go test on testdata/sample: go test's own
// package lines and its exit status come through, and so does the output
// of the failed test, and only of it.
func TestRunGoTest(t *testing.T) {
	t.Parallel()
	cmd := exec.Command("go", "test", "-json", "-count=1", ".")
	cmd.Dir = "testdata/sample"
	var out bytes.Buffer
	code := run(cmd, &out, time.Minute)
	got := out.String()
	if code != 1 {
		t.Errorf("exit status %d, want go test's 1:\n%s", code, got)
	}
	for _, w := range []string{"sample: running tests", "the reason it failed", "--- FAIL: TestFails/sub", "--- FAIL: TestFails", "FAIL\tsample\t"} {
		if !strings.Contains(got, w) {
			t.Errorf("the output lacks %q:\n%s", w, got)
		}
	}
	if strings.Contains(got, "quiet when passing") || strings.Contains(got, "not here") {
		t.Errorf("the output holds a passing or skipped test's log:\n%s", got)
	}
}
