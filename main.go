// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

// Command terraform-provider-contacts serves the Contacts provider to Terraform.
package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/contactsapi/terraform-provider-contacts/internal/protoserver"
	"github.com/contactsapi/terraform-provider-contacts/internal/provider"
)

// address is the provider's registry address, which Terraform and the logs name it by.
const address = "registry.terraform.io/contactsapi/contacts"

// Generate the docs from schemas, examples and templates.
//go:generate go tool tfplugindocs generate --provider-name contacts --rendered-provider-name Contacts

// version is set at release time by goreleaser's ldflags.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	if err := protoserver.SetUpProcess(address); err != nil {
		log.Fatal(err)
	}

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	err := tf6server.Serve(address, provider.NewProtocol6Server(version), opts...)
	if err != nil {
		log.Fatal(err)
	}
}
