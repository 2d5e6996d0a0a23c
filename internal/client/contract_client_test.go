// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// retryingClient retries quickly, as the provider's client does slowly.
func retryingClient(t *testing.T, srv *apiservertest.Server) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{Endpoint: srv.URL, APIKey: srv.WriteKey, MaxRetries: 3, MaxRetryWait: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestContractRetriedDeleteSucceeds: the server deletes, the answer is
// lost, and the retry meets the object's own 404. The delete succeeded.
func TestContractRetriedDeleteSucceeds(t *testing.T) {
	t.Parallel()
	c := newContract(t)
	cl := c.mkClient()
	ct := c.mkContact(cl.ID)
	pu, _ := c.mkPortalUser()
	c.srv.SetFaults(apiserver.Faults{Seed: 1, DropAfterCommitRate: 1, Methods: []string{"DELETE"}})
	cc := retryingClient(t, c.srv)
	ctx := context.Background()
	if err := cc.DeletePortalUser(ctx, pu.ID); err != nil {
		t.Errorf("DeletePortalUser after a lost answer: %v", err)
	}
	if err := cc.DeleteContact(ctx, ct.ID); err != nil {
		t.Errorf("DeleteContact after a lost answer: %v", err)
	}
	if err := cc.DeleteClient(ctx, cl.ID); err != nil {
		t.Errorf("DeleteClient after a lost answer: %v", err)
	}
	if got := c.srv.FaultCounts()[apiserver.FaultDropped]; got != 3 {
		t.Errorf("%d answers dropped, want 3", got)
	}
	if got, ok := c.srv.Contact(ct.ID); !ok || got.Status != "deleted" {
		t.Errorf("contact = %+v, want it deleted", got)
	}
	// A delete whose first answer is the 404 still reports it.
	c.srv.ClearFaults()
	if err := cc.DeleteContact(ctx, ct.ID); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("deleting a deleted contact = %v, want ErrNotFound", err)
	}
}

// TestContractCallerIdempotencyKey: a create repeated with the caller's key
// is answered from the server's record, proving the object is the first
// call's, and nothing is created twice.
func TestContractCallerIdempotencyKey(t *testing.T) {
	t.Parallel()
	c := newContract(t)
	ctx := client.WithIdempotencyKey(context.Background(), client.NewIdempotencyKey())
	first, err := c.w.CreateClient(ctx, client.ClientCreateRequest{CompanyName: "Replayed Inc"})
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.w.CreateClient(ctx, client.ClientCreateRequest{CompanyName: "Replayed Inc"})
	if err != nil {
		t.Fatalf("the repeated create: %v (want the first answer replayed)", err)
	}
	if again.ID != first.ID {
		t.Errorf("the repeat answered id %d, the first %d", again.ID, first.ID)
	}
	if n := len(c.srv.Clients()); n != 2 { // the staff fixture's and ours
		t.Errorf("%d clients, want 2", n)
	}
}

// TestContractCheckEndpoint runs the probe against the real server.
func TestContractCheckEndpoint(t *testing.T) {
	t.Parallel()
	c := newContract(t)
	tests := map[string]struct {
		endpoint, key string
		want          error
	}{
		"write key":     {endpoint: c.srv.URL, key: c.srv.WriteKey},
		"read key":      {endpoint: c.srv.URL, key: c.srv.ReadKey},
		"unknown key":   {endpoint: c.srv.URL, key: "nope", want: client.ErrUnauthorized},
		"endpoint /api": {endpoint: c.srv.URL + "/api", key: c.srv.WriteKey, want: client.ErrWrongEndpoint},
		"a path prefix": {endpoint: c.srv.URL + "/crm", key: c.srv.WriteKey, want: client.ErrWrongEndpoint},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := apiClient(t, tc.endpoint, tc.key).CheckEndpoint(context.Background())
			if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("CheckEndpoint = %v, want %v", err, tc.want)
			}
			if tc.want == client.ErrWrongEndpoint && errors.Is(err, client.ErrNotFound) {
				t.Errorf("CheckEndpoint = %v, which must not look like a missing object", err)
			}
		})
	}
}

// TestContractUnknownRouteIsNotAMissingObject: a wrong endpoint makes every
// read 404, which must never read as "the object is gone".
func TestContractUnknownRouteIsNotAMissingObject(t *testing.T) {
	t.Parallel()
	c := newContract(t)
	ct := c.mkContact(c.mkClient().ID)
	for name, endpoint := range map[string]string{"endpoint /api": c.srv.URL + "/api", "a path prefix": c.srv.URL + "/crm"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := apiClient(t, endpoint, c.srv.WriteKey).GetContact(context.Background(), ct.ID)
			if !errors.Is(err, client.ErrWrongEndpoint) || errors.Is(err, client.ErrNotFound) {
				t.Errorf("GetContact = %v, want ErrWrongEndpoint and not ErrNotFound", err)
			}
		})
	}
	if _, err := c.w.GetContact(context.Background(), ct.ID+1000); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("GetContact of an unknown id = %v, want ErrNotFound", err)
	}
}
