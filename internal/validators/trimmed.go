// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package validators

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Trimmed rejects leading and trailing whitespace. The Contacts API trims
// every string it stores, so an untrimmed value would read back different
// from the configuration and fail the apply with an inconsistent result.
func Trimmed() validator.String { return trimmedValidator{} }

type trimmedValidator struct{}

func (trimmedValidator) Description(context.Context) string {
	return "value must not start or end with whitespace"
}

func (v trimmedValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (trimmedValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	raw := req.ConfigValue.ValueString()
	if raw != strings.TrimSpace(raw) {
		resp.Diagnostics.AddAttributeError(req.Path, "Value Has Surrounding Whitespace",
			fmt.Sprintf("Attribute %s: %q starts or ends with whitespace, which the Contacts API would strip. Remove it (e.g. with trimspace()).", req.Path, raw))
	}
}
