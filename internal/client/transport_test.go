package client

import (
	"net"
	"net/http"
	"net/http/httptest"
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
