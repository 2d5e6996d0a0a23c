// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client_test

import (
	"testing"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// TestContractKeyCanWrite: the scope check tells the local server's keys
// apart, with one request each, and creates nothing.
func TestContractKeyCanWrite(t *testing.T) {
	t.Parallel()
	c := newContract(t)
	before := len(c.srv.Clients())
	tests := map[string]struct {
		key  *client.Client
		want bool
	}{
		"write key": {key: c.w, want: true},
		"read key":  {key: c.r, want: false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := tc.key.KeyCanWrite(c.ctx)
			if err != nil {
				t.Fatalf("KeyCanWrite: %v", err)
			}
			if got != tc.want {
				t.Errorf("KeyCanWrite = %v, want %v", got, tc.want)
			}
		})
	}
	if after := len(c.srv.Clients()); after != before {
		t.Errorf("the scope checks created clients: %d before, %d after", before, after)
	}
	if n := c.srv.RequestCounts()["POST /api/clients"]; n != len(tests) {
		t.Errorf("%d scope check requests for %d keys", n, len(tests))
	}
}
