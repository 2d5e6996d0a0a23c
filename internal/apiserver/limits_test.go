// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
)

// rawConn is one TCP connection to the test server, written by hand.
type rawConn struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
}

func dialRaw(t *testing.T, a *api) *rawConn {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(a.srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return &rawConn{t: t, conn: conn, r: bufio.NewReader(conn)}
}

// head writes a POST's request line and headers announcing n body bytes.
func (c *rawConn) head(a *api, path string, n int) {
	c.t.Helper()
	_, err := fmt.Fprintf(c.conn, "POST %s HTTP/1.1\r\nHost: api\r\nAuthorization: Bearer %s\r\n"+
		"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n", path, a.key, n)
	if err != nil {
		c.t.Fatal(err)
	}
}

// get sends a complete GET and reads its answer.
func (c *rawConn) get(a *api, path string) int {
	c.t.Helper()
	if _, err := fmt.Fprintf(c.conn, "GET %s HTTP/1.1\r\nHost: api\r\nAuthorization: Bearer %s\r\n\r\n", path, a.key); err != nil {
		c.t.Fatal(err)
	}
	status, err := c.answer(5 * time.Second)
	if err != nil {
		c.t.Fatal(err)
	}
	return status
}

// answer reads one response within d; err is a closed or timed-out connection.
func (c *rawConn) answer(d time.Duration) (int, error) {
	if err := c.conn.SetReadDeadline(time.Now().Add(d)); err != nil {
		return 0, err
	}
	res, err := http.ReadResponse(c.r, nil)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	return res.StatusCode, nil
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// TestSlowBodyCutOff pins that a request body trickling in is cut off once
// the read timeout has passed, and that nothing is created from it.
func TestSlowBodyCutOff(t *testing.T) {
	t.Parallel()
	a := newAPI(t, apiservertest.WithLimits(apiserver.Limits{
		ReadHeaderTimeout: time.Second, ReadTimeout: 400 * time.Millisecond, IdleTimeout: 5 * time.Second,
	}))
	body := `{"company_name":"` + unique("Trickle ") + `"}`
	c := dialRaw(t, a)
	c.head(a, "/api/clients", len(body))
	start := time.Now()
	answered := make(chan error, 1)
	go func() {
		_, err := c.answer(10 * time.Second)
		answered <- err
	}()
	// One byte every 100 ms, for at most the whole body: the server must
	// give up long before the last byte.
	sent := 0
	var outcome error
trickle:
	for sent < len(body)-1 {
		select {
		case outcome = <-answered:
			break trickle
		case <-time.After(100 * time.Millisecond):
		}
		if _, err := c.conn.Write([]byte{body[sent]}); err != nil {
			outcome = <-answered
			break
		}
		sent++
	}
	if sent >= len(body)-1 {
		t.Fatalf("the server still read the body after %v (%d bytes at 1 per 100 ms)", time.Since(start), sent)
	}
	if isTimeout(outcome) {
		t.Fatalf("no answer and the connection stayed open: %v", outcome)
	}
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Errorf("cut off after %v, want about 400ms", elapsed)
	}
	for _, cl := range a.srv.Clients() {
		if strings.HasPrefix(cl.CompanyName, "Trickle ") {
			t.Errorf("created %+v from a body that never arrived", cl)
		}
	}
}

// TestSlowAnswerNotCutOff pins that the read timeout covers the request
// only: an answer that takes longer (bcrypt, injected latency) still comes.
func TestSlowAnswerNotCutOff(t *testing.T) {
	t.Parallel()
	a := newAPI(t,
		apiservertest.WithLimits(apiserver.Limits{ReadTimeout: 200 * time.Millisecond, IdleTimeout: 5 * time.Second}),
		apiservertest.WithFaults(apiserver.Faults{Latency: 600 * time.Millisecond}))
	a.must(http.StatusCreated, "POST", "/api/clients", map[string]any{"company_name": unique("Slow answer ")})
	a.must(http.StatusOK, "GET", "/api/access-roles", nil)
}

// TestIdleConnectionsClosed pins the idle timeout.
func TestIdleConnectionsClosed(t *testing.T) {
	t.Parallel()
	a := newAPI(t, apiservertest.WithLimits(apiserver.Limits{ReadTimeout: time.Second, IdleTimeout: 300 * time.Millisecond}))
	c := dialRaw(t, a)
	if s := c.get(a, "/api/access-roles"); s != http.StatusOK {
		t.Fatalf("status %d", s)
	}
	start := time.Now()
	_, err := c.answer(5 * time.Second)
	if isTimeout(err) || err == nil {
		t.Fatalf("idle connection still open after %v (%v)", time.Since(start), err)
	}
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Errorf("closed after %v, want about 300ms", elapsed)
	}
}

// TestConnectionCap pins MaxConns: connections beyond the cap wait until
// one of the served ones closes.
func TestConnectionCap(t *testing.T) {
	t.Parallel()
	a := newAPI(t, apiservertest.WithLimits(apiserver.Limits{ReadTimeout: 5 * time.Second, IdleTimeout: time.Minute, MaxConns: 2}))
	first, second := dialRaw(t, a), dialRaw(t, a)
	for _, c := range []*rawConn{first, second} {
		if s := c.get(a, "/api/access-roles"); s != http.StatusOK {
			t.Fatalf("status %d", s)
		}
	}
	third := dialRaw(t, a)
	if _, err := fmt.Fprintf(third.conn, "GET /api/access-roles HTTP/1.1\r\nHost: api\r\nAuthorization: Bearer %s\r\n\r\n", a.key); err != nil {
		t.Fatal(err)
	}
	if s, err := third.answer(500 * time.Millisecond); !isTimeout(err) {
		t.Fatalf("a third connection was served with two open (status %d, %v)", s, err)
	}
	first.conn.Close()
	if s, err := third.answer(5 * time.Second); err != nil || s != http.StatusOK {
		t.Fatalf("after one closed: %d %v", s, err)
	}
	// The in-process server serves as before.
	second.conn.Close()
	a.must(http.StatusOK, "GET", "/api/access-roles", nil)
}

func TestLimitsValidate(t *testing.T) {
	t.Parallel()
	for name, l := range map[string]apiserver.Limits{
		"negative read timeout":   {ReadTimeout: -time.Second},
		"negative header timeout": {ReadHeaderTimeout: -time.Second},
		"negative idle timeout":   {IdleTimeout: -time.Second},
		"negative cap":            {MaxConns: -1},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if err := l.Validate(); err == nil {
				t.Error("Validate accepted it")
			}
			if _, err := apiserver.New(apiserver.Config{Limits: l}); err == nil {
				t.Error("New accepted it")
			}
		})
	}
	if err := apiserver.DefaultLimits().Validate(); err != nil {
		t.Error(err)
	}
}
