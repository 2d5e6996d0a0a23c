// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// TestModelCodecMatchesFramework: getState, getPlan and setState give what
// the framework's Get and Set give, for known, null and unknown values and
// a set of nested objects, and fall back to the framework for a value they
// cannot encode.
func TestModelCodecMatchesFramework(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	phone, expires, sent := "+1 555 0100", "2030-01-01T00:00:00Z", "2026-01-02T03:04:05Z"
	owner := int64(9)
	contact := contactModelFrom(&client.Contact{ID: 31, FirstName: "Jane", LastName: "Doe", Name: "Jane Doe", Email: "jane@acme.example",
		Phone: &phone, Client: client.ContactClient{ID: 4}, PortalUserID: &owner, Dates: client.Dates{Created: sent, Updated: sent}})
	user, diags := portalUserModelFrom(ctx, &client.PortalUser{ID: 7, ContactID: 31, ClientID: 4, Username: "jane", Email: "jane@acme.example",
		Status: client.StatusActive, AuthMethod: client.AuthLocal, Invitation: client.Invitation{Status: "pending", SentAt: &sent},
		Roles: []client.RoleGrant{{Reference: "admin", Expires: &expires}, {Reference: "billing"}}}, types.SetNull(portalUserRoleType), time.Now())
	if diags.HasError() {
		t.Fatal(diags)
	}
	timeoutsOf := func(r resource.Resource) timeouts.Value {
		var tv timeouts.Value
		if d := emptyState(ctx, r).GetAttribute(ctx, path.Root("timeouts"), &tv); d.HasError() {
			t.Fatal(d)
		}
		return tv
	}
	unknownContact := contact
	unknownContact.ID, unknownContact.PortalUserID = types.StringUnknown(), types.Int64Unknown()
	unknownUser := user
	unknownUser.Roles = types.SetUnknown(portalUserRoleType)
	tests := map[string]struct {
		resource resource.Resource
		model    any
		fallback bool // the codec leaves it to the framework
	}{
		"contact":               {resource: &contactResource{}, model: &contactResourceModel{contactModel: contact, SendWelcomeEmail: types.BoolNull(), Timeouts: timeoutsOf(&contactResource{})}},
		"contact with unknowns": {resource: &contactResource{}, model: &contactResourceModel{contactModel: unknownContact, SendWelcomeEmail: types.BoolValue(true), Timeouts: timeoutsOf(&contactResource{})}},
		"portal user": {resource: &portalUserResource{}, model: &portalUserResourceModel{portalUserModel: user, PasswordWO: types.StringNull(), PasswordWOVersion: types.Int64Value(2),
			SendInvite: types.BoolValue(false), InviteVersion: types.Int64Null(), DeletionPolicy: types.StringValue("delete"), Timeouts: timeoutsOf(&portalUserResource{})}},
		"portal user with unknown roles": {resource: &portalUserResource{}, model: &portalUserResourceModel{portalUserModel: unknownUser, PasswordWO: types.StringNull(),
			PasswordWOVersion: types.Int64Null(), SendInvite: types.BoolNull(), InviteVersion: types.Int64Null(), DeletionPolicy: types.StringNull(), Timeouts: timeoutsOf(&portalUserResource{})}},
		// A set without its element type cannot be encoded: the framework says why.
		"a set without its type": {resource: &portalUserResource{}, model: &portalUserResourceModel{portalUserModel: portalUserModel{}, Timeouts: timeoutsOf(&portalUserResource{})}, fallback: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			want := emptyState(ctx, tc.resource)
			wantDiags := want.Set(ctx, tc.model)
			got := emptyState(ctx, tc.resource)
			gotDiags := setState(ctx, &got, tc.model)
			if _, encoded := encodeModel(ctx, got.Schema.Type(), tc.model); encoded == tc.fallback {
				t.Errorf("encodeModel encoded = %v, want %v", encoded, !tc.fallback)
			}
			if !gotDiags.Equal(wantDiags) || !got.Raw.Equal(want.Raw) {
				t.Fatalf("setState = %v %v, the framework's Set = %v %v", got.Raw, gotDiags, want.Raw, wantDiags)
			}
			if tc.fallback {
				return
			}
			for _, from := range []struct {
				name string
				get  func(target any) any
			}{
				{"state", func(target any) any { return getState(ctx, want, target) }},
				{"plan", func(target any) any { return getPlan(ctx, tfsdk.Plan(want), target) }},
			} {
				decoded := reflect.New(reflect.TypeOf(tc.model).Elem())
				if d := from.get(decoded.Interface()); d != nil && !reflect.ValueOf(d).IsNil() {
					t.Fatalf("get%s: %v", from.name, d)
				}
				framework := reflect.New(reflect.TypeOf(tc.model).Elem())
				if d := want.Get(ctx, framework.Interface()); d.HasError() {
					t.Fatal(d)
				}
				if !reflect.DeepEqual(decoded.Interface(), framework.Interface()) {
					t.Errorf("get%s decoded %+v, the framework's Get %+v", from.name, decoded.Elem(), framework.Elem())
				}
			}
			if !decodeModel(ctx, want.Schema.Type(), want.Raw, reflect.New(reflect.TypeOf(tc.model).Elem()).Interface()) {
				t.Error("decodeModel left the model to the framework")
			}
		})
	}
}

// emptyState is a null state of the resource's schema.
func emptyState(ctx context.Context, r resource.Resource) tfsdk.State {
	var resp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &resp)
	return tfsdk.State{Schema: resp.Schema, Raw: tftypes.NewValue(resp.Schema.Type().TerraformType(ctx), nil)}
}

// TestSetIdentityMatchesFramework: setIdentity writes what the framework's
// SetAttribute writes.
func TestSetIdentityMatchesFramework(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var resp resource.IdentitySchemaResponse
	(&contactResource{}).IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &resp)
	null := tftypes.NewValue(resp.IdentitySchema.Type().TerraformType(ctx), nil)
	for _, id := range []int64{1, 45, 1<<53 + 1} {
		want := &tfsdk.ResourceIdentity{Schema: resp.IdentitySchema, Raw: null}
		if d := want.SetAttribute(ctx, identityIDPath, id); d.HasError() {
			t.Fatal(d)
		}
		got := &tfsdk.ResourceIdentity{Schema: resp.IdentitySchema, Raw: null}
		var diags diag.Diagnostics
		setIdentity(ctx, got, id, &diags)
		if diags.HasError() || !got.Raw.Equal(want.Raw) {
			t.Errorf("setIdentity(%d) = %v %v, SetAttribute %v", id, got.Raw, diags, want.Raw)
		}
	}
}
