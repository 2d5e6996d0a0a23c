// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"context"
	"maps"
	"testing"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
	"golang.org/x/crypto/bcrypt"
)

// TestAPIServerCountsScopeChecksApart: the provider's scope check is on the
// route of a client create; the step's counts keep it apart, so the
// per-object targets see only the real creates.
func TestAPIServerCountsScopeChecksApart(t *testing.T) {
	t.Parallel()
	srv, err := startAPIServer(unlimited, bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.close)
	c, err := client.New(client.Config{Endpoint: srv.URL, APIKey: srv.Key})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.CreateClient(ctx, client.ClientCreateRequest{CompanyName: "Counted Co"}); err != nil {
		t.Fatal(err)
	}
	if ok, err := c.KeyCanWrite(ctx); err != nil || !ok {
		t.Fatalf("KeyCanWrite = %v, %v", ok, err)
	}
	got := srv.take().Routes
	want := map[string]int{routeCreateClient: 1, routeScopeCheck: 1}
	if !maps.Equal(got, want) {
		t.Errorf("routes %v, want %v", got, want)
	}
	if perObject, _ := withoutEndpointChecks(got); !maps.Equal(perObject, map[string]int{routeCreateClient: 1}) {
		t.Errorf("without the checks: %v, want the create alone", perObject)
	}
	if _, err := c.KeyCanWrite(ctx); err != nil {
		t.Fatal(err)
	}
	if got := srv.take().Routes; !maps.Equal(got, map[string]int{routeScopeCheck: 1}) {
		t.Errorf("a step with only the scope check: routes %v", got)
	}
}
