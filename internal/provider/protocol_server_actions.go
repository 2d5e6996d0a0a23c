// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// noticingServer passes the action RPCs on (tf6server serves them only to
// a server that is also a tfprotov6.ActionServer), and adds the long-wait warnings
// to what an action reports when it completes.
var _ tfprotov6.ActionServer = noticingServer{}

func (s noticingServer) actions() tfprotov6.ActionServer {
	return s.ProviderServer.(tfprotov6.ActionServer) //nolint:forcetypeassert // protoserver's server implements it
}

// ValidateActionConfig drops the framework's "WriteOnly Attribute Not
// Allowed" errors. terraform-plugin-framework v1.19 validates an action's
// configuration as if its client could not take write-only values, so
// every value of a write-only action attribute (password_wo) is refused;
// but only Terraform 1.14 and later send this RPC, and all of them can.
// The attribute's own validators still run.
func (s noticingServer) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	resp, err := s.actions().ValidateActionConfig(ctx, req)
	if resp != nil {
		resp.Diagnostics = slices.DeleteFunc(resp.Diagnostics, func(d *tfprotov6.Diagnostic) bool {
			return d != nil && d.Severity == tfprotov6.DiagnosticSeverityError && d.Summary == writeOnlyNotAllowedSummary
		})
	}
	return resp, err
}

// writeOnlyNotAllowedSummary is the framework's summary of the error that
// ValidateActionConfig drops.
const writeOnlyNotAllowedSummary = "WriteOnly Attribute Not Allowed"

func (s noticingServer) PlanAction(ctx context.Context, req *tfprotov6.PlanActionRequest) (*tfprotov6.PlanActionResponse, error) {
	return s.actions().PlanAction(ctx, req)
}

func (s noticingServer) InvokeAction(ctx context.Context, req *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	stream, err := s.actions().InvokeAction(ctx, req)
	if stream == nil || stream.Events == nil {
		return stream, err
	}
	events := stream.Events
	stream.Events = func(push func(tfprotov6.InvokeActionEvent) bool) {
		for ev := range events {
			if done, ok := ev.Type.(tfprotov6.CompletedInvokeActionEventType); ok {
				done.Diagnostics = append(done.Diagnostics, s.waits.take()...)
				ev.Type = done
			}
			if !push(ev) {
				return
			}
		}
	}
	return stream, err
}
