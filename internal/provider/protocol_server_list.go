// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// The list resource RPCs are an optional interface of the protocol server,
// which embedding ProviderServer hides: they are passed through.
var _ tfprotov6.ProviderServerWithListResource = noticingServer{}

func (s noticingServer) ValidateListResourceConfig(ctx context.Context, req *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error) {
	inner, ok := s.ProviderServer.(tfprotov6.ListResourceServer)
	if !ok {
		return nil, errors.New("the provider's protocol server does not implement list resources")
	}
	return inner.ValidateListResourceConfig(ctx, req)
}

func (s noticingServer) ListResource(ctx context.Context, req *tfprotov6.ListResourceRequest) (*tfprotov6.ListResourceServerStream, error) {
	inner, ok := s.ProviderServer.(tfprotov6.ListResourceServer)
	if !ok {
		return nil, errors.New("the provider's protocol server does not implement list resources")
	}
	return inner.ListResource(ctx, req)
}
