// Command terraform-provider-contacts serves the Contacts provider to Terraform.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/contactsapi/terraform-provider-contacts/internal/provider"
)

// Generate the docs from schemas, examples and templates.
//go:generate go tool tfplugindocs generate --provider-name contacts --rendered-provider-name Contacts

// version is set at release time by goreleaser's ldflags.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         "registry.terraform.io/contactsapi/contacts",
		Debug:           debug,
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err)
	}
}
