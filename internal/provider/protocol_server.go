// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/contactsapi/terraform-provider-contacts/internal/protoserver"
)

// NewProtocol6Server returns the provider's protocol server: the
// framework's, with each RPC's context released when the RPC returns (see
// protoserver.Releasing).
func NewProtocol6Server(version string) func() tfprotov6.ProviderServer {
	return protoserver.NewProtocol6(New(version))
}
