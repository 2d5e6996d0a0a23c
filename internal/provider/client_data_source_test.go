// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccClientDataSource_byIDAndName(t *testing.T) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	acct := mustCreateClient(t, api, "Lookup Ltd")
	// A longer name containing the wanted one must not be picked instead.
	mustCreateClient(t, api, "Lookup Ltd Holdings")
	id := strconv.FormatInt(acct.ID, 10)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccProviderBlock(srv) + fmt.Sprintf(`
data "contacts_client" "by_id" {
  id = %q
}

data "contacts_client" "by_name" {
  company_name = "LOOKUP LTD"
}

data "contacts_client" "by_padded_name" {
  company_name = "  lookup ltd "
}
`, id),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.contacts_client.by_id", tfjsonpath.New("company_name"), knownvalue.StringExact("Lookup Ltd")),
					statecheck.ExpectKnownValue("data.contacts_client.by_id", tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue("data.contacts_client.by_id", tfjsonpath.New("created"), knownvalue.StringExact(acct.Dates.Created)),
					statecheck.ExpectKnownValue("data.contacts_client.by_id", tfjsonpath.New("updated"), knownvalue.StringExact(acct.Dates.Updated)),
					statecheck.ExpectKnownValue("data.contacts_client.by_name", tfjsonpath.New("id"), knownvalue.StringExact(id)),
					// The data source reports the name as stored, not as asked for.
					statecheck.ExpectKnownValue("data.contacts_client.by_name", tfjsonpath.New("company_name"), knownvalue.StringExact("Lookup Ltd")),
					statecheck.ExpectKnownValue("data.contacts_client.by_name", tfjsonpath.New("status"), knownvalue.StringExact("active")),
					// The API trims names, so surrounding spaces name the same client.
					statecheck.ExpectKnownValue("data.contacts_client.by_padded_name", tfjsonpath.New("id"), knownvalue.StringExact(id)),
				},
			},
		},
	})
}

func TestAccClientDataSource_errors(t *testing.T) {
	srv := testAccServer(t)
	mustCreateClient(t, testAPIClient(t, srv), "Partial Match Corp")

	steps := map[string]struct {
		body string
		want []string
	}{
		"neither": {
			body: `data "contacts_client" "test" {}`,
			want: []string{`Missing Attribute Configuration`, `Exactly one of these attributes must be configured: [id,company_name]`},
		},
		"both": {
			body: `data "contacts_client" "test" {
  id           = "1"
  company_name = "Partial Match Corp"
}`,
			want: []string{`Invalid Attribute Combination`, `Exactly one of these attributes must be configured: [id,company_name]`},
		},
		"id not a number": {
			body: `data "contacts_client" "test" {
  id = "acme"
}`,
			want: []string{`Attribute id must be a client id`},
		},
		"unknown id": {
			body: `data "contacts_client" "test" {
  id = "999"
}`,
			want: []string{`No client matches client id 999.`},
		},
		"partial name": {
			body: `data "contacts_client" "test" {
  company_name = "Partial Match"
}`,
			want: []string{`No client matches company name "Partial Match".`},
		},
	}
	for name, tc := range steps {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      testAccProviderBlock(srv) + tc.body,
					ExpectError: testErrorRegexp(tc.want...),
				}},
			})
		})
	}
}
