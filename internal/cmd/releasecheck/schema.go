// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"context"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/contactsapi/terraform-provider-contacts/internal/provider"
)

type schemaNames struct {
	Resources   []string
	DataSources []string
}

// providerSchemaNames asks the provider built from this source, in this
// process, which resource and data source types it serves: what the
// released binary must serve too.
func providerSchemaNames(ctx context.Context) (schemaNames, error) {
	resp, err := provider.NewProtocol6Server("releasecheck")().GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return schemaNames{}, err
	}
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return schemaNames{}, fmt.Errorf("the provider's own schema: %s: %s", d.Summary, d.Detail)
		}
	}
	return schemaNames{Resources: keys(resp.ResourceSchemas), DataSources: keys(resp.DataSourceSchemas)}, nil
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
