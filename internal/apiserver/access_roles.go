// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// accessRoles are the server's fixed access roles (api/README.md §5).
var accessRoles = []AccessRole{
	{Reference: "tickets", Name: "Tickets", Description: "Open and follow support tickets."},
	{Reference: "billing", Name: "Billing", Description: "See invoices, estimates and payments."},
	{Reference: "documents", Name: "Documents", Description: "Read and download shared documents."},
	{Reference: "technical", Name: "Technical", Description: "Receive technical notices and see assets."},
}

func accessRoleExists(ref string) bool {
	for _, r := range accessRoles {
		if r.Reference == ref {
			return true
		}
	}
	return false
}

func (s *Server) listAccessRoles(*call) reply {
	return ok(http.StatusOK, append([]AccessRole(nil), accessRoles...), "Access roles retrieved successfully.")
}

// validateRoles checks a roles list: each item is a reference string or an
// object {reference, expires}; references must exist and be distinct, and
// expiries must lie in the future. Null means an empty list.
func validateRoles(v *validator, raw any, now time.Time) []roleRecord {
	out := []roleRecord{}
	if raw == nil {
		return out
	}
	items, isList := raw.([]any)
	if !isList {
		v.add("roles", "The roles field must be an array.")
		return out
	}
	seen := map[string][]string{} // reference → error keys of its items
	for i, item := range items {
		key := "roles." + strconv.Itoa(i)
		var rec roleRecord
		switch t := item.(type) {
		case string:
			rec.Reference = t
		case map[string]any:
			key += ".reference"
			rec.Reference = v.checkString(key, t["reference"], true, 0, 0)
			rec.Expires = roleExpiry(v, "roles."+strconv.Itoa(i)+".expires", t["expires"], now)
		default:
			v.add(key, "The %s field must be a string or an object.", key)
			continue
		}
		if rec.Reference == "" {
			continue
		}
		if !accessRoleExists(rec.Reference) {
			v.invalidSelection(key)
			continue
		}
		seen[rec.Reference] = append(seen[rec.Reference], key)
		out = append(out, rec)
	}
	// Like Laravel's distinct rule, every item of a repeated reference fails.
	for _, keys := range seen {
		if len(keys) > 1 {
			for _, k := range keys {
				v.add(k, "The %s field has a duplicate value.", k)
			}
		}
	}
	return out
}

// expiryLayouts are the date forms accepted for roles[].expires.
var expiryLayouts = []string{time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02"}

func roleExpiry(v *validator, key string, raw any, now time.Time) *time.Time {
	if raw == nil {
		return nil
	}
	s, isString := raw.(string)
	for _, layout := range expiryLayouts {
		if !isString {
			break
		}
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			t = t.UTC().Truncate(time.Microsecond)
			if !t.After(now) {
				v.add(key, "The %s field must be a date after now.", key)
				return nil
			}
			return &t
		}
	}
	v.add(key, "The %s field must be a valid date.", key)
	return nil
}
