// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package protoserver

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// The list resource RPCs (terraform query) are an optional interface of
// the protocol server: a wrapper that only embeds ProviderServer hides
// them, and Terraform then answers "ValidateListResourceConfig Not
// Implemented". They are passed through; ListResource keeps its context,
// since its results are produced after it returns, while Terraform reads
// the stream.
var _ tfprotov6.ProviderServerWithListResource = releasingServer{}

// errNoListResources answers a list RPC on a server without them.
var errNoListResources = errors.New("this provider server does not implement list resources")

func (s releasingServer) ValidateListResourceConfig(ctx context.Context, req *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error) {
	inner, ok := s.ProviderServer.(tfprotov6.ListResourceServer)
	if !ok {
		return nil, errNoListResources
	}
	return released(ctx, req, inner.ValidateListResourceConfig)
}

func (s releasingServer) ListResource(ctx context.Context, req *tfprotov6.ListResourceRequest) (*tfprotov6.ListResourceServerStream, error) {
	inner, ok := s.ProviderServer.(tfprotov6.ListResourceServer)
	if !ok {
		return nil, errNoListResources
	}
	return inner.ListResource(ctx, req)
}
