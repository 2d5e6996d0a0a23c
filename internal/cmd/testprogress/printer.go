// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action     string
	Package    string
	Test       string
	Output     string
	ImportPath string // build-output
}

// printer turns go test's JSON events into lines for a person.
type printer struct {
	out   io.Writer
	every time.Duration
	now   func() time.Time

	mu        sync.Mutex
	lastPrint time.Time
	pkgs      map[string]*pkgState
	order     []string // packages in the order they started running tests
}

// pkgState is what is known of one package's run.
type pkgState struct {
	started                 time.Time
	passed, failed, skipped int // top-level tests
	// running holds each top-level test that runs (not paused), with the
	// time it started or continued.
	running map[string]time.Time
	// logs holds the output of each unfinished top-level test and its
	// subtests, printed only if it fails.
	logs    map[string]*bytes.Buffer
	logSeen []string // tests in logs, in the order they started
	done    bool
}

func newPrinter(out io.Writer, every time.Duration, now func() time.Time) *printer {
	return &printer{out: out, every: every, now: now, lastPrint: now(), pkgs: map[string]*pkgState{}}
}

// read handles every line of r until it ends.
func (p *printer) read(r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for sc.Scan() {
		p.line(sc.Bytes())
	}
}

// line handles one line of go test's output.
func (p *printer) line(b []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var e event
	if len(b) == 0 || b[0] != '{' || json.Unmarshal(b, &e) != nil {
		// Not an event (go vet's or the linker's words): as it came.
		p.print(string(b) + "\n")
		return
	}
	switch {
	case e.Action == "build-output":
		p.print(e.Output)
	case e.Test == "" && e.Action == "output":
		// The package's own lines: TestMain's, "ok", "FAIL", "PASS".
		p.print(e.Output)
	case e.Test == "":
		p.packageAction(e)
	default:
		p.testEvent(e)
	}
}

func (p *printer) pkg(name string) *pkgState {
	s, ok := p.pkgs[name]
	if !ok {
		s = &pkgState{running: map[string]time.Time{}, logs: map[string]*bytes.Buffer{}}
		p.pkgs[name] = s
	}
	return s
}

func (p *printer) packageAction(e event) {
	if e.Action != "pass" && e.Action != "fail" && e.Action != "skip" {
		return
	}
	s := p.pkg(e.Package)
	s.done = true
	// Tests that never ended (a timeout, a panic): their output says why.
	for _, name := range s.logSeen {
		if buf, ok := s.logs[name]; ok {
			p.print(fmt.Sprintf("    %s did not finish; its output:\n", name))
			p.print(buf.String())
		}
	}
	s.logs, s.logSeen = nil, nil
}

func (p *printer) testEvent(e event) {
	s := p.pkg(e.Package)
	top, _, sub := strings.Cut(e.Test, "/")
	if s.logs != nil && (e.Action == "output" || e.Action == "run") {
		buf, ok := s.logs[top]
		if !ok {
			buf = &bytes.Buffer{}
			s.logs[top] = buf
			s.logSeen = append(s.logSeen, top)
		}
		buf.WriteString(e.Output)
	}
	if sub {
		return
	}
	now := p.now()
	switch e.Action {
	case "run":
		if s.started.IsZero() {
			s.started = now
			p.order = append(p.order, e.Package)
			p.print(fmt.Sprintf("    %s: running tests\n", e.Package))
		}
		s.running[top] = now
	case "cont":
		s.running[top] = now
	case "pause":
		delete(s.running, top)
	case "pass", "skip", "fail":
		delete(s.running, top)
		switch e.Action {
		case "pass":
			s.passed++
		case "skip":
			s.skipped++
		case "fail":
			s.failed++
			if buf, ok := s.logs[top]; ok {
				p.print(buf.String())
			}
		}
		delete(s.logs, top)
		s.logSeen = slices.DeleteFunc(s.logSeen, func(n string) bool { return n == top })
	}
}

// tick prints a progress line for every package still running tests when
// nothing was printed for p.every.
func (p *printer) tick() {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if now.Sub(p.lastPrint) < p.every {
		return
	}
	var lines []string
	for _, name := range p.order {
		s := p.pkgs[name]
		if s.done {
			continue
		}
		lines = append(lines, fmt.Sprintf("    … %s: %s after %s%s\n", name, counts(s), roundTime(now.Sub(s.started)), running(s, now)))
	}
	if len(lines) == 0 {
		return
	}
	p.print(strings.Join(lines, ""))
}

// tickEvery calls tick every d until the returned function is called.
func (p *printer) tickEvery(d time.Duration) (stop func()) {
	t := time.NewTicker(d)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-t.C:
				p.tick()
			case <-done:
				return
			}
		}
	})
	return func() {
		t.Stop()
		close(done)
		wg.Wait()
	}
}

func (p *printer) print(s string) {
	if s == "" {
		return
	}
	// Nothing to do about a closed stdout but go on, so go test still
	// runs to its end and its exit status is kept.
	_, _ = io.WriteString(p.out, s)
	p.lastPrint = p.now()
}

func counts(s *pkgState) string {
	c := fmt.Sprintf("%d passed", s.passed)
	if s.failed > 0 {
		c += fmt.Sprintf(", %d failed", s.failed)
	}
	if s.skipped > 0 {
		c += fmt.Sprintf(", %d skipped", s.skipped)
	}
	return c
}

// running names the longest-running tests, the ones a stall shows in.
func running(s *pkgState, now time.Time) string {
	if len(s.running) == 0 {
		return ""
	}
	names := make([]string, 0, len(s.running))
	for n := range s.running {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int {
		if c := s.running[a].Compare(s.running[b]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	const shown = 3
	parts := make([]string, 0, shown)
	for _, n := range names[:min(shown, len(names))] {
		parts = append(parts, fmt.Sprintf("%s %s", n, roundTime(now.Sub(s.running[n]))))
	}
	more := ""
	if len(names) > shown {
		more = fmt.Sprintf(" and %d more", len(names)-shown)
	}
	return "; running " + strings.Join(parts, ", ") + more
}

func roundTime(d time.Duration) time.Duration { return d.Round(time.Second) }
