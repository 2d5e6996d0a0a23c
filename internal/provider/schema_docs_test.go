// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// TestSchemaDocs pins behaviour that users meet only through the resource
// pages, which tfplugindocs generates from these descriptions.
func TestSchemaDocs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var user fwresource.SchemaResponse
	NewPortalUserResource().Schema(ctx, fwresource.SchemaRequest{}, &user)
	var roles datasource.SchemaResponse
	NewAccessRolesDataSource().Schema(ctx, datasource.SchemaRequest{}, &roles)
	rolesAttr := user.Schema.Attributes["roles"].(schema.SetNestedAttribute)

	tests := map[string]struct {
		doc  string
		want []string
	}{
		"portal user import": {user.Schema.MarkdownDescription, []string{
			"emails nobody", "the first value that an existing user gets", "is only recorded", "change it again to send one",
			"`password_wo_version`: set after an import together with `password_wo`, it sets that password",
		}},
		"portal user replace": {user.Schema.MarkdownDescription, []string{"-replace=contacts_portal_user.example", "tainted portal user are replaced"}},
		"invite_version":      {user.Schema.Attributes["invite_version"].GetMarkdownDescription(), []string{"The first value sends nothing", "after an import"}},
		"roles":               {rolesAttr.GetMarkdownDescription(), []string{"case-sensitive"}},
		"role reference":      {rolesAttr.NestedObject.Attributes["reference"].GetMarkdownDescription(), []string{"case-sensitive"}},
		"access roles":        {roles.Schema.MarkdownDescription, []string{"case-sensitive"}},
		"portal user actions": {user.Schema.MarkdownDescription, []string{
			"Terraform 1.14 or later", "-invoke=action.contacts_portal_user_send_invite", "`contacts_portal_user_set_password`",
			"On OpenTofu and on Terraform before 1.14", "`invite_version` and `password_wo_version` remain the way",
		}},
		"username": {user.Schema.Attributes["username"].GetMarkdownDescription(), []string{"ASCII letter"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for _, w := range tc.want {
				if !strings.Contains(tc.doc, w) {
					t.Errorf("the documentation does not say %q:\n%s", w, tc.doc)
				}
			}
		})
	}
}
