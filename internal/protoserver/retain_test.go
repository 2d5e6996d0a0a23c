// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package protoserver

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"time"
)

// frameworkServer keeps every RPC context's cancel function until the
// process stops, as terraform-plugin-framework's registerContext does.
type frameworkServer struct {
	mu      sync.Mutex
	cancels []context.CancelFunc
}

func (s *frameworkServer) rpc(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	s.mu.Lock()
	s.cancels = append(s.cancels, cancel)
	s.mu.Unlock()
	// What a resource's RPC does with its context: a time limit, and a
	// request that waits on Done.
	op, stop := context.WithTimeout(ctx, time.Hour)
	_ = op.Done()
	stop()
}

func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestRetainedPerRPC bounds what one finished RPC leaves on the heap of a
// provider process: the framework holds each RPC's context until the
// process ends, so whatever that context reaches grows with the number of
// resources.
func TestRetainedPerRPC(t *testing.T) {
	const rpcs = 20000
	srv := &frameworkServer{}
	before := liveHeap()
	for range rpcs {
		stream, end := context.WithCancel(context.WithValue(context.Background(), rpcReleaseKey{}, "request"))
		ctx, release := releasable(stream)
		srv.rpc(ctx)
		release()
		end() // gRPC ends the stream's context once the RPC has answered
	}
	per := float64(liveHeap()-before) / rpcs
	runtime.KeepAlive(srv)
	t.Logf("%.0f bytes retained per RPC", per)
	if per > maxRetainedPerRPC {
		t.Errorf("a finished RPC leaves %.0f bytes on the heap, want at most %d: the framework's context of each RPC still holds its children", per, maxRetainedPerRPC)
	}
}

// maxRetainedPerRPC is what the framework's own record of an RPC costs
// (its canceled context and cancel function) and the released context it
// wraps, with a little room.
const maxRetainedPerRPC = 320
