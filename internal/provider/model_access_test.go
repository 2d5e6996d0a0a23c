// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestSameModel(t *testing.T) {
	t.Parallel()
	role := func(ref string) types.Set {
		return types.SetValueMust(portalUserRoleType, []attr.Value{types.ObjectValueMust(
			portalUserRoleType.AttrTypes, map[string]attr.Value{"reference": types.StringValue(ref), "expires": types.StringNull()})})
	}
	base := func() portalUserResourceModel {
		m := portalUserResourceModel{}
		m.ID, m.ContactID, m.Username = types.StringValue("7"), types.Int64Value(3), types.StringValue("ana@example.test")
		m.Roles = role("billing")
		m.PasswordWOVersion = types.Int64Value(1)
		return m
	}
	tests := map[string]struct {
		change func(*portalUserResourceModel)
		same   bool
	}{
		"identical":                   {change: func(*portalUserResourceModel) {}, same: true},
		"embedded field differs":      {change: func(m *portalUserResourceModel) { m.Username = types.StringValue("bo@example.test") }},
		"null against empty string":   {change: func(m *portalUserResourceModel) { m.Email = types.StringValue("") }},
		"set element differs":         {change: func(m *portalUserResourceModel) { m.Roles = role("admin") }},
		"resource-only field differs": {change: func(m *portalUserResourceModel) { m.PasswordWOVersion = types.Int64Value(2) }},
		"unknown against null":        {change: func(m *portalUserResourceModel) { m.Status = types.StringUnknown() }},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a, b := base(), base()
			tc.change(&b)
			if got := sameModel(a, b); got != tc.same {
				t.Errorf("sameModel = %v, want %v", got, tc.same)
			}
		})
	}
}

// TestSameModel_everyReadModel: every resource's Read compares its models
// with sameModel, so each must be readable through reflect (embedded
// unexported models included), and a model it cannot read never passes
// for unchanged.
func TestSameModel_everyReadModel(t *testing.T) {
	t.Parallel()
	type hidden struct {
		Name  types.String
		count int
	}
	changedContact, changedClient := contactResourceModel{}, clientResourceModel{}
	changedContact.Email = types.StringValue("ana@example.test")
	changedClient.CompanyName = types.StringValue("Acme")
	tests := map[string]struct {
		same func() bool
		want bool
	}{
		"contact equal":             {same: func() bool { return sameModel(contactResourceModel{}, contactResourceModel{}) }, want: true},
		"contact differs":           {same: func() bool { return sameModel(contactResourceModel{}, changedContact) }},
		"client equal":              {same: func() bool { return sameModel(clientResourceModel{}, clientResourceModel{}) }, want: true},
		"client differs":            {same: func() bool { return sameModel(clientResourceModel{}, changedClient) }},
		"account owner equal":       {same: func() bool { return sameModel(accountOwnerModel{}, accountOwnerModel{}) }, want: true},
		"account owner differs":     {same: func() bool { return sameModel(accountOwnerModel{}, accountOwnerModel{ContactID: types.Int64Value(4)}) }},
		"unreadable field, equal":   {same: func() bool { return sameModel(hidden{}, hidden{}) }},
		"unreadable field, differs": {same: func() bool { return sameModel(hidden{}, hidden{count: 1}) }},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := tc.same(); got != tc.want {
				t.Errorf("sameModel = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestGetAttributes: the plan-time checks read the few attributes they
// need with getAttributes. A read that fails (a misspelt name, a target
// of the wrong type) must come back as an error: dropped, the target
// stays null and the check it feeds passes without a word.
func TestGetAttributes(t *testing.T) {
	t.Parallel()
	r := &contactResource{}
	plan := testResourcePlan(t, r, map[string]any{"email": "jane@acme.example", "client_id": int64(3)})
	tests := map[string]struct {
		targets func(email *types.String, clientID *types.Int64) map[string]any
		// wantErr is the attribute of the one error expected; empty for none.
		wantErr string
	}{
		"both read": {
			targets: func(email *types.String, clientID *types.Int64) map[string]any {
				return map[string]any{"email": email, "client_id": clientID}
			},
		},
		"unknown attribute": {
			targets: func(email *types.String, clientID *types.Int64) map[string]any {
				return map[string]any{"emial": email, "client_id": clientID}
			},
			wantErr: "emial",
		},
		"target of the wrong type": {
			targets: func(email *types.String, clientID *types.Int64) map[string]any {
				return map[string]any{"email": clientID, "client_id": email}
			},
			wantErr: "email",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var email types.String
			var clientID types.Int64
			diags := getAttributes(context.Background(), plan.GetAttribute, tc.targets(&email, &clientID))
			if tc.wantErr == "" {
				if diags.HasError() || email.ValueString() != "jane@acme.example" || clientID.ValueInt64() != 3 {
					t.Errorf("read email %s and client_id %s with %v, want jane@acme.example and 3 without diagnostics", email, clientID, diags)
				}
				return
			}
			if !diags.HasError() {
				t.Fatalf("reading %s gave no error", tc.wantErr)
			}
			for _, d := range diags.Errors() {
				if diagPath(d) == tc.wantErr {
					return
				}
			}
			t.Errorf("no error on %s: %v", tc.wantErr, diags)
		})
	}
}
