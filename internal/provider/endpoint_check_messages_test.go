// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// TestCheckEndpoint_messages pins the one error the endpoint check gives
// for each way the first request can fail: its summary, the provider
// setting it is attached to, and what its detail tells the user.
func TestCheckEndpoint_messages(t *testing.T) {
	t.Parallel()
	answer := func(status int, header map[string]string, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			for k, v := range header {
				w.Header().Set(k, v)
			}
			w.WriteHeader(status)
			_, _ = io.WriteString(w, body)
		}
	}
	const jsonType = "application/json"
	tests := map[string]struct {
		// handler answers the check; nil is a host that refuses connections.
		handler http.HandlerFunc
		// wantSummary is the one error's summary; empty for no error.
		wantSummary string
		wantPath    path.Path
		wantDetail  []string
	}{
		"redirect to another host": {
			handler:     answer(http.StatusTemporaryRedirect, map[string]string{"Location": "https://elsewhere.example/crm/api/access-roles"}, ""),
			wantSummary: "Contacts API Endpoint Redirects", wantPath: path.Root("endpoint"),
			wantDetail: []string{"GET /api/access-roles: 307 Temporary Redirect to https://elsewhere.example/crm/api/access-roles",
				`set endpoint to "https://elsewhere.example/crm"`, "The provider follows no redirect, since its requests carry the API key and passwords.",
				"Set endpoint (or CONTACTS_ENDPOINT) to the address the API really answers on.", "Nothing was read or changed."},
		},
		"redirect without a Location": {
			handler:     answer(http.StatusMovedPermanently, nil, ""),
			wantSummary: "Contacts API Endpoint Redirects", wantPath: path.Root("endpoint"),
			wantDetail: []string{"GET /api/access-roles: 301 Moved Permanently without a Location", "follows no redirect", "Set endpoint (or CONTACTS_ENDPOINT)"},
		},
		"key refused": {
			handler:     answer(http.StatusUnauthorized, map[string]string{"Content-Type": jsonType}, `{"message":"Unauthenticated."}`),
			wantSummary: "Contacts API Key Not Accepted", wantPath: path.Root("api_key"),
			wantDetail: []string{"did not accept the API key (401)", "Check api_key in the provider block or the CONTACTS_API_KEY environment variable.", "Nothing was read or changed."},
		},
		"not the Contacts API": {
			handler:     answer(http.StatusOK, map[string]string{"Content-Type": "text/html"}, "<html><body>Welcome</body></html>"),
			wantSummary: "Contacts API Not Found at Endpoint", wantPath: path.Root("endpoint"),
			wantDetail: []string{"did not come from the Contacts API", "Check endpoint in the provider block or CONTACTS_ENDPOINT", "Nothing was read or changed."},
		},
		"unreachable": {
			wantSummary: "Contacts API Unreachable", wantPath: path.Root("endpoint"),
			wantDetail: []string{"Could not reach the Contacts API at", "Check endpoint in the provider block or CONTACTS_ENDPOINT, and the network.", "Nothing was read or changed."},
		},
		"rate limited: the key was accepted": {
			handler: answer(http.StatusTooManyRequests, map[string]string{"Content-Type": jsonType, "Retry-After": "1"}, `{"message":"Too Many Attempts."}`),
		},
		"anything else": {
			handler:     answer(http.StatusForbidden, map[string]string{"Content-Type": jsonType}, `{"message":"This action is unauthorized."}`),
			wantSummary: "Contacts API Check Failed", wantPath: path.Root("endpoint"),
			wantDetail: []string{"The first request to the Contacts API at", "403 This action is unauthorized.", "Try again; if it persists, check endpoint (or CONTACTS_ENDPOINT) and the server.", "Nothing was read or changed."},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			endpoint := endpointCheckRefusedURL(t)
			if tc.handler != nil {
				srv := httptest.NewServer(tc.handler)
				t.Cleanup(srv.Close)
				endpoint = srv.URL
			}
			c, err := client.New(client.Config{Endpoint: endpoint, APIKey: "some-key"})
			if err != nil {
				t.Fatal(err)
			}
			var diags diag.Diagnostics
			checkEndpoint(context.Background(), c, endpoint, &diags)
			if tc.wantSummary == "" {
				if diags.HasError() {
					t.Errorf("want no error, got %v", diags)
				}
				return
			}
			if len(diags) != 1 || diags[0].Severity() != diag.SeverityError || diags[0].Summary() != tc.wantSummary {
				t.Fatalf("want one error %q, got %v", tc.wantSummary, diags)
			}
			if p := diagPath(diags[0]); p != tc.wantPath.String() {
				t.Errorf("the error is on %s, want %s", p, tc.wantPath)
			}
			for _, want := range tc.wantDetail {
				if !strings.Contains(diags[0].Detail(), want) {
					t.Errorf("the detail does not say %q:\n%s", want, diags[0].Detail())
				}
			}
			if strings.Contains(diags[0].Detail(), "some-key") {
				t.Errorf("the detail shows the API key:\n%s", diags[0].Detail())
			}
		})
	}
}

// endpointCheckRefusedURL is the address of a port nothing listens on.
func endpointCheckRefusedURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return "http://" + addr
}
