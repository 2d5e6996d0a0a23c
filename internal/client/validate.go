// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"fmt"
	"reflect"
	"strings"
)

// validator is a decoded object that checks it carries what the contract
// always sends, so a broken or foreign answer fails instead of reaching the
// caller as an object with zero values.
type validator interface {
	validate() error
}

// check is one required field and whether the answer had it.
type check struct {
	field string
	ok    bool
}

// require names the fields an object lacks.
func require(object string, checks ...check) error {
	var missing []string
	for _, c := range checks {
		if !c.ok {
			missing = append(missing, c.field)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return fmt.Errorf("the %s in the answer lacks %s", object, strings.Join(missing, ", "))
}

func (c *ClientAccount) validate() error {
	return require("client", check{"id", c.ID > 0}, check{"company_name", c.CompanyName != ""})
}

func (c *Contact) validate() error {
	return require("contact",
		check{"id", c.ID > 0}, check{"email", c.Email != ""},
		check{"first_name", c.FirstName != ""}, check{"last_name", c.LastName != ""},
		check{"client.id", c.Client.ID > 0})
}

func (u *PortalUser) validate() error {
	return require("portal user",
		check{"id", u.ID > 0}, check{"contact_id", u.ContactID > 0}, check{"username", u.Username != ""},
		check{"status", u.Status != ""}, check{"auth_method", u.AuthMethod != ""})
}

func (r *portalLoginResponse) validate() error {
	return require("login", check{"token", r.Token != ""})
}

// validateOut checks a decoded object, or each item of a decoded list.
func validateOut(out any) error {
	if v, ok := out.(validator); ok {
		return v.validate()
	}
	rv := reflect.ValueOf(out)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Slice {
		return nil
	}
	list := rv.Elem()
	for i := range list.Len() {
		if v, ok := list.Index(i).Addr().Interface().(validator); ok {
			if err := v.validate(); err != nil {
				return fmt.Errorf("item %d of the list: %w", i+1, err)
			}
		}
	}
	return nil
}
