// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// TestWaitNotices: a wait for the rate limit longer than noticeAfter, or
// one max_wait cut, becomes one warning per cause, naming the request, the
// wait and its cause; short waits say nothing; each warning is handed out
// once.
func TestWaitNotices(t *testing.T) {
	t.Parallel()
	const limit = 30 * time.Second
	tooMany := func(d, asked time.Duration) client.Wait {
		return client.Wait{Cause: client.WaitTooManyRequests, Method: "GET", Path: "/api/contacts/7", Duration: d, Asked: asked, Cap: limit}
	}
	low := func(d, asked time.Duration) client.Wait {
		return client.Wait{Cause: client.WaitRateLimitLow, Method: "GET", Path: "/api/contacts", Duration: d, Asked: asked, Cap: limit, Limit: 60, Remaining: 0}
	}
	tests := map[string]struct {
		waits []client.Wait
		// want holds what each warning says, in order.
		want [][]string
	}{
		"short waits: nothing": {
			waits: []client.Wait{tooMany(time.Second, time.Second), low(2*time.Second, 2*time.Second)},
		},
		"a long 429 wait": {
			waits: []client.Wait{tooMany(8*time.Second, 8*time.Second)},
			want:  [][]string{{"GET /api/contacts/7", "429 Too Many Attempts", "waited 8s", "max_retries", "max_wait (30s)"}},
		},
		"a Retry-After the cap cut": {
			waits: []client.Wait{tooMany(limit, 999999*time.Second)},
			want:  [][]string{{"asked for a wait of 277h46m39s (Retry-After)", "waited 30s"}},
		},
		"a Retry-After past a year": {
			waits: []client.Wait{tooMany(limit, client.LongestHeaderWait)},
			want:  [][]string{{"asked for a wait of a year or more (Retry-After)"}},
		},
		"a short wait the cap cut": {
			waits: []client.Wait{{Cause: client.WaitRateLimitLow, Method: "GET", Path: "/api/contacts", Duration: time.Second, Asked: 59983 * time.Millisecond, Cap: time.Second, Limit: 60}},
			want:  [][]string{{"0 of its 60 requests", "X-RateLimit-Remaining", "waited 1s of the 1m0s it estimated", "before GET /api/contacts", "max_wait (1s)"}},
		},
		"many waits, two causes: two warnings": {
			waits: []client.Wait{
				low(limit, time.Minute), tooMany(limit, time.Hour), low(limit, time.Minute), tooMany(20*time.Second, 20*time.Second),
			},
			want: [][]string{{"X-RateLimit-Remaining"}, {"429 Too Many Attempts"}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			n := newWaitNotices()
			for _, w := range tc.waits {
				n.heard(context.Background(), w)
			}
			got := n.take()
			if len(got) != len(tc.want) {
				t.Fatalf("%d warnings, want %d: %v", len(got), len(tc.want), got)
			}
			for i, d := range got {
				if d.Severity != tfprotov6.DiagnosticSeverityWarning || d.Summary != "Waiting for the Contacts API Rate Limit" {
					t.Errorf("warning %d: %v %q", i, d.Severity, d.Summary)
				}
				for _, w := range tc.want[i] {
					if !strings.Contains(d.Detail, w) {
						t.Errorf("warning %d does not say %q:\n%s", i, w, d.Detail)
					}
				}
			}
			if again := n.take(); len(again) != 0 {
				t.Errorf("handed out again: %v", again)
			}
		})
	}
}

func TestMaxWaitSetting(t *testing.T) {
	tests := map[string]struct {
		attr    types.String
		env     string
		want    time.Duration
		wantErr bool
	}{
		"unset: the default":       {attr: types.StringNull(), want: client.DefaultMaxRetryWait},
		"attribute":                {attr: types.StringValue("1s"), want: time.Second},
		"environment":              {attr: types.StringNull(), env: "250ms", want: 250 * time.Millisecond},
		"attribute over env":       {attr: types.StringValue("2s"), env: "5s", want: 2 * time.Second},
		"environment not duration": {attr: types.StringNull(), env: "soon", wantErr: true},
		"environment zero":         {attr: types.StringNull(), env: "0s", wantErr: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Setenv(envMaxWait, tc.env)
			var diags diag.Diagnostics
			got := maxWaitSetting(providerModel{MaxWait: tc.attr}, &diags)
			if diags.HasError() != tc.wantErr {
				t.Fatalf("errors %v, want an error: %v", diags, tc.wantErr)
			}
			if !tc.wantErr && got != tc.want {
				t.Errorf("max_wait = %s, want %s", got, tc.want)
			}
			if tc.wantErr && !strings.Contains(diags.Errors()[0].Detail(), envMaxWait) {
				t.Errorf("the error does not name %s: %v", envMaxWait, diags)
			}
		})
	}
}
