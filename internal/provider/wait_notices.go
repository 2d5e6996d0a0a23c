// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// noticeAfter is how long a wait for the rate limit may be before the
// provider says why it is slow: a user watching a silent plan for long
// kills it. A wait that max_wait cut is always said, however short.
const noticeAfter = 5 * time.Second

// waitNotices turns the client's long waits for the API's rate limit into
// warnings, one per cause per provider process (one Terraform command),
// and hands them to the next answers to Terraform: Terraform shows a
// provider's diagnostics and nothing of its logs unless TF_LOG is set.
type waitNotices struct {
	mu      sync.Mutex
	said    map[client.WaitCause]bool
	pending []*tfprotov6.Diagnostic
}

func newWaitNotices() *waitNotices {
	return &waitNotices{said: map[client.WaitCause]bool{}}
}

// heard is the client's Config.OnWait.
func (n *waitNotices) heard(_ context.Context, w client.Wait) {
	if w.Duration < noticeAfter && !w.Cut() {
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.said[w.Cause] {
		return
	}
	n.said[w.Cause] = true
	n.pending = append(n.pending, &tfprotov6.Diagnostic{
		Severity: tfprotov6.DiagnosticSeverityWarning,
		Summary:  "Waiting for the Contacts API Rate Limit",
		Detail:   waitDetail(w),
	})
}

// take returns the warnings not yet handed out, and forgets them.
func (n *waitNotices) take() []*tfprotov6.Diagnostic {
	if n == nil {
		return nil
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	out := n.pending
	n.pending = nil
	return out
}

// waitDetail says what waited, how long, and why.
func waitDetail(w client.Wait) string {
	call := w.Method + " " + w.Path
	var why string
	switch w.Cause {
	case client.WaitTooManyRequests:
		why = fmt.Sprintf("The Contacts API answered %s with 429 Too Many Attempts", call)
		if w.Cut() {
			why += fmt.Sprintf(" and asked for a wait of %s (Retry-After)", askedWait(w.Asked))
		}
		why += fmt.Sprintf(", so the provider waited %s before sending it again, and does so for each 429 up to max_retries times.", roundWait(w.Duration))
	default:
		why = fmt.Sprintf("The Contacts API reported %d of its %d requests left in its rate-limit window (X-RateLimit-Remaining), so the provider waited %s", w.Remaining, w.Limit, roundWait(w.Duration))
		if w.Cut() {
			why += fmt.Sprintf(" of the %s it estimated the window still had", askedWait(w.Asked))
		}
		why += fmt.Sprintf(" before %s, and spreads its requests over the rest of the window while so few are left.", call)
	}
	return fmt.Sprintf("%s No single wait is longer than max_wait (%s). This is said once per cause; later waits are not reported. "+
		"If other pipelines share the API key, they spend the same limit: lower Terraform's -parallelism, or set max_requests_per_second below the server's limit.",
		why, w.Cap)
}

// askedWait prints a wait a server asked for; the client reads any longer
// one as client.LongestHeaderWait.
func askedWait(d time.Duration) string {
	if d >= client.LongestHeaderWait {
		return "a year or more"
	}
	return roundWait(d).String()
}

// roundWait drops the digits of a wait that mean nothing to a reader.
func roundWait(d time.Duration) time.Duration {
	if d < time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(time.Second)
}
