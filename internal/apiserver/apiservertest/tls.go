// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiservertest

import (
	"encoding/pem"
	"io"
	"log"
	"net/http/httptest"
	"sync"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
)

// tlsRequests remembers which configurations asked for TLS. An Option only
// sees the apiserver.Config that New is building, and TLS is a property of
// the listener rather than of the API, so WithTLS marks that Config here
// and New takes the mark off again.
var tlsRequests sync.Map // *apiserver.Config → struct{}

// WithTLS serves https on the loopback address with a certificate of its own
// (valid for 127.0.0.1 and ::1), so tests can exercise a private CA: the
// Server's CACertPEM holds that certificate, which is its own CA. Clients
// that do not trust it fail the TLS handshake.
func WithTLS() Option {
	return func(c *apiserver.Config) { tlsRequests.Store(c, struct{}{}) }
}

// startHTTP starts api on a random loopback port with its limits, with TLS
// when cfg was marked by WithTLS, and returns the server and, for TLS, its
// CA certificate as PEM.
func startHTTP(api *apiserver.Server, cfg *apiserver.Config) (*httptest.Server, string) {
	srv := httptest.NewUnstartedServer(api)
	srv.Config = api.HTTPServer()
	srv.Listener = api.Listener(srv.Listener)
	if _, ok := tlsRequests.LoadAndDelete(cfg); !ok {
		srv.Start()
		return srv, ""
	}
	// Handshakes that tests make fail on purpose would otherwise print
	// "TLS handshake error" lines into the test output.
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	return srv, string(caPEM)
}
