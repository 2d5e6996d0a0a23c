// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"context"
	"errors"
	"net/http"
	"testing"
)

// TestKeyCanWrite: only the API's own answers to a write tell the scope;
// anything else is an error the caller can ignore. The request is a create
// with an empty body, which no server that checks its input can act on.
func TestKeyCanWrite(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		status  int
		body    string
		want    bool
		wantErr error
	}{
		"write scope: the name is required": {status: 422, body: `{"message":"The given data was invalid.","errors":{"company_name":["The company name field is required."]}}`, want: true},
		"read scope":                        {status: 403, body: `{"message":"This action is unauthorized."}`, want: false},
		"a server that creates it anyway":   {status: 201, body: `{"data":{"id":1,"company_name":"","status":"active"},"message":"Client created successfully."}`, want: true},
		"a refused key":                     {status: 401, body: `{"message":"Unauthenticated."}`, wantErr: ErrUnauthorized},
		"a server error":                    {status: 500, body: `{"message":"Server Error"}`, wantErr: ErrServer},
		"a page not from the API":           {status: 404, body: `<html>Not Found</html>`, wantErr: ErrWrongEndpoint},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var rec recorder
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				rec.record(r)
				writeJSON(w, tc.status, tc.body)
			})
			got, err := newTestClient(t, srv.URL, noRetries).KeyCanWrite(context.Background())
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("KeyCanWrite: error %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("KeyCanWrite: %v", err)
			}
			if got != tc.want {
				t.Errorf("KeyCanWrite = %v, want %v", got, tc.want)
			}
			hits := rec.all()
			if len(hits) != 1 {
				t.Fatalf("%d requests, want 1", len(hits))
			}
			if h := hits[0]; h.Method != "POST" || h.Path != "/api/clients" || string(h.Body) != "{}" {
				t.Errorf("sent %s %s %q, want POST /api/clients {}", h.Method, h.Path, h.Body)
			}
		})
	}
}
