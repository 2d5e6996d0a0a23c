// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package validators

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// NotEmptyUseNull refuses the empty string for an optional attribute where
// the API reads "" as no value: the way to say "no value" in Terraform is
// null, or leaving the attribute out. nullMeans says what that does, as a
// phrase that follows "to", e.g. "clear it on the server".
func NotEmptyUseNull(nullMeans string) validator.String {
	return notEmptyValidator{nullMeans: nullMeans}
}

type notEmptyValidator struct{ nullMeans string }

func (v notEmptyValidator) Description(context.Context) string {
	return "value must not be empty; leave the attribute out (or set it to null) to " + v.nullMeans
}

func (v notEmptyValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v notEmptyValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.ValueString() != "" {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Empty String Not Allowed",
		fmt.Sprintf("Attribute %s is an empty string. To %s, leave %s out of the configuration or set it to null; otherwise give it a value of at least one character.",
			req.Path, v.nullMeans, req.Path))
}

// NotEmpty refuses the empty string for a required attribute; detail says
// what the value must be instead.
func NotEmpty(detail string) validator.String { return requiredNotEmptyValidator{detail: detail} }

type requiredNotEmptyValidator struct{ detail string }

func (requiredNotEmptyValidator) Description(context.Context) string {
	return "value must not be empty"
}

func (v requiredNotEmptyValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v requiredNotEmptyValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.ValueString() != "" {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Empty String Not Allowed", v.detail)
}
