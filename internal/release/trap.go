// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package release

import (
	"net"
	"sync/atomic"
)

// NetworkTrap is a local listener that every proxy variable of a child
// process points at: a program that tries to reach anything over HTTP or
// HTTPS connects to it instead, and is counted.
type NetworkTrap struct {
	ln          net.Listener
	connections atomic.Int64
}

// NewNetworkTrap starts listening on a free loopback port.
func NewNetworkTrap() (*NetworkTrap, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	t := &NetworkTrap{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			t.connections.Add(1)
			_ = c.Close()
		}
	}()
	return t, nil
}

// Env are the variables that send a child's requests to the trap. Go reads
// the lower-case names too; an inherited NO_PROXY would let hosts past it.
func (t *NetworkTrap) Env() []string {
	u := "http://" + t.ln.Addr().String()
	return []string{"HTTPS_PROXY=" + u, "HTTP_PROXY=" + u, "https_proxy=" + u, "http_proxy=" + u, "NO_PROXY=", "no_proxy="}
}

// Connections is how many connections were attempted so far.
func (t *NetworkTrap) Connections() int64 { return t.connections.Load() }

// Close stops listening.
func (t *NetworkTrap) Close() { _ = t.ln.Close() }
