// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
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
