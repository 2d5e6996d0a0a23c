// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver

import (
	"context"
	"testing"
	"time"
)

// TestIdempotencyWhatIsReplayed pins which answers a repeat of a key gets
// replayed: every answer below 500, and an answer recorded at commit
// whatever was then sent (a save that failed after the change); a 5xx
// that committed nothing is not replayed, so the retry acts afresh.
func TestIdempotencyWhatIsReplayed(t *testing.T) {
	t.Parallel()
	type testCase struct {
		// committed is the answer recorded at commit (0: none).
		committed int
		// sent is what the first request answered.
		sent int
		// replayed is what the repeat gets replayed (0: it acts again).
		replayed int
	}
	tests := map[string]testCase{
		"created":                      {sent: 201, replayed: 201},
		"accepted":                     {sent: 202, replayed: 202},
		"refused":                      {sent: 422, replayed: 422},
		"conflict":                     {sent: 409, replayed: 409},
		"server error":                 {sent: 500, replayed: 0},
		"unavailable":                  {sent: 503, replayed: 0},
		"committed":                    {committed: 201, sent: 201, replayed: 201},
		"committed, then a save error": {committed: 201, sent: 500, replayed: 201},
		"committed, then unavailable":  {committed: 202, sent: 503, replayed: 202},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			i := newIdempotency(time.Hour)
			scope := idemScope{caller: "c", method: "POST", path: "/api/clients", key: "k"}
			now := time.Date(2026, 6, 15, 9, 30, 0, 0, time.UTC)
			runs := 0
			first := i.do(context.Background(), scope, [32]byte{1}, now, func(commit func(int, []byte)) (int, []byte) {
				runs++
				if tc.committed != 0 {
					commit(tc.committed, []byte("committed"))
				}
				return tc.sent, []byte("sent")
			})
			if first.status != tc.sent || first.replayed {
				t.Fatalf("first answer %+v, want %d not replayed", first, tc.sent)
			}
			again := i.do(context.Background(), scope, [32]byte{1}, now.Add(time.Minute), func(func(int, []byte)) (int, []byte) {
				runs++
				return 299, []byte("afresh")
			})
			switch {
			case tc.replayed == 0 && (again.replayed || again.status != 299 || runs != 2):
				t.Errorf("repeat %+v after %d runs; want it to act afresh", again, runs)
			case tc.replayed != 0 && (!again.replayed || again.status != tc.replayed || runs != 1):
				t.Errorf("repeat %+v after %d runs; want %d replayed", again, runs, tc.replayed)
			case tc.committed != 0 && string(again.body) != "committed":
				t.Errorf("replayed %q, want the answer recorded at commit", again.body)
			}
		})
	}
}
