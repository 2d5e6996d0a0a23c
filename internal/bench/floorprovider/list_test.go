// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"context"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestParseFixture(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		in   string
		want fixture
		bad  bool
	}{
		"unset":              {in: "", want: fixture{}},
		"sized":              {in: "clients=10,objects=1000", want: fixture{Clients: 10, Objects: 1000}},
		"objects, no client": {in: "objects=5", bad: true},
		"not a count":        {in: "clients=ten", bad: true},
		"unknown name":       {in: "clients=1,users=2", bad: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := parseFixture(tc.in)
			if (err != nil) != tc.bad || got != tc.want {
				t.Errorf("parseFixture(%q) = %+v, %v; want %+v (error: %v)", tc.in, got, err, tc.want, tc.bad)
			}
		})
	}
}

// TestCandidates: the fixed list deals contacts out to the clients in
// turn, as the benchmark seeds the API server, and the filters apply.
func TestCandidates(t *testing.T) {
	t.Parallel()
	f := fixture{Clients: 3, Objects: 7}
	tests := map[string]struct {
		typeName string
		filter   listFilter
		want     []int64
	}{
		"contacts of client 2":      {"floor_contact", listFilter{ClientID: types.Int64Value(2)}, []int64{2, 5}},
		"every portal user":         {"floor_portal_user", listFilter{}, []int64{1, 2, 3, 4, 5, 6, 7}},
		"terminated portal users":   {"floor_portal_user", listFilter{Status: types.StringValue("terminated")}, nil},
		"active portal users of 1":  {"floor_portal_user", listFilter{ClientID: types.Int64Value(1), Status: types.StringValue("active")}, []int64{1, 4, 7}},
		"clients":                   {"floor_client", listFilter{}, []int64{1, 2, 3}},
		"account owner of client 3": {"floor_account_owner", listFilter{ClientID: types.Int64Value(3)}, []int64{3}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := slices.Collect((&mirrorList{typeName: tc.typeName}).candidates(f, tc.filter))
			if !slices.Equal(got, tc.want) {
				t.Errorf("candidates = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestFloorObject: an object of the fixed list has the floor resource's
// schema, its named values, and null write-only attributes, which
// Terraform refuses in a state or a list result.
func TestFloorObject(t *testing.T) {
	t.Setenv(fixtureEnv, "clients=10,objects=1000")
	m := mirrorByType("floor_portal_user")
	if m == nil {
		t.Fatal("no floor_portal_user mirror")
	}
	obj, err := floorObject(context.Background(), m, 12)
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := obj.As(&attrs); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"id": "12", "username": "bench00012@example.test", "status": "active"} {
		var got string
		if err := attrs[name].As(&got); err != nil || got != want {
			t.Errorf("%s = %q (%v), want %q", name, got, err, want)
		}
	}
	for name, a := range m.schema.Attributes {
		if a.IsWriteOnly() && !attrs[name].IsNull() {
			t.Errorf("write-only %s = %v, want null", name, attrs[name])
		}
	}
}

// TestListMirrorsEveryListResource: the floor has a list resource for each
// of the contacts provider's, over a floor resource with an identity.
func TestListMirrorsEveryListResource(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var names []string
	for _, newList := range mirrorListResources(ctx) {
		l := newList()
		var meta resource.MetadataResponse
		l.Metadata(ctx, resource.MetadataRequest{}, &meta)
		names = append(names, meta.TypeName)
		if m := mirrorByType(meta.TypeName); m == nil || m.identity == nil {
			t.Errorf("%s: no floor resource with an identity", meta.TypeName)
		}
		var sch list.ListResourceSchemaResponse
		l.ListResourceConfigSchema(ctx, list.ListResourceSchemaRequest{}, &sch)
		if len(sch.Schema.Attributes) == 0 {
			t.Errorf("%s: no config attributes", meta.TypeName)
		}
	}
	slices.Sort(names)
	want := []string{"floor_account_owner", "floor_client", "floor_contact", "floor_portal_user"}
	if !slices.Equal(names, want) {
		t.Errorf("floor list resources = %v, want %v", names, want)
	}
}
