// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver

import (
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Limits bound what a client can hold of the server when it is served
// with HTTPServer and Listener: how long a request may take to arrive, how
// long an idle connection stays open, how many connections are served at
// once. The zero value sets none.
type Limits struct {
	// ReadHeaderTimeout is the time a request's headers have to arrive;
	// 0 means ReadTimeout.
	ReadHeaderTimeout time.Duration
	// ReadTimeout is the time a whole request, body included, has to
	// arrive from its first byte. A body trickling in slower is cut off:
	// the request fails and the connection is closed. net/http lifts the
	// deadline once the body has been read, so a slow answer (bcrypt,
	// injected latency) is not cut short by it.
	ReadTimeout time.Duration
	// IdleTimeout is how long a kept-alive connection may wait for its
	// next request; 0 means ReadTimeout.
	IdleTimeout time.Duration
	// MaxConns caps the connections served at once; further ones wait in
	// the listen backlog until one closes. 0 means no cap.
	MaxConns int
}

// DefaultLimits are the standalone server's defaults: generous for any
// client on a local network, short enough that slow or idle connections do
// not pile up.
func DefaultLimits() Limits {
	return Limits{
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxConns:          256,
	}
}

// Validate reports negative limits.
func (l Limits) Validate() error {
	if l.ReadHeaderTimeout < 0 || l.ReadTimeout < 0 || l.IdleTimeout < 0 || l.MaxConns < 0 {
		return fmt.Errorf("apiserver: invalid limits %+v: none may be negative", l)
	}
	return nil
}

// HTTPServer returns an http.Server serving s with Config.Limits' timeouts.
// Serve it on Listener(ln) to apply MaxConns as well.
func (s *Server) HTTPServer() *http.Server {
	l := s.cfg.Limits
	return &http.Server{
		Handler:           s,
		ReadHeaderTimeout: l.ReadHeaderTimeout,
		ReadTimeout:       l.ReadTimeout,
		IdleTimeout:       l.IdleTimeout,
	}
}

// Listener wraps ln so that at most Config.Limits.MaxConns connections are
// open at once; it returns ln itself when there is no cap.
func (s *Server) Listener(ln net.Listener) net.Listener {
	if s.cfg.Limits.MaxConns <= 0 {
		return ln
	}
	return &limitListener{Listener: ln, slots: make(chan struct{}, s.cfg.Limits.MaxConns), done: make(chan struct{})}
}

// limitListener accepts a connection only when a slot is free; closing
// the connection frees it. Waiting connections stay in the kernel's
// backlog, unanswered.
type limitListener struct {
	net.Listener
	slots     chan struct{}
	done      chan struct{}
	closeOnce sync.Once
}

func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.slots <- struct{}{}:
	case <-l.done:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &limitConn{Conn: c, release: func() { <-l.slots }}, nil
}

func (l *limitListener) Close() error {
	err := l.Listener.Close()
	l.closeOnce.Do(func() { close(l.done) })
	return err
}

type limitConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
