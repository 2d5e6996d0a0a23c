// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package validators

import (
	"context"
	"fmt"
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
	if problem := PasswordProblem(req.ConfigValue.ValueString()); problem != "" {
		// The detail never repeats the value: it is a secret.
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Portal Password",
			fmt.Sprintf("The password in %s %s. Portal passwords must be %d to %d characters long and contain at least one letter and one number.",
				req.Path, problem, PasswordMinLength, PasswordMaxLength))
	}
}

// PasswordProblem says in one phrase what is wrong with the password (for
// "The password … <phrase>."), or returns "" when the API would accept it.
// It counts characters (not bytes) and letters and numbers of any script,
// as the API does.
func PasswordProblem(password string) string {
	n := utf8.RuneCountInString(password)
	if n == 0 {
		// Every rule is broken; listing them reads worse than the one fact.
		return "is empty"
	}
	var length string
	switch {
	case n < PasswordMinLength:
		length = fmt.Sprintf("is too short (%d characters; at least %d)", n, PasswordMinLength)
	case n > PasswordMaxLength:
		length = fmt.Sprintf("is too long (%d characters; at most %d)", n, PasswordMaxLength)
	}
	var letter, number bool
	for _, r := range password {
		letter = letter || unicode.IsLetter(r)
		number = number || unicode.IsNumber(r)
	}
	var missing string
	switch {
	case !letter && !number:
		missing = "has neither a letter nor a number"
	case !letter:
		missing = "has no letter"
	case !number:
		missing = "has no number"
	}
	switch {
	case length != "" && missing != "":
		return length + " and " + missing
	case length != "":
		return length
	default:
		return missing
	}
}
