// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver

import (
	"encoding/json"
	"fmt"
	"math"
	"net/mail"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Length limits shared by several resources (MySQL's utf8mb4 index limit,
// which is where Laravel apps get 191 from).
const (
	maxString = 191
	maxPhone  = 32
)

// validator collects Laravel-worded messages for every failing field.
type validator struct {
	in   input
	errs map[string][]string
}

func newValidator(in input) *validator {
	return &validator{in: in, errs: map[string][]string{}}
}

// attr is the field name as messages show it: Laravel turns underscores into
// spaces, except for the names the contract spells out verbatim.
func attr(field string) string {
	switch field {
	case "contact_id", "clientid":
		return field
	}
	if strings.Contains(field, ".") {
		return field
	}
	return strings.ReplaceAll(field, "_", " ")
}

func (v *validator) add(field, format string, args ...any) {
	v.errs[field] = append(v.errs[field], fmt.Sprintf(format, args...))
}

func (v *validator) has(field string) bool { return len(v.errs[field]) > 0 }

func (v *validator) valid() bool { return len(v.errs) == 0 }

func (v *validator) reply() reply { return invalid(v.errs) }

func (v *validator) required(field string) {
	v.add(field, "The %s field is required.", attr(field))
}

func (v *validator) invalidSelection(field string) {
	v.add(field, "The selected %s is invalid.", attr(field))
}

func (v *validator) taken(field string) {
	v.add(field, "The %s has already been taken.", attr(field))
}

// str validates a string field. present is true when the key was sent at
// all (null included); val is "" for null. A missing or null required field
// fails with the required message.
func (v *validator) str(field string, required bool, maxLen int) (val string, present bool) {
	raw, present := v.in[field]
	return v.checkString(field, raw, required, 0, maxLen), present
}

func (v *validator) checkString(field string, raw any, required bool, minLen, maxLen int) string {
	if raw == nil {
		if required {
			v.required(field)
		}
		return ""
	}
	s, isString := raw.(string)
	if !isString {
		v.add(field, "The %s field must be a string.", attr(field))
		return ""
	}
	n := utf8.RuneCountInString(s)
	if minLen > 0 && n < minLen {
		v.add(field, "The %s field must be at least %d characters.", attr(field), minLen)
	}
	if maxLen > 0 && n > maxLen {
		v.add(field, "The %s field must not be greater than %d characters.", attr(field), maxLen)
	}
	// Every text field is one line of visible text; a control character
	// (TAB included) would break terminals, logs and CSV exports. Passwords
	// are exempt: they are hashed, never shown.
	if field != "password" && strings.ContainsFunc(s, unicode.IsControl) {
		v.add(field, "The %s field must not contain control characters.", attr(field))
		return ""
	}
	return s
}

// email validates a required address of at most maxString characters.
func (v *validator) email(field string) string {
	s, _ := v.str(field, true, maxString)
	if s != "" && !validEmail(s) {
		v.add(field, "The %s field must be a valid email address.", attr(field))
	}
	return s
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s && strings.Contains(s, "@")
}

// integer validates an integer field (JSON number or numeric string).
// ok is false when the field is absent, null or invalid.
func (v *validator) integer(field string, required bool) (n int64, ok bool) {
	raw := v.in[field]
	if raw == nil {
		if required {
			v.required(field)
		}
		return 0, false
	}
	n, ok = intValue(raw)
	if !ok {
		v.add(field, "The %s field must be an integer.", attr(field))
	}
	return n, ok
}

func intValue(raw any) (int64, bool) {
	var s string
	switch t := raw.(type) {
	case json.Number:
		s = t.String()
	case string:
		s = t
	default:
		return 0, false
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	// PHP's FILTER_VALIDATE_INT accepts a float with no fraction, e.g. 12.0.
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		return int64(f), true
	}
	return 0, false
}

// boolean validates an optional boolean; absent or null is false.
func (v *validator) boolean(field string) bool {
	switch t := v.in[field].(type) {
	case nil:
		return false
	case bool:
		return t
	case json.Number, string:
		switch strings.ToLower(fmt.Sprint(t)) {
		case "1", "true", "yes", "on":
			return true
		case "0", "false", "no", "off":
			return false
		}
	}
	v.add(field, "The %s field must be true or false.", attr(field))
	return false
}

// oneOf validates an optional field whose value must be one of allowed;
// absent or null yields def.
func (v *validator) oneOf(field, def string, allowed ...string) string {
	raw := v.in[field]
	if raw == nil {
		return def
	}
	if s, isString := raw.(string); isString {
		for _, a := range allowed {
			if s == a {
				return s
			}
		}
	}
	v.invalidSelection(field)
	return def
}

// password applies the password rules (api/README.md §4): 8–128 characters with at least
// one letter and one number. Every failing rule is reported.
func (v *validator) password(field string, raw any) string {
	s := v.checkString(field, raw, true, 8, 128)
	if v.has(field) && s == "" {
		return ""
	}
	var letter, number bool
	for _, r := range s {
		letter = letter || unicode.IsLetter(r)
		number = number || unicode.IsNumber(r)
	}
	if !letter {
		v.add(field, "The %s field must contain at least one letter.", attr(field))
	}
	if !number {
		v.add(field, "The %s field must contain at least one number.", attr(field))
	}
	return s
}
