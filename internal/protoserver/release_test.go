// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package protoserver

import (
	"context"
	"errors"
	"testing"
	"time"
)

type rpcReleaseKey struct{}

func TestReleasableContext(t *testing.T) {
	t.Parallel()
	parent, cancel := context.WithDeadline(context.WithValue(context.Background(), rpcReleaseKey{}, "request"), time.Now().Add(time.Hour))
	defer cancel()
	ctx, release := releasable(parent)

	// Until released, the RPC's context shows through.
	if got := ctx.Value(rpcReleaseKey{}); got != "request" {
		t.Errorf("Value before release = %v, want the request's value", got)
	}
	if _, ok := ctx.Deadline(); !ok {
		t.Error("Deadline before release: none, want the request's")
	}
	if ctx.Err() != nil || isClosed(ctx.Done()) {
		t.Errorf("before release: Err = %v, Done closed = %v; want nil, false", ctx.Err(), isClosed(ctx.Done()))
	}
	// A context derived from it (as the framework derives one per RPC) is
	// canceled with the request.
	child, stop := context.WithCancel(ctx)
	defer stop()

	// The RPC's end (its stream canceled) reaches them before release.
	cancel()
	select {
	case <-child.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("a context derived before release was not canceled with the request")
	}

	release()
	if got := ctx.Value(rpcReleaseKey{}); got != nil {
		t.Errorf("Value after release = %v, want nil: the request must no longer be reachable", got)
	}
	if !errors.Is(ctx.Err(), context.Canceled) {
		t.Errorf("Err after release = %v, want context.Canceled", ctx.Err())
	}
	if !isClosed(ctx.Done()) {
		t.Error("Done after release is open, want closed")
	}
}

// TestReleaseCancelsDerived: release cancels the contexts derived from
// the RPC's (the framework keeps one per RPC), so that they let go of
// what they hold, even while the stream's context lives on.
func TestReleaseCancelsDerived(t *testing.T) {
	t.Parallel()
	stream, end := context.WithCancel(context.Background())
	defer end()
	ctx, release := releasable(stream)
	child, stop := context.WithCancel(ctx)
	defer stop()
	release()
	if !isClosed(child.Done()) {
		t.Fatal("a context derived from the RPC's is not canceled at release")
	}
}

func isClosed(done <-chan struct{}) bool {
	select {
	case <-done:
		return true
	default:
		return false
	}
}
