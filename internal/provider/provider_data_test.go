// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

func TestProviderDataFrom(t *testing.T) {
	t.Parallel()
	c, err := client.New(client.Config{Endpoint: "http://127.0.0.1:1", APIKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	data := newProviderData(c)
	tests := map[string]struct {
		data       any
		want       *providerData
		wantClient *client.Client
		wantErr    bool
	}{
		"not configured yet": {data: nil},
		"provider data":      {data: data, want: data, wantClient: c},
		"a bare client":      {data: c, wantErr: true},
		"something else":     {data: "a string", wantErr: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var diags diag.Diagnostics
			got := providerDataFrom(tc.data, &diags)
			if got != tc.want || got.apiClient() != tc.wantClient || diags.HasError() != tc.wantErr {
				t.Fatalf("providerDataFrom(%T) = %p, %v", tc.data, got, diags)
			}
			if tc.wantErr && !strings.Contains(diags[0].Detail(), fmt.Sprintf("got %T", tc.data)) {
				t.Errorf("detail %q does not name the type", diags[0].Detail())
			}
		})
	}
}
