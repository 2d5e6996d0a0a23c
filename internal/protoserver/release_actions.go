// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package protoserver

import (
	"context"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// The action RPCs (Terraform 1.14 and later) reach the framework only when
// the server in front of it also implements tfprotov6.ActionServer:
// tf6server asks for it, and an embedded ProviderServer does not carry it.
var _ tfprotov6.ActionServer = releasingServer{}

func (s releasingServer) actions() tfprotov6.ActionServer {
	return s.ProviderServer.(tfprotov6.ActionServer) //nolint:forcetypeassert // the framework's server implements it
}

func (s releasingServer) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	return released(ctx, req, s.actions().ValidateActionConfig)
}

func (s releasingServer) PlanAction(ctx context.Context, req *tfprotov6.PlanActionRequest) (*tfprotov6.PlanActionResponse, error) {
	return released(ctx, req, s.actions().PlanAction)
}

// InvokeAction keeps the RPC's context: the framework runs the action
// while tf6server reads the returned stream's events, after this returns.
func (s releasingServer) InvokeAction(ctx context.Context, req *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	return s.actions().InvokeAction(ctx, req)
}
