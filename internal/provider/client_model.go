// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// clientCompanyNameMaxLength is the API's limit on company_name.
const clientCompanyNameMaxLength = 191

// clientModel holds every attribute the API reports for a client. The
// contacts_client resource and data source share it.
type clientModel struct {
	ID          types.String `tfsdk:"id"`
	CompanyName types.String `tfsdk:"company_name"`
	Status      types.String `tfsdk:"status"`
	Created     types.String `tfsdk:"created"`
	Updated     types.String `tfsdk:"updated"`
}

// clientModelFrom maps an API client to its Terraform attributes. It is the
// only place that does so: Create, Read, Update and the data source use it.
func clientModelFrom(c *client.ClientAccount) clientModel {
	return clientModel{
		ID:          types.StringValue(formatID(c.ID)),
		CompanyName: types.StringValue(c.CompanyName),
		Status:      types.StringValue(c.Status),
		Created:     types.StringValue(c.Dates.Created),
		Updated:     types.StringValue(c.Dates.Updated),
	}
}

// clientFieldPaths maps the API's client field names, as they appear in a
// 422's errors, to the attributes that hold them.
func clientFieldPaths() fieldPaths {
	return fieldPaths{"company_name": path.Root("company_name")}
}

// clientCompanyNameValidators are the plan-time checks of the API's rules
// on company_name. Leading and trailing spaces are refused because the API
// trims input, which would leave the stored name different from the
// configuration.
func clientCompanyNameValidators() []validator.String {
	return []validator.String{
		stringvalidator.UTF8LengthBetween(1, clientCompanyNameMaxLength),
		stringvalidator.RegexMatches(regexp.MustCompile(`^\S(.*\S)?$`),
			"must not start or end with whitespace, because the Contacts API trims it"),
	}
}
