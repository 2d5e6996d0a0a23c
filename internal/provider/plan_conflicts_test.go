// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/contactsapi/terraform-provider-contacts/internal/batchread"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// TestPlanConflicts_errorOnItsAttribute: a plan-time conflict is reported
// on the attribute that holds the taken key, so that Terraform shows that
// line of the configuration (an ExpectError sees only the text). The pages
// come from a local server, fetched as a Read in the walk fetches them.
func TestPlanConflicts_errorOnItsAttribute(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	acme := mustCreateClient(t, api, "Acme Inc")
	taken := portalUserSeedContact(t, api, acme.ID, "taken@acme.example")
	takenUser, err := api.CreatePortalUser(ctx, client.PortalUserCreateRequest{ContactID: taken.ID, Username: "taken.login"})
	if err != nil {
		t.Fatal(err)
	}
	data := newProviderData(api).withBatchReads()
	if _, err := data.readContact(ctx, acme.ID, taken.ID, batchread.Held[client.Contact]{}); err != nil {
		t.Fatal(err)
	}
	if _, err := data.readPortalUser(ctx, acme.ID, takenUser.ID, batchread.Held[client.PortalUser]{}); err != nil {
		t.Fatal(err)
	}

	tests := map[string]struct {
		check       func(t *testing.T) diag.Diagnostics
		wantPath    path.Path
		wantSummary string
	}{
		"contact email": {
			check: func(t *testing.T) diag.Diagnostics {
				r := &contactResource{client: api, data: data}
				var resp resource.ModifyPlanResponse
				r.ModifyPlan(ctx, resource.ModifyPlanRequest{
					State: testResourceNullState(t, r),
					Plan:  testResourcePlan(t, r, map[string]any{"email": "Taken@Acme.example", "client_id": acme.ID}),
				}, &resp)
				return resp.Diagnostics
			},
			wantPath: path.Root("email"), wantSummary: "Contact Email Already Taken",
		},
		"portal username": {
			check: func(*testing.T) diag.Diagnostics {
				var diags diag.Diagnostics
				(&portalUserResource{client: api, data: data}).checkUsernameFree(ctx, types.StringValue("TAKEN.login"), &diags)
				return diags
			},
			wantPath: path.Root("username"), wantSummary: "Portal Username Already Taken",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			diags := tc.check(t)
			if len(diags) != 1 || diags[0].Severity() != diag.SeverityError || diags[0].Summary() != tc.wantSummary {
				t.Fatalf("want one error %q, got %v", tc.wantSummary, diags)
			}
			withPath, ok := diags[0].(diag.DiagnosticWithPath)
			if !ok || !withPath.Path().Equal(tc.wantPath) {
				t.Errorf("the error is on %s, want %s", diagPath(diags[0]), tc.wantPath)
			}
			if !strings.Contains(diags[0].Detail(), "import {") {
				t.Errorf("the detail names no import block:\n%s", diags[0].Detail())
			}
		})
	}
}

// diagPath names a diagnostic's attribute path, for a test failure.
func diagPath(d diag.Diagnostic) string {
	if withPath, ok := d.(diag.DiagnosticWithPath); ok && !withPath.Path().Equal(path.Empty()) {
		return withPath.Path().String()
	}
	return "the resource as a whole (no attribute)"
}

// testResourceNullState is the null prior state of a planned create.
func testResourceNullState(t *testing.T, r resource.Resource) tfsdk.State {
	t.Helper()
	s := testResourceSchema(t, r)
	return tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(context.Background()), nil)}
}

// testResourcePlan is a planned object of r with the given top-level
// attributes set and every other one null.
func testResourcePlan(t *testing.T, r resource.Resource, attrs map[string]any) tfsdk.Plan {
	t.Helper()
	ctx := context.Background()
	s := testResourceSchema(t, r)
	plan := tfsdk.Plan{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	for name, v := range attrs {
		if diags := plan.SetAttribute(ctx, path.Root(name), v); diags.HasError() {
			t.Fatalf("setting %s: %v", name, diags)
		}
	}
	return plan
}

func testResourceSchema(t *testing.T, r resource.Resource) schema.Schema {
	t.Helper()
	var resp resource.SchemaResponse
	r.Schema(context.Background(), resource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	return resp.Schema
}
