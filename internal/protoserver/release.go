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
// releasedContext; it keeps only the Done channel, so whatever still holds
// it no longer holds the request.
type releasableContext struct {
	done <-chan struct{}

	mu     sync.RWMutex
	parent context.Context
}

func releasable(ctx context.Context) (context.Context, func()) {
	r := &releasableContext{done: ctx.Done(), parent: ctx}
	return r, func() {
		r.mu.Lock()
		r.parent = releasedContext
		r.mu.Unlock()
	}
}

func (r *releasableContext) current() context.Context {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.parent
}

func (r *releasableContext) Deadline() (time.Time, bool) { return r.current().Deadline() }
func (r *releasableContext) Done() <-chan struct{}       { return r.done }
func (r *releasableContext) Err() error                  { return r.current().Err() }
func (r *releasableContext) Value(key any) any           { return r.current().Value(key) }
