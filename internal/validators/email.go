// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package validators

import (
	"context"
	"fmt"
	"net/mail"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Email accepts a bare address such as jane@acme.example (no display name),
// the form the Contacts API stores.
func Email() validator.String { return emailValidator{} }

type emailValidator struct{}

func (emailValidator) Description(context.Context) string {
	return "value must be an email address such as jane@acme.example"
}

func (v emailValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (emailValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	raw := req.ConfigValue.ValueString()
	if !IsEmail(raw) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Email Address",
			fmt.Sprintf("Attribute %s: %q is not a valid email address; use the form name@example.com, without a display name or spaces.", req.Path, raw))
	}
}

// IsEmail reports whether s is a bare address with a dotted domain.
func IsEmail(s string) bool {
	if s != strings.TrimSpace(s) || s == "" {
		return false
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || addr.Name != "" {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	domain := s[at+1:]
	return strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}
