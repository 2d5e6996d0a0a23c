// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package release

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A request through the proxy the trap's variables name is counted, and
// fails instead of reaching its host.
func TestNetworkTrap(t *testing.T) {
	t.Parallel()
	trap, err := NewNetworkTrap()
	if err != nil {
		t.Fatal(err)
	}
	defer trap.Close()
	if n := trap.Connections(); n != 0 {
		t.Fatalf("%d connections before any request", n)
	}
	var proxy string
	for _, kv := range trap.Env() {
		if v, ok := strings.CutPrefix(kv, "HTTPS_PROXY="); ok {
			proxy = v
		}
	}
	u, err := url.Parse(proxy)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(u)}}
	if resp, err := client.Get("https://registry.terraform.io/.well-known/terraform.json"); err == nil {
		resp.Body.Close()
		t.Fatal("a request through the trap succeeded")
	}
	if n := trap.Connections(); n != 1 {
		t.Errorf("%d connections counted, want 1", n)
	}
}
