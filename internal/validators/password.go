// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package validators

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Portal password limits of the Contacts API (api/README.md §4).
const (
	PasswordMinLength = 8
	PasswordMaxLength = 128
)

// Password accepts what the Contacts API accepts as a portal password: 8 to
// 128 characters with at least one letter and one number. It checks only a
// known value, so an unknown one is left to the API at apply time.
func Password() validator.String { return passwordValidator{} }

type passwordValidator struct{}

func (passwordValidator) Description(context.Context) string {
	return fmt.Sprintf("value must be %d to %d characters long and contain at least one letter and one number", PasswordMinLength, PasswordMaxLength)
}

func (v passwordValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (passwordValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problems := PasswordProblems(req.ConfigValue.ValueString()); len(problems) > 0 {
		// The detail never repeats the value: it is a secret.
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Portal Password",
			fmt.Sprintf("The password in %s %s. Portal passwords must be %d to %d characters long and contain at least one letter and one number.",
				req.Path, strings.Join(problems, " and "), PasswordMinLength, PasswordMaxLength))
	}
}

// PasswordProblems lists, in words, every rule the password breaks; it
// counts characters (not bytes) and letters and numbers of any script, as
// the API does.
func PasswordProblems(password string) []string {
	var problems []string
	switch n := utf8.RuneCountInString(password); {
	case n < PasswordMinLength:
		problems = append(problems, fmt.Sprintf("is %d characters long, fewer than %d", n, PasswordMinLength))
	case n > PasswordMaxLength:
		problems = append(problems, fmt.Sprintf("is %d characters long, more than %d", n, PasswordMaxLength))
	}
	var letter, number bool
	for _, r := range password {
		letter = letter || unicode.IsLetter(r)
		number = number || unicode.IsNumber(r)
	}
	if !letter {
		problems = append(problems, "has no letter")
	}
	if !number {
		problems = append(problems, "has no number")
	}
	return problems
}
