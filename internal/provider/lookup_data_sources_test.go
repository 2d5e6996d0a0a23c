// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
)

// TestLookupDataSourcesSayExactlyOne: a data source that looks one object up
// by one of several attributes says so under each of them, since the docs
// list each attribute on its own and a reader lands on any one of them.
func TestLookupDataSourcesSayExactlyOne(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		ds      datasource.DataSource
		lookups []string
	}{
		"contacts_client":      {NewClientDataSource(), []string{"id", "company_name"}},
		"contacts_contact":     {NewContactDataSource(), []string{"id", "email"}},
		"contacts_portal_user": {NewPortalUserDataSource(), []string{"id", "contact_id", "username"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var resp datasource.SchemaResponse
			tc.ds.Schema(context.Background(), datasource.SchemaRequest{}, &resp)
			quoted := make([]string, len(tc.lookups))
			for i, l := range tc.lookups {
				quoted[i] = fmt.Sprintf("`%s`", l)
			}
			want := "Set exactly one of " + strings.Join(quoted[:len(quoted)-1], ", ") + " and " + quoted[len(quoted)-1] + "."
			for _, l := range tc.lookups {
				attr, ok := resp.Schema.Attributes[l]
				if !ok {
					t.Fatalf("no attribute %s", l)
				}
				if d := attr.GetMarkdownDescription(); !strings.Contains(d, want) {
					t.Errorf("%s: %q does not say %q", l, d, want)
				}
			}
		})
	}
}
