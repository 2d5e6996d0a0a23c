// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"math"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
)

// rawClient opens a new connection per request, so that net/http never
// retries a request on its own after a dropped connection (it does so for
// requests carrying an Idempotency-Key on a reused connection).
var rawClient = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}

type rawResp struct {
	status int
	header http.Header
	raw    []byte
	err    error // a transport error: no answer at all
}

// send is api.do without failing on transport errors.
func (a *api) send(method, path string, body any, hdr ...string) rawResp {
	a.t.Helper()
	var rd io.Reader
	if body != nil {
		j, err := json.Marshal(body)
		if err != nil {
			a.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, a.srv.URL+path, rd)
	if err != nil {
		a.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if a.key != "" {
		req.Header.Set("Authorization", "Bearer "+a.key)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := rawClient.Do(req)
	if err != nil {
		return rawResp{err: err}
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	return rawResp{status: res.StatusCode, header: res.Header, raw: raw, err: err}
}

// statuses sends n GETs one after the other and returns their statuses.
func (a *api) statuses(n int) []int {
	a.t.Helper()
	out := make([]int, n)
	for i := range out {
		r := a.send("GET", "/api/access-roles", nil)
		if r.err != nil {
			a.t.Fatalf("request %d: %v", i, r.err)
		}
		out[i] = r.status
	}
	return out
}

func TestFaultsDeterministic(t *testing.T) {
	t.Parallel()
	faults := apiserver.Faults{Seed: 42, ErrorRate: 0.2, Throttle429Rate: 0.2, Throttle429Burst: 2}
	first := newAPI(t, apiservertest.WithFaults(faults))
	want := first.statuses(120)
	for _, s := range []int{200, 500, 503, 429} {
		if !slices.Contains(want, s) {
			t.Fatalf("status %d never happened: %v", s, want)
		}
	}
	if got := newAPI(t, apiservertest.WithFaults(faults)).statuses(120); !slices.Equal(got, want) {
		t.Errorf("same seed, other sequence:\n got %v\nwant %v", got, want)
	}
	// SetFaults restarts the sequence.
	first.srv.SetFaults(faults)
	if got := first.statuses(120); !slices.Equal(got, want) {
		t.Errorf("after SetFaults, other sequence:\n got %v\nwant %v", got, want)
	}
	faults.Seed = 43
	if got := newAPI(t, apiservertest.WithFaults(faults)).statuses(120); slices.Equal(got, want) {
		t.Errorf("seeds 42 and 43 gave the same sequence %v", got)
	}
}

func TestFaultRates(t *testing.T) {
	t.Parallel()
	const n = 400
	for name, tc := range map[string]struct {
		faults apiserver.Faults
		write  bool     // send PATCHes instead of GETs
		kinds  []string // FaultCounts keys whose sum is the faulted requests
		want   float64  // expected fraction of faulted requests
	}{
		"errors": {
			faults: apiserver.Faults{Seed: 1, ErrorRate: 0.25},
			kinds:  []string{apiserver.FaultServerError, apiserver.FaultUnavailable},
			want:   0.25,
		},
		"only 503s": {
			faults: apiserver.Faults{Seed: 1, ErrorRate: 0.25, ErrorStatus: 503},
			kinds:  []string{apiserver.FaultUnavailable},
			want:   0.25,
		},
		"only 500s": {
			faults: apiserver.Faults{Seed: 1, ErrorRate: 0.25, ErrorStatus: 500},
			kinds:  []string{apiserver.FaultServerError},
			want:   0.25,
		},
		"single 429s": {
			faults: apiserver.Faults{Seed: 2, Throttle429Rate: 0.25},
			kinds:  []string{apiserver.FaultThrottled},
			want:   0.25 / 1.25, // the request after each burst passes
		},
		"429 bursts": {
			faults: apiserver.Faults{Seed: 3, Throttle429Rate: 0.1, Throttle429Burst: 4},
			kinds:  []string{apiserver.FaultThrottled},
			want:   0.4 / 1.4,
		},
		"drops": {
			faults: apiserver.Faults{Seed: 4, DropAfterCommitRate: 0.25},
			write:  true,
			kinds:  []string{apiserver.FaultDropped},
			want:   0.25,
		},
		"500s after commit": {
			faults: apiserver.Faults{Seed: 7, ServerErrorAfterCommitRate: 0.25},
			write:  true,
			kinds:  []string{apiserver.FaultServerErrorAfterCommit},
			want:   0.25,
		},
		"drops and 500s after commit": {
			faults: apiserver.Faults{Seed: 8, DropAfterCommitRate: 0.2, ServerErrorAfterCommitRate: 0.2},
			write:  true,
			kinds:  []string{apiserver.FaultDropped, apiserver.FaultServerErrorAfterCommit},
			want:   0.4,
		},
		"500s after commit spare reads": {
			faults: apiserver.Faults{Seed: 9, ServerErrorAfterCommitRate: 1},
			kinds:  []string{apiserver.FaultServerErrorAfterCommit},
			want:   0,
		},
		"drops spare reads": {
			faults: apiserver.Faults{Seed: 5, DropAfterCommitRate: 1},
			kinds:  []string{apiserver.FaultDropped},
			want:   0,
		},
		"latency": {
			faults: apiserver.Faults{Seed: 6, Latency: time.Microsecond, Jitter: time.Microsecond},
			kinds:  []string{apiserver.FaultLatency},
			want:   1,
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a := newAPI(t)
			cl := a.client()
			a.srv.SetFaults(tc.faults)
			faulted, byStatus := 0, map[int]int{}
			for i := range n {
				var r rawResp
				if tc.write {
					r = a.send("PATCH", path("/api/clients/%d", cl.ID), map[string]any{"company_name": "Name " + itoa(int64(i))})
				} else {
					r = a.send("GET", path("/api/clients/%d", cl.ID), nil)
				}
				byStatus[r.status]++ // 0: no answer
				if r.err != nil || r.status != 200 {
					faulted++
				}
			}
			counts := a.srv.FaultCounts()
			sum := 0
			for _, k := range tc.kinds {
				sum += counts[k]
			}
			if tc.faults.Latency == 0 && sum != faulted {
				t.Errorf("FaultCounts %v, but %d requests failed (by status %v)", counts, faulted, byStatus)
			}
			got := float64(sum) / n
			t.Logf("fraction %.3f, want %.3f (by status %v)", got, tc.want, byStatus)
			if math.Abs(got-tc.want) > 0.07 {
				t.Errorf("fraction %.3f, want %.3f ± 0.07 (counts %v, by status %v)", got, tc.want, counts, byStatus)
			}
			if tc.write {
				// Every PATCH committed, answered or not.
				if got, _ := a.srv.Client(cl.ID); got.CompanyName != "Name "+itoa(n-1) {
					t.Errorf("company name %q after the last PATCH", got.CompanyName)
				}
			}
		})
	}
}

func TestFault429Bursts(t *testing.T) {
	t.Parallel()
	a := newAPI(t, apiservertest.WithFaults(apiserver.Faults{Throttle429Rate: 1, Throttle429Burst: 3, RetryAfter: 1}))
	want := []int{429, 429, 429, 200, 429, 429, 429, 200, 429}
	if got := a.statuses(len(want)); !slices.Equal(got, want) {
		t.Fatalf("statuses %v, want %v", got, want)
	}
	r := a.send("GET", "/api/access-roles", nil)
	if r.status != 429 || !strings.Contains(string(r.raw), `"message":"Too Many Attempts."`) ||
		r.header.Get("Retry-After") != "1" || r.header.Get("X-RateLimit-Remaining") != "0" || r.header.Get("X-RateLimit-Limit") == "" {
		t.Errorf("429: %d %v %s", r.status, r.header, r.raw)
	}
	if got := a.srv.FaultCounts()[apiserver.FaultThrottled]; got != 8 {
		t.Errorf("%d 429s counted, want 8", got)
	}
	a.srv.ClearFaults()
	if got := a.statuses(5); !slices.Equal(got, []int{200, 200, 200, 200, 200}) {
		t.Errorf("after ClearFaults: %v", got)
	}
}

func TestFaultErrorsBeforeActing(t *testing.T) {
	t.Parallel()
	a := newAPI(t, apiservertest.WithFaults(apiserver.Faults{Seed: 9, ErrorRate: 1}))
	before := len(a.srv.Clients())
	seen := map[int]bool{}
	for i := range 20 {
		r := a.send("POST", "/api/clients", map[string]any{"company_name": unique("Faulty ")}, "Idempotency-Key", "k"+itoa(int64(i%2)))
		want := map[int]string{500: `{"message":"Server Error"}`, 503: `{"message":"Service Unavailable"}`}[r.status]
		if want == "" || strings.TrimSpace(string(r.raw)) != want || r.header.Get("X-RateLimit-Remaining") == "" {
			t.Fatalf("got %d %v %s", r.status, r.header, r.raw)
		}
		seen[r.status] = true
	}
	if !seen[500] || !seen[503] {
		t.Errorf("statuses seen %v, want both 500 and 503", seen)
	}
	// Before authentication too.
	if r := a.as("wrong").send("GET", "/api/contacts", nil); r.status < 500 {
		t.Errorf("unknown key: %d, want an injected 5xx", r.status)
	}
	if got := len(a.srv.Clients()); got != before {
		t.Errorf("%d clients created by failed requests", got-before)
	}
	// Nothing was stored for the Idempotency-Keys, and the switch works.
	a.srv.ClearFaults()
	r := a.send("POST", "/api/clients", map[string]any{"company_name": unique("Working ")}, "Idempotency-Key", "k0")
	if r.status != 201 || r.header.Get("Idempotent-Replayed") != "" {
		t.Errorf("after ClearFaults: %d %v %s", r.status, r.header, r.raw)
	}
}

func TestFaultDropAfterCommit(t *testing.T) {
	t.Parallel()
	var logBuf syncBuffer
	a := newAPI(t, apiservertest.WithLogger(slog.New(slog.NewTextHandler(&logBuf, nil))))
	cl := a.client()
	a.srv.SetFaults(apiserver.Faults{DropAfterCommitRate: 1})
	email := unique("dropped") + "@acme.example"
	body := map[string]any{"first_name": "Drop", "last_name": "Ped", "email": email, "clientid": cl.ID}

	r := a.send("POST", "/api/contacts", body, "Idempotency-Key", "drop-1")
	if r.err == nil {
		t.Fatalf("got an answer %d %s, want a broken connection", r.status, r.raw)
	}
	created, ok := a.srv.ContactByEmail(email)
	if !ok {
		t.Fatal("the dropped POST did not commit")
	}
	contacts := len(a.srv.Contacts())

	// The retry replays the committed answer, even with drops still on.
	r = a.send("POST", "/api/contacts", body, "Idempotency-Key", "drop-1")
	if r.err != nil || r.status != 201 || r.header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("retry: %v %d %v %s", r.err, r.status, r.header, r.raw)
	}
	var env struct {
		Data    apiserver.Contact `json:"data"`
		Message string            `json:"message"`
	}
	if err := json.Unmarshal(r.raw, &env); err != nil {
		t.Fatal(err)
	}
	if env.Data.ID != created.ID || env.Data.Email != email || env.Message != "Contact created successfully." {
		t.Errorf("replayed %s, want contact %d", r.raw, created.ID)
	}
	if got := len(a.srv.Contacts()); got != contacts {
		t.Errorf("the retry created %d contacts", got-contacts)
	}

	// Failed writes are answered: nothing was committed.
	if r := a.send("POST", "/api/contacts", body); r.err != nil || r.status != 422 {
		t.Errorf("duplicate POST: %v %d %s", r.err, r.status, r.raw)
	}
	// Writes without a key are dropped too, after committing.
	if r := a.send("PATCH", path("/api/contacts/%d", created.ID), map[string]any{"first_name": "Changed", "last_name": "Ped", "email": email}); r.err == nil {
		t.Errorf("PATCH answered %d, want a broken connection", r.status)
	}
	if got, _ := a.srv.Contact(created.ID); got.FirstName != "Changed" {
		t.Errorf("dropped PATCH did not commit: %q", got.FirstName)
	}
	if got := a.srv.FaultCounts()[apiserver.FaultDropped]; got != 2 {
		t.Errorf("%d drops counted, want 2", got)
	}

	a.srv.ClearFaults()
	if r := a.send("DELETE", path("/api/contacts/%d", created.ID), nil); r.err != nil || r.status != 200 {
		t.Errorf("after ClearFaults: %v %d", r.err, r.status)
	}
	if log := logBuf.String(); !strings.Contains(log, `route="POST /api/contacts" status=201 `) || !strings.Contains(log, "fault=drop-after-commit") {
		t.Errorf("log does not show the committed status and the drop:\n%s", log)
	}
}

// TestFaultServerErrorAfterCommit pins the fault of a server that fails
// after committing: the write is done, the answer is a 500, and a retry
// with the same Idempotency-Key learns the real outcome.
func TestFaultServerErrorAfterCommit(t *testing.T) {
	t.Parallel()
	var logBuf syncBuffer
	a := newAPI(t, apiservertest.WithLogger(slog.New(slog.NewTextHandler(&logBuf, nil))))
	cl := a.client()
	a.srv.SetFaults(apiserver.Faults{ServerErrorAfterCommitRate: 1})
	email := unique("after500") + "@acme.example"
	body := map[string]any{"first_name": "Five", "last_name": "Hundred", "email": email, "clientid": cl.ID}

	r := a.send("POST", "/api/contacts", body, "Idempotency-Key", "after-500-1")
	if r.err != nil || r.status != 500 || string(r.raw) != `{"message":"Server Error"}`+"\n" {
		t.Fatalf("got %v %d %s, want 500 Server Error", r.err, r.status, r.raw)
	}
	if r.header.Get("X-RateLimit-Limit") == "" || r.header.Get("Idempotent-Replayed") != "" {
		t.Errorf("headers %v", r.header)
	}
	created, ok := a.srv.ContactByEmail(email)
	if !ok {
		t.Fatal("the POST answered 500 did not commit")
	}
	contacts := len(a.srv.Contacts())

	// The retry replays the committed answer, even with the fault still on.
	r = a.send("POST", "/api/contacts", body, "Idempotency-Key", "after-500-1")
	if r.err != nil || r.status != 201 || r.header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("retry: %v %d %v %s", r.err, r.status, r.header, r.raw)
	}
	if got := data[apiserver.Contact](t, resp{raw: r.raw}); got.ID != created.ID || got.Email != email {
		t.Errorf("replayed %s, want contact %d", r.raw, created.ID)
	}
	if got := len(a.srv.Contacts()); got != contacts {
		t.Errorf("the retry created %d contacts", got-contacts)
	}
	// Failed writes are answered as they are: nothing was committed.
	if r := a.send("POST", "/api/contacts", body); r.err != nil || r.status != 422 {
		t.Errorf("duplicate POST: %v %d %s", r.err, r.status, r.raw)
	}
	// Writes without a key commit and answer 500 too.
	if r := a.send("PATCH", path("/api/contacts/%d", created.ID), map[string]any{"first_name": "Changed", "last_name": "Hundred", "email": email}); r.status != 500 {
		t.Errorf("PATCH answered %v %d, want 500", r.err, r.status)
	}
	if got, _ := a.srv.Contact(created.ID); got.FirstName != "Changed" {
		t.Errorf("PATCH answered 500 did not commit: %q", got.FirstName)
	}
	if got := a.srv.FaultCounts()[apiserver.FaultServerErrorAfterCommit]; got != 2 {
		t.Errorf("%d faults counted, want 2", got)
	}
	a.srv.ClearFaults()
	if r := a.send("DELETE", path("/api/contacts/%d", created.ID), nil); r.err != nil || r.status != 200 {
		t.Errorf("after ClearFaults: %v %d", r.err, r.status)
	}
	if log := logBuf.String(); !strings.Contains(log, `route="POST /api/contacts" status=500 `) || !strings.Contains(log, "fault=500-after-commit") {
		t.Errorf("log does not show the 500 and the fault:\n%s", log)
	}
}

func TestFaultFilters(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	c := a.fresh()
	a.portalUser(map[string]any{"contact_id": c.ID, "password": "secret123"})
	login := func() int {
		return a.as("").send("POST", "/api/portal/login", map[string]any{"username": c.Email, "password": "secret123"}).status
	}

	a.srv.SetFaults(apiserver.Faults{ErrorRate: 1})
	if got := login(); got != 200 {
		t.Errorf("login under faults for every route: %d, want 200", got)
	}
	a.srv.SetFaults(apiserver.Faults{ErrorRate: 1, Routes: []string{"POST /api/portal/login"}})
	if got := login(); got < 500 {
		t.Errorf("login named in Routes: %d, want 5xx", got)
	}
	if got := a.send("GET", "/api/access-roles", nil).status; got != 200 {
		t.Errorf("route not in Routes: %d", got)
	}
	a.srv.SetFaults(apiserver.Faults{ErrorRate: 1, Methods: []string{"post"}})
	if got := a.send("GET", "/api/access-roles", nil).status; got != 200 {
		t.Errorf("GET with Methods [post]: %d", got)
	}
	if got := a.send("POST", "/api/clients", map[string]any{"company_name": unique("F ")}).status; got < 500 {
		t.Errorf("POST with Methods [post]: %d", got)
	}
	// Unknown routes are never faulted.
	if got := a.send("GET", "/api/nothing", nil).status; got != 404 {
		t.Errorf("unknown route: %d", got)
	}
}

func TestFaultLatency(t *testing.T) {
	t.Parallel()
	var logBuf syncBuffer
	a := newAPI(t, apiservertest.WithLogger(slog.New(slog.NewTextHandler(&logBuf, nil))),
		apiservertest.WithFaults(apiserver.Faults{Latency: 30 * time.Millisecond, Jitter: 10 * time.Millisecond}))
	start := time.Now()
	a.statuses(3)
	if d := time.Since(start); d < 90*time.Millisecond {
		t.Errorf("3 requests took %v, want at least 90ms", d)
	}
	// A client that gives up during the delay is noticed, even with a body,
	// and its request is not acted on.
	a.srv.SetFaults(apiserver.Faults{Latency: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "POST", a.srv.URL+"/api/clients", strings.NewReader(`{"company_name":"Slow Co"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+a.srv.WriteKey)
	if res, err := rawClient.Do(req); err == nil {
		res.Body.Close()
		t.Fatalf("answered %d within the latency", res.StatusCode)
	}
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(logBuf.String(), "status=499"); {
		if time.Now().After(deadline) {
			t.Fatalf("the server did not notice the client leaving:\n%s", logBuf.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	for _, cl := range a.srv.Clients() {
		if cl.CompanyName == "Slow Co" {
			t.Error("a request abandoned during latency was served")
		}
	}
}

func TestFaultsSwitchConcurrently(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	stop := make(chan struct{})
	var toggler sync.WaitGroup
	toggler.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if i%2 == 0 {
				a.srv.SetFaults(apiserver.Faults{Seed: int64(i), ErrorRate: 0.5})
			} else {
				a.srv.ClearFaults()
			}
			_ = a.srv.FaultCounts()
		}
	})
	var clients sync.WaitGroup
	for range 4 {
		clients.Go(func() {
			for range 25 {
				r := a.send("GET", "/api/access-roles", nil)
				if r.err != nil || (r.status != 200 && r.status != 500 && r.status != 503) {
					t.Errorf("got %v %d", r.err, r.status)
				}
			}
		})
	}
	clients.Wait()
	close(stop)
	toggler.Wait()
}

func TestFaultsValidate(t *testing.T) {
	t.Parallel()
	for name, f := range map[string]apiserver.Faults{
		"rate above 1":               {ErrorRate: 1.5},
		"negative rate":              {Throttle429Rate: -0.1},
		"NaN rate":                   {DropAfterCommitRate: math.NaN()},
		"negative latency":           {Latency: -time.Second},
		"negative burst":             {Throttle429Burst: -1},
		"unknown route":              {Routes: []string{"GET /api/nothing"}},
		"error status 502":           {ErrorRate: 0.1, ErrorStatus: 502},
		"500 after commit above 1":   {ServerErrorAfterCommitRate: 1.1},
		"after-commit rates above 1": {DropAfterCommitRate: 0.6, ServerErrorAfterCommitRate: 0.5},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if err := f.Validate(); err == nil {
				t.Fatal("Validate accepted it")
			}
			if _, err := apiserver.New(apiserver.Config{Faults: f}); err == nil {
				t.Error("New accepted it")
			}
			srv := apiservertest.New(t)
			defer func() {
				if recover() == nil {
					t.Error("SetFaults accepted it")
				}
			}()
			srv.SetFaults(f)
		})
	}
}
