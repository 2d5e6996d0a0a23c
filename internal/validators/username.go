// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package validators

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Portal username limits of the Contacts API.
const (
	UsernameMinLength = 3
	UsernameMaxLength = 191
)

// usernameAlphabet describes the characters the API accepts in a username.
const usernameAlphabet = "ASCII letters a-z and A-Z, digits 0-9 and the characters . @ + _ -"

// Username accepts what the Contacts API accepts as a portal username: 3 to
// 191 characters, each an ASCII letter, an ASCII digit or one of .@+_-. The
// empty string is refused with the advice to leave the attribute out.
func Username() validator.String { return usernameValidator{} }

type usernameValidator struct{}

func (usernameValidator) Description(context.Context) string {
	return fmt.Sprintf("value must be %d to %d characters: %s", UsernameMinLength, UsernameMaxLength, usernameAlphabet)
}

func (v usernameValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (usernameValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problem := UsernameProblem(req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Portal Username",
			fmt.Sprintf("Attribute %s %s. The Contacts API accepts %d to %d characters, each one of the %s. Choose such a username, or leave %s out to keep the current one (a new portal user gets the contact's email).",
				req.Path, problem, UsernameMinLength, UsernameMaxLength, usernameAlphabet, req.Path))
	}
}

// UsernameProblem says, as a phrase that follows the attribute's name, what
// is wrong with username, or "" when the API accepts it. It counts
// characters, not bytes, as the API does.
func UsernameProblem(username string) string {
	if username == "" {
		return "is an empty string"
	}
	var bad []string
	for _, r := range username {
		if !usernameRune(r) && !slices.Contains(bad, string(r)) {
			bad = append(bad, string(r))
		}
	}
	if len(bad) > 0 {
		return fmt.Sprintf("contains %s, which the API does not accept in a username", quoteAll(bad))
	}
	switch n := utf8.RuneCountInString(username); {
	case n < UsernameMinLength:
		return fmt.Sprintf("is %d characters long, fewer than %d", n, UsernameMinLength)
	case n > UsernameMaxLength:
		return fmt.Sprintf("is %d characters long, more than %d", n, UsernameMaxLength)
	}
	return ""
}

func usernameRune(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune(".@+_-", r)
}

func quoteAll(chars []string) string {
	q := make([]string, len(chars))
	for i, c := range chars {
		q[i] = fmt.Sprintf("%q", c)
	}
	return strings.Join(q, ", ")
}
