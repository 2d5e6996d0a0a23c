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
	if ctx.Err() != nil || ctx.Done() != parent.Done() {
		t.Errorf("before release: Err = %v, Done shared = %v; want nil, true", ctx.Err(), ctx.Done() == parent.Done())
	}
	// A context derived from it (as the framework derives one per RPC) is
	// canceled with the request.
	child, stop := context.WithCancel(ctx)
	defer stop()

	release()
	if got := ctx.Value(rpcReleaseKey{}); got != nil {
		t.Errorf("Value after release = %v, want nil: the request must no longer be reachable", got)
	}
	if !errors.Is(ctx.Err(), context.Canceled) {
		t.Errorf("Err after release = %v, want context.Canceled", ctx.Err())
	}
	cancel()
	select {
	case <-child.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("a context derived before release was not canceled with the request")
	}
}
