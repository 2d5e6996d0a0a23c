// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"context"
	"crypto/tls"
	"encoding/pem"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// TestConnectionsAreReused pins the idle-connection pool: Terraform's ten
// parallel operations, request after request, must keep using the same
// connections instead of opening new ones (Go's default keeps two idle).
func TestConnectionsAreReused(t *testing.T) {
	t.Parallel()
	var opened atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"data":{"id":1,"company_name":"Acme"}}`))
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c := newTestClient(t, srv.URL)

	const parallel, rounds = 10, 20
	for range rounds {
		var wg sync.WaitGroup
		for range parallel {
			wg.Go(func() {
				if _, err := c.GetClient(t.Context(), 1); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	}
	// A dial can race the return of a connection to the pool, so a few
	// more than `parallel` may open; without the pool it is over 100.
	if got, limit := opened.Load(), int64(2*parallel); got > limit {
		t.Errorf("%d requests in rounds of %d opened %d connections, want at most %d", parallel*rounds, parallel, got, limit)
	}
}

// certPEM is the PEM form of a TLS test server's certificate, which is its
// own CA.
func certPEM(srv *httptest.Server) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
}

// TestCACertPEM pins the client's own transport: it trusts the configured
// CA certificates (over TLS 1.2 at least), keeps the idle-connection pool
// with or without them, and refuses what it cannot use.
func TestCACertPEM(t *testing.T) {
	t.Parallel()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 200, `{"data":{"id":1,"company_name":"Acme"}}`)
	}))
	srv.Config.ErrorLog = quietLog()
	srv.StartTLS()
	t.Cleanup(srv.Close)
	tests := map[string]struct {
		pem        []byte
		httpClient *http.Client
		wantErr    string // "" means New accepts the settings
		wantTrust  bool   // a request to srv succeeds
	}{
		"none":                {},
		"the server's CA":     {pem: certPEM(srv), wantTrust: true},
		"no certificate":      {pem: []byte("-----BEGIN NOTHING-----"), wantErr: "holds no PEM-encoded certificate"},
		"not PEM at all":      {pem: []byte("not a certificate"), wantErr: "holds no PEM-encoded certificate"},
		"with an HTTP client": {pem: certPEM(srv), httpClient: &http.Client{}, wantErr: "not both"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, err := New(Config{Endpoint: srv.URL, APIKey: testAPIKey, CACertPEM: tc.pem, HTTPClient: tc.httpClient})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("New: err = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tr, ok := c.http.Transport.(*http.Transport)
			if !ok {
				t.Fatalf("transport is %T, want the client's own *http.Transport", c.http.Transport)
			}
			if tr.MaxIdleConnsPerHost != idleConnsPerHost {
				t.Errorf("MaxIdleConnsPerHost = %d, want %d", tr.MaxIdleConnsPerHost, idleConnsPerHost)
			}
			if tc.pem != nil && (tr.TLSClientConfig == nil || tr.TLSClientConfig.MinVersion != tls.VersionTLS12) {
				t.Errorf("TLS config %+v, want a minimum of TLS 1.2", tr.TLSClientConfig)
			}
			_, err = c.GetClient(context.Background(), 1)
			if tc.wantTrust && err != nil {
				t.Errorf("request with the server's CA: %v", err)
			}
			if !tc.wantTrust && !isCertificateError(err) {
				t.Errorf("request without the server's CA: err = %v, want a certificate error", err)
			}
		})
	}
}
