// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

func TestIdentityID(t *testing.T) {
	t.Parallel()
	num := func(n int64) tftypes.Value { return tftypes.NewValue(tftypes.Number, n) }
	float := func(f *big.Float) tftypes.Value { return tftypes.NewValue(tftypes.Number, f) }
	tests := map[string]struct {
		id      tftypes.Value
		want    int64
		wantErr string
	}{
		"id":           {id: num(45), want: 45},
		"first id":     {id: num(1), want: 1},
		"largest id":   {id: num(999999999999999999), want: 999999999999999999},
		"whole float":  {id: float(big.NewFloat(45)), want: 45},
		"19 digits":    {id: num(1000000000000000000), wantErr: "the identity has the id 1000000000000000000, but ids are whole numbers from 1 with at most 18 digits"},
		"largest int":  {id: num(math.MaxInt64), wantErr: "at most 18 digits"},
		"zero":         {id: num(0), wantErr: "the identity has the id 0, but ids are whole numbers from 1"},
		"negative":     {id: num(-7), wantErr: "the identity has the id -7, but ids are whole numbers from 1"},
		"smallest int": {id: num(math.MinInt64), wantErr: "whole numbers from 1"},
		// Numbers that the identity's Int64 cannot hold: the framework's
		// conversion fails on them with an error that blames the provider.
		"fraction":          {id: float(big.NewFloat(1.5)), wantErr: "the identity has the id 1.5, but ids are whole numbers from 1"},
		"negative fraction": {id: float(big.NewFloat(-0.25)), wantErr: "the identity has the id -0.25, but ids are whole numbers from 1"},
		"beyond int64":      {id: float(big.NewFloat(1e19)), wantErr: "the identity has the id 1e+19, but ids are whole numbers from 1 with at most 18 digits"},
		"beyond -int64":     {id: float(big.NewFloat(-1e19)), wantErr: "the identity has the id -1e+19, but ids are whole numbers from 1"},
		"infinity":          {id: float(big.NewFloat(math.Inf(1))), wantErr: "the identity has the id +Inf, but ids are whole numbers from 1"},
		"null":              {id: tftypes.NewValue(tftypes.Number, nil), wantErr: "the identity has no known id"},
		"unknown":           {id: tftypes.NewValue(tftypes.Number, tftypes.UnknownValue), wantErr: "the identity has no known id"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := identityID(tc.id)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("identityID(%v): %v", tc.id, err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("identityID(%v) = %d, %v; want an error saying %q", tc.id, got, err, tc.wantErr)
			case got != tc.want:
				t.Fatalf("identityID(%v) = %d, want %d", tc.id, got, tc.want)
			}
		})
	}
}

// TestImporterFromIdentity pins the diagnostics of an import by identity:
// each on the identity's id, naming the id and saying nothing was imported.
func TestImporterFromIdentity(t *testing.T) {
	t.Parallel()
	notFound := func(context.Context, int64) error { return client.ErrNotFound }
	failing := func(context.Context, int64) error { return errors.New("connection refused") }
	tests := map[string]struct {
		id      *int64 // nil: a null id, unless number is set
		number  *big.Float
		get     func(context.Context, int64) error
		idOf    string
		want    int64
		summary string
		detail  []string
		// onID: the error is on the identity's id (the API's errors
		// are not about it).
		onID bool
	}{
		"exists":            {id: ptr(int64(12)), get: func(context.Context, int64) error { return nil }, want: 12},
		"checked elsewhere": {id: ptr(int64(12)), want: 12},
		"zero":              {id: ptr(int64(0)), summary: "Invalid Client Identity", detail: []string{"The identity has the id 0", "Nothing was imported", "an existing client"}, onID: true},
		"negative":          {id: ptr(int64(-3)), summary: "Invalid Client Identity", detail: []string{"the id -3", "whole numbers from 1"}, onID: true},
		"another noun's id": {id: ptr(int64(0)), idOf: "company", summary: "Invalid Client Identity", detail: []string{"an existing company"}, onID: true},
		"null":              {summary: "Invalid Client Identity", detail: []string{"no known id"}, onID: true},
		"fraction":          {number: big.NewFloat(1.5), summary: "Invalid Client Identity", detail: []string{"the id 1.5", "whole numbers from 1", "Nothing was imported"}, onID: true},
		"beyond int64":      {number: big.NewFloat(1e19), summary: "Invalid Client Identity", detail: []string{"the id 1e+19", "at most 18 digits", "Nothing was imported"}, onID: true},
		"not found":         {id: ptr(int64(99)), get: notFound, summary: "Client Not Found for Identity ID 99", detail: []string{"No client has the id 99", "nothing was imported"}, onID: true},
		"API error":         {id: ptr(int64(99)), get: failing, summary: "Error Importing Client", detail: []string{"connection refused"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			im := importer{noun: "client", get: tc.get, idOf: tc.idOf}
			var diags diag.Diagnostics
			identity := testIdentity(t, tc.id)
			if tc.number != nil {
				identity = testIdentityOf(map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.Number, tc.number)})
			}
			got, ok := im.fromIdentity(context.Background(), identity, &diags)
			if tc.summary == "" {
				if !ok || got != tc.want || diags.HasError() {
					t.Fatalf("fromIdentity = %d, %t, %v; want %d", got, ok, diags, tc.want)
				}
				return
			}
			if ok || diags.ErrorsCount() != 1 {
				t.Fatalf("fromIdentity = %d, %t, %v; want one error", got, ok, diags)
			}
			d := diags.Errors()[0]
			if d.Summary() != tc.summary {
				t.Errorf("summary %q, want %q", d.Summary(), tc.summary)
			}
			for _, w := range tc.detail {
				if !strings.Contains(d.Detail(), w) {
					t.Errorf("detail %q does not say %q", d.Detail(), w)
				}
			}
			if p, isPath := d.(diag.DiagnosticWithPath); tc.onID && (!isPath || !p.Path().Equal(identityIDPath)) {
				t.Errorf("the error is not on the identity's id: %#v", d)
			}
		})
	}
}

// TestIdentitySchemas: every resource has the one identity attribute id,
// a number required to import by identity, whose description says why
// nothing that can change is part of it.
func TestIdentitySchemas(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		r    resource.Resource
		says []string
	}{
		"contacts_client":        {NewClientResource(), []string{"client's numeric id", "company name is not part"}},
		"contacts_contact":       {NewContactResource(), []string{"contact's numeric id", "email is not part"}},
		"contacts_portal_user":   {NewPortalUserResource(), []string{"portal user's numeric id", "username and the contact's email are not part"}},
		"contacts_account_owner": {NewAccountOwnerResource(), []string{"id of the client", "owning contact is not part"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r, ok := tc.r.(resource.ResourceWithIdentity)
			if !ok {
				t.Fatalf("%s has no identity", name)
			}
			var resp resource.IdentitySchemaResponse
			r.IdentitySchema(context.Background(), resource.IdentitySchemaRequest{}, &resp)
			if len(resp.IdentitySchema.Attributes) != 1 {
				t.Fatalf("identity attributes %v, want only id", resp.IdentitySchema.Attributes)
			}
			id, ok := resp.IdentitySchema.Attributes["id"].(identityschema.Int64Attribute)
			if !ok || !id.RequiredForImport {
				t.Fatalf("identity id is %#v, want a number required for import", resp.IdentitySchema.Attributes["id"])
			}
			for _, w := range tc.says {
				if !strings.Contains(id.Description, w) {
					t.Errorf("the identity's description does not say %q: %s", w, id.Description)
				}
			}
		})
	}
}

// testIdentity is an import block's identity with the id (nil: null).
func testIdentity(t *testing.T, id *int64) *tfsdk.ResourceIdentity {
	t.Helper()
	v := tftypes.NewValue(tftypes.Number, nil)
	if id != nil {
		v = tftypes.NewValue(tftypes.Number, *id)
	}
	return testIdentityOf(map[string]tftypes.Value{"id": v})
}

// testNullIdentity is the identity the framework passes when the import
// has none (an import by id) and ImportState starts from.
func testNullIdentity() *tfsdk.ResourceIdentity {
	return testIdentityOf(nil)
}

func testIdentityOf(attrs map[string]tftypes.Value) *tfsdk.ResourceIdentity {
	s := identitySchema("test")
	typ := s.Type().TerraformType(context.Background())
	if attrs == nil {
		return &tfsdk.ResourceIdentity{Schema: s, Raw: tftypes.NewValue(typ, nil)}
	}
	return &tfsdk.ResourceIdentity{Schema: s, Raw: tftypes.NewValue(typ, attrs)}
}

func ptr[T any](v T) *T { return &v }

// TestImporterImportStateRecordsIdentity: whichever way a resource is
// imported, the state's id and the identity name the same object.
func TestImporterImportStateRecordsIdentity(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	im := importer{
		noun: "client",
		find: func(context.Context, string) (int64, error) { return 34, nil },
		get:  func(context.Context, int64) error { return nil },
	}
	var sr resource.SchemaResponse
	NewClientResource().Schema(ctx, resource.SchemaRequest{}, &sr)
	tests := map[string]struct {
		req  resource.ImportStateRequest
		want int64
	}{
		"by id":       {req: resource.ImportStateRequest{ID: "12", Identity: testNullIdentity()}, want: 12},
		"by name":     {req: resource.ImportStateRequest{ID: "Acme Inc", Identity: testNullIdentity()}, want: 34},
		"by identity": {req: resource.ImportStateRequest{Identity: testIdentity(t, ptr(int64(56)))}, want: 56},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			resp := resource.ImportStateResponse{
				State:    tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(sr.Schema.Type().TerraformType(ctx), nil)},
				Identity: testNullIdentity(),
			}
			im.importState(ctx, tc.req, &resp)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
			var id types.String
			var identity types.Int64
			resp.Diagnostics.Append(resp.State.GetAttribute(ctx, path.Root("id"), &id)...)
			resp.Diagnostics.Append(resp.Identity.GetAttribute(ctx, identityIDPath, &identity)...)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
			if id.ValueString() != formatID(tc.want) || identity.ValueInt64() != tc.want {
				t.Errorf("state id %s and identity %s, want both %d", id, identity, tc.want)
			}
		})
	}
}
