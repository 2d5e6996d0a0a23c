// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

// Package protoserver holds what every plugin-framework provider process
// of this module (the provider itself, its profiling build and the
// benchmark's floor) does around the framework's protocol server: release
// each RPC's context when the RPC returns, and keep the SDK's logs off
// unless a TF_LOG* variable asks for them.
package protoserver

import (
	"context"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// Releasing wraps a framework protocol server so that each per-resource
// RPC is given a context that lets go of the request once the RPC has
// returned.
//
// terraform-plugin-framework v1.19 (internal/proto6server registerContext)
// keeps the cancel function of every RPC's context until StopProvider, which
// Terraform sends only when it is done with the provider process; each one
// holds the RPC's whole context chain (the gRPC stream, per-request
// loggers). Without this wrapper the provider process grows with every RPC
// (DESIGN.md has the measurement and when to remove the wrapper).
func Releasing(s tfprotov6.ProviderServer) tfprotov6.ProviderServer {
	return releasingServer{s}
}

// NewProtocol6 returns the protocol server factory of a framework provider,
// its RPCs' contexts released (see Releasing).
func NewProtocol6(newProvider func() provider.Provider) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		return Releasing(providerserver.NewProtocol6(newProvider())())
	}
}

type releasingServer struct {
	tfprotov6.ProviderServer
}

func (s releasingServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return released(ctx, req, s.ProviderServer.ValidateResourceConfig)
}

func (s releasingServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return released(ctx, req, s.ProviderServer.UpgradeResourceState)
}

func (s releasingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return released(ctx, req, s.ProviderServer.ReadResource)
}

func (s releasingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return released(ctx, req, s.ProviderServer.PlanResourceChange)
}

func (s releasingServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return released(ctx, req, s.ProviderServer.ApplyResourceChange)
}

func (s releasingServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return released(ctx, req, s.ProviderServer.ImportResourceState)
}

// released calls rpc with a context that lets go of the request once rpc
// has returned.
func released[Req, Resp any](ctx context.Context, req Req, rpc func(context.Context, Req) (Resp, error)) (Resp, error) {
	ctx, release := releasable(ctx)
	defer release()
	return rpc(ctx, req)
}

// releasedContext stands in for a request's context once its RPC has
// returned: canceled, without values.
var releasedContext = func() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}()

// releasableContext delegates to the RPC's context until release, then to
// releasedContext. Its Done is that of a context of its own (own),
// canceled with the RPC's and at release: the context the framework
// derives from it, and keeps, is then canceled too, and lets go of its
// children. After release it holds nothing but two pointers to
// releasedContext, so whatever still holds it no longer holds the request.
type releasableContext struct {
	mu     sync.RWMutex
	own    context.Context
	parent context.Context
}

func releasable(ctx context.Context) (context.Context, func()) {
	own, cancel := context.WithCancel(context.Background())
	stop := context.AfterFunc(ctx, cancel)
	r := &releasableContext{own: own, parent: ctx}
	return r, func() {
		stop()
		cancel()
		r.mu.Lock()
		r.own, r.parent = releasedContext, releasedContext
		r.mu.Unlock()
	}
}

func (r *releasableContext) current() (own, parent context.Context) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.own, r.parent
}

func (r *releasableContext) Deadline() (time.Time, bool) {
	_, parent := r.current()
	return parent.Deadline()
}

func (r *releasableContext) Done() <-chan struct{} {
	own, _ := r.current()
	return own.Done()
}

func (r *releasableContext) Err() error {
	_, parent := r.current()
	return parent.Err()
}

// Value answers from the RPC's context, except for the context package's
// own lookup of the nearest cancelable context, which own answers: the
// contexts derived from this one are own's children, canceled with it
// without a goroutine each.
func (r *releasableContext) Value(key any) any {
	own, parent := r.current()
	if v := own.Value(key); v != nil {
		return v
	}
	return parent.Value(key)
}
