// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/contactsapi/terraform-provider-contacts/internal/protoserver"
)

// NewProtocol6Server returns the provider's protocol server: the
// framework's, with each RPC's context released when the RPC returns (see
// protoserver.Releasing), and the process's warnings about long waits for
// the API's rate limit added to the answers that carry them.
func NewProtocol6Server(version string) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		waits := newWaitNotices()
		inner := protoserver.NewProtocol6(func() provider.Provider {
			return &contactsProvider{version: version, waits: waits}
		})()
		return noticingServer{ProviderServer: inner, waits: waits}
	}
}

// noticingServer hands the warnings of waitNotices to the answer of the
// first RPC that may call the API and returns after they were raised:
// usually the one whose request waited, else the next. Diagnostics are a
// provider's only way to reach the user of a plan.
type noticingServer struct {
	tfprotov6.ProviderServer
	waits *waitNotices
}

func (s noticingServer) ConfigureProvider(ctx context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	resp, err := s.ProviderServer.ConfigureProvider(ctx, req)
	if resp != nil {
		resp.Diagnostics = append(resp.Diagnostics, s.waits.take()...)
	}
	return resp, err
}

func (s noticingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	resp, err := s.ProviderServer.ReadResource(ctx, req)
	if resp != nil {
		resp.Diagnostics = append(resp.Diagnostics, s.waits.take()...)
	}
	return resp, err
}

func (s noticingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	resp, err := s.ProviderServer.PlanResourceChange(ctx, req)
	if resp != nil {
		resp.Diagnostics = append(resp.Diagnostics, s.waits.take()...)
	}
	return resp, err
}

func (s noticingServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	resp, err := s.ProviderServer.ApplyResourceChange(ctx, req)
	if resp != nil {
		resp.Diagnostics = append(resp.Diagnostics, s.waits.take()...)
	}
	return resp, err
}

func (s noticingServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	resp, err := s.ProviderServer.ImportResourceState(ctx, req)
	if resp != nil {
		resp.Diagnostics = append(resp.Diagnostics, s.waits.take()...)
	}
	return resp, err
}

func (s noticingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	resp, err := s.ProviderServer.ReadDataSource(ctx, req)
	if resp != nil {
		resp.Diagnostics = append(resp.Diagnostics, s.waits.take()...)
	}
	return resp, err
}
