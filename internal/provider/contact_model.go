// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// contactModel holds every attribute the API reports for a contact. The
// contacts_contact resource and data source use it, and it is the element
// type of contacts_contacts.
type contactModel struct {
	ID           types.String `tfsdk:"id"`
	ClientID     types.Int64  `tfsdk:"client_id"`
	FirstName    types.String `tfsdk:"first_name"`
	LastName     types.String `tfsdk:"last_name"`
	Name         types.String `tfsdk:"name"`
	Email        types.String `tfsdk:"email"`
	Phone        types.String `tfsdk:"phone"`
	JobPosition  types.String `tfsdk:"job_position"`
	Status       types.String `tfsdk:"status"`
	AccountOwner types.String `tfsdk:"account_owner"`
	Role         types.String `tfsdk:"role"`
	PortalUserID types.Int64  `tfsdk:"portal_user_id"`
	Created      types.String `tfsdk:"created"`
	Updated      types.String `tfsdk:"updated"`
}

// contactModelFrom maps an API contact to its Terraform attributes. It is the
// only place that does so: Create, Read, Update and both data sources use it.
func contactModelFrom(c *client.Contact) contactModel {
	return contactModel{
		ID:           types.StringValue(formatID(c.ID)),
		ClientID:     types.Int64Value(c.Client.ID),
		FirstName:    types.StringValue(c.FirstName),
		LastName:     types.StringValue(c.LastName),
		Name:         types.StringValue(c.Name),
		Email:        types.StringValue(c.Email),
		Phone:        types.StringPointerValue(c.Phone),
		JobPosition:  types.StringPointerValue(c.JobPosition),
		Status:       types.StringValue(c.Status),
		AccountOwner: types.StringValue(c.AccountOwner),
		Role:         types.StringValue(c.Role.Name),
		PortalUserID: types.Int64PointerValue(c.PortalUserID),
		Created:      types.StringValue(c.Dates.Created),
		Updated:      types.StringValue(c.Dates.Updated),
	}
}

// contactFieldPaths maps the API's contact field names, as they appear in a
// 422's errors, to the attributes that hold them.
func contactFieldPaths() fieldPaths {
	return fieldPaths{
		"first_name": path.Root("first_name"),
		"last_name":  path.Root("last_name"),
		"email":      path.Root("email"),
		"phone":      path.Root("phone"),
		"position":   path.Root("job_position"),
		"clientid":   path.Root("client_id"),
	}
}
