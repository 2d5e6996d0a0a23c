// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package validators

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// RFC3339 accepts a timestamp with a time zone, such as
// 2027-01-31T00:00:00Z or 2027-01-31T09:30:00+02:00.
func RFC3339() validator.String { return rfc3339Validator{} }

type rfc3339Validator struct{}

func (rfc3339Validator) Description(context.Context) string {
	return "value must be an RFC 3339 timestamp such as 2027-01-31T00:00:00Z"
}

func (v rfc3339Validator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (rfc3339Validator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	raw := req.ConfigValue.ValueString()
	if _, err := time.Parse(time.RFC3339Nano, raw); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid RFC 3339 Timestamp",
			fmt.Sprintf("Attribute %s: %q is not an RFC 3339 timestamp; use a date, a time and a zone, such as 2027-01-31T00:00:00Z or 2027-01-31T09:30:00+02:00.", req.Path, raw))
	}
}
