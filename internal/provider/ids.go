// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// idPattern matches an API id as a string attribute holds it: the decimal
// form the API hands out, with no sign or leading zero. At most 18 digits,
// so that every match fits an int64 and parses without a range check.
var idPattern = regexp.MustCompile(`^[1-9][0-9]{0,17}$`)

// idRule says in words what idPattern accepts, for diagnostics.
const idRule = "a whole number from 1 with at most 18 digits, written without sign or leading zeros"

// idValidator checks a data source's id attribute at plan time. noun names
// the object (e.g. "portal user") and example is an id to show (e.g. "301").
func idValidator(noun, example string) validator.String {
	return stringvalidator.RegexMatches(idPattern, fmt.Sprintf("must be a %s id: %s, such as %q", noun, idRule, example))
}

// parseStateID turns the string id that Terraform holds into the API's id.
// Every Read, Update and Delete starts with it. A malformed id (a state
// edited by hand, or an id that the validators could not check) gets an
// error on id that names the object and says how to recover.
func parseStateID(raw types.String, noun string, diags *diag.Diagnostics) (int64, bool) {
	s := raw.ValueString()
	if id, ok := parseID(s); ok {
		return id, true
	}
	diags.AddAttributeError(path.Root("id"), "Invalid "+titleCase(noun)+" ID",
		fmt.Sprintf("Attribute id: %q is not a valid %s id: ids are %s. If the state holds it, remove the resource from the state (terraform state rm) and import it again.", s, noun, idRule))
	return 0, false
}

// parseID parses an id in idPattern's form; ok is false for anything else.
func parseID(s string) (int64, bool) {
	if !idPattern.MatchString(s) {
		return 0, false
	}
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil
}

// formatID is the string form of an API id, as the id attributes hold it.
func formatID(id int64) string {
	return strconv.FormatInt(id, 10)
}

// titleCase capitalises each word of a noun for a diagnostic's summary,
// e.g. "portal user" becomes "Portal User".
func titleCase(noun string) string {
	words := strings.Fields(noun)
	for i, w := range words {
		words[i] = capitalize(w)
	}
	return strings.Join(words, " ")
}

// capitalize makes a Go error text (lower case by convention) the start of
// a diagnostic's sentence.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
