// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
)

// httpClient is the HTTP client New uses: a copy of the caller's, or one on
// the client's own transport that trusts cfg's CA certificates. Either way
// it never follows a redirect.
func httpClient(cfg Config) (*http.Client, error) {
	if cfg.HTTPClient != nil {
		if len(cfg.CACertPEM) > 0 {
			return nil, errors.New("set the CA certificates or an HTTP client, not both: the certificates configure the client's own transport")
		}
		// A copy, so the caller's client keeps its own redirect policy.
		hc := *cfg.HTTPClient
		hc.CheckRedirect = refuseRedirect
		return &hc, nil
	}
	t := newTransport()
	if len(cfg.CACertPEM) > 0 {
		pool, err := ParseCACerts(cfg.CACertPEM)
		if err != nil {
			return nil, err
		}
		t.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	return &http.Client{Transport: t, CheckRedirect: refuseRedirect}, nil
}

// ParseCACerts returns the system's certificate pool (an empty one where
// the system has none) with the PEM-encoded certificates added, or an error
// when pemData holds none. New calls it for Config.CACertPEM; callers may
// too, to report a bad certificate before anything else.
func ParseCACerts(pemData []byte) (*x509.CertPool, error) {
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pemData) {
		return nil, errors.New("the CA certificate holds no PEM-encoded certificate")
	}
	return pool, nil
}

// refuseRedirect makes an http.Client hand a 3xx back instead of following
// it: a followed redirect would carry the key and any password to the
// target, a 307 or 308 with the body.
func refuseRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// idleConnsPerHost is how many idle connections to the API the client
// keeps. Terraform runs 10 operations at once by default (-parallelism);
// with Go's default of 2 most requests of a large refresh opened a new
// connection, each a new TCP (and TLS) handshake (DESIGN.md).
const idleConnsPerHost = 64

// newTransport is the client's own transport: Go's default, keeping enough
// idle connections for Terraform's parallelism.
func newTransport() *http.Transport {
	base, ok := http.DefaultTransport.(*http.Transport)
	if !ok { // replaced by the program: start from the proxy setting alone
		base = &http.Transport{Proxy: http.ProxyFromEnvironment}
	}
	t := base.Clone()
	t.MaxIdleConnsPerHost = idleConnsPerHost
	return t
}
