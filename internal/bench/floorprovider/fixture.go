// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"context"
	"fmt"
	"math/big"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// fixtureEnv sizes the floor's fixed list: "clients=C,objects=N" is C
// clients and N contacts, each with a portal user, contact i (from 1)
// belonging to client (i-1) mod C + 1, portal user i to contact i. The
// benchmark sets it to the size it seeds the API server with; unset, the
// list is empty.
const fixtureEnv = "BENCH_FLOOR_LIST"

// fixture is the floor's fixed, in-memory list: what its list resources
// return and its imports build, with no request anywhere, as the floor's
// Read keeps the state instead of reading it.
type fixture struct {
	Clients int64
	Objects int64
}

var loadFixture = sync.OnceValue(func() fixture {
	f, _ := parseFixture(os.Getenv(fixtureEnv))
	return f
})

func parseFixture(s string) (fixture, error) {
	var f fixture
	if s == "" {
		return f, nil
	}
	for _, part := range strings.Split(s, ",") {
		name, value, _ := strings.Cut(part, "=")
		n, err := strconv.ParseInt(value, 10, 64)
		if err != nil || n < 0 {
			return fixture{}, fmt.Errorf("%s: %q is not name=count", fixtureEnv, part)
		}
		switch name {
		case "clients":
			f.Clients = n
		case "objects":
			f.Objects = n
		default:
			return fixture{}, fmt.Errorf("%s: unknown %q", fixtureEnv, name)
		}
	}
	if f.Objects > 0 && f.Clients == 0 {
		return fixture{}, fmt.Errorf("%s: objects need clients", fixtureEnv)
	}
	return f, nil
}

// clientOf is the client that contact (or portal user) id belongs to.
func (f fixture) clientOf(id int64) int64 { return (id-1)%f.Clients + 1 }

// fixtureValues are the values of one object of the list, by attribute
// name (nil for null, as the API leaves them on a seeded object); an
// attribute without one gets a value of its type (floorValue).
func fixtureValues(typeName string, id, client int64) map[string]any {
	v := map[string]any{"id": strconv.FormatInt(id, 10), "client_id": client}
	switch typeName {
	case "floor_client":
		v["company_name"] = fmt.Sprintf("Bench Client %03d", id)
	case "floor_contact":
		v["first_name"], v["last_name"], v["email"] = "Bench", fmt.Sprintf("Person%05d", id), fmt.Sprintf("bench%05d@example.test", id)
		v["job_position"], v["phone"] = "Engineer", nil
	case "floor_portal_user":
		v["contact_id"], v["username"], v["status"] = id, fmt.Sprintf("bench%05d@example.test", id), "active"
		v["auth_method"], v["deletion_policy"], v["password_wo_version"], v["invite_version"] = "local", "delete", nil, nil
	case "floor_account_owner":
		// The owner is the client's first contact, whose id is the client's.
		v["contact_id"] = id
	}
	return v
}

// floorObject is object id of the mirror's type from the fixed list: the
// named values, a value of about the API's size for every other string,
// number and bool, null for write-only attributes (Terraform refuses them
// in a state) and for collections.
func floorObject(ctx context.Context, m *mirrorResource, id int64) (tftypes.Value, error) {
	f := loadFixture()
	if f.Clients == 0 {
		return tftypes.Value{}, fmt.Errorf("%s %d: the floor's list is empty (%s is not set)", m.typeName, id, fixtureEnv)
	}
	client := id
	if m.typeName == "floor_contact" || m.typeName == "floor_portal_user" {
		client = f.clientOf(id)
	}
	named := fixtureValues(m.typeName, id, client)
	objType, ok := m.schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		return tftypes.Value{}, fmt.Errorf("%s: the schema is not an object", m.typeName)
	}
	vals := make(map[string]tftypes.Value, len(objType.AttributeTypes))
	for name, t := range objType.AttributeTypes {
		v, isNamed := named[name]
		if a, ok := m.schema.Attributes[name]; (ok && a.IsWriteOnly()) || (isNamed && v == nil) {
			vals[name] = tftypes.NewValue(t, nil)
			continue
		}
		vals[name] = floorValue(t, v, id)
	}
	return tftypes.NewValue(objType, vals), nil
}

func floorValue(t tftypes.Type, named any, id int64) tftypes.Value {
	switch {
	case t.Is(tftypes.String):
		if s, ok := named.(string); ok {
			return tftypes.NewValue(t, s)
		}
		return tftypes.NewValue(t, "2026-11-23T06:00:00Z")
	case t.Is(tftypes.Number):
		if n, ok := named.(int64); ok {
			return tftypes.NewValue(t, new(big.Float).SetInt64(n))
		}
		return tftypes.NewValue(t, new(big.Float).SetInt64(id))
	case t.Is(tftypes.Bool):
		return tftypes.NewValue(t, false)
	default:
		return tftypes.NewValue(t, nil)
	}
}
