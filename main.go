// Command terraform-provider-contacts serves the Contacts provider to Terraform.
package main

import (
	"flag"
	"log"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

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
	silenceUnrequestedLogs()

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	err := tf6server.Serve("registry.terraform.io/contactsapi/contacts", provider.NewProtocol6Server(version), opts...)
	if err != nil {
		log.Fatal(err)
	}
}

// silenceUnrequestedLogs turns the plugin SDK's and the provider's logs off
// when no TF_LOG* variable asks for them. Without a level they default to
// TRACE: every RPC writes dozens of JSON lines that Terraform parses and
// then drops, which costs the provider and Terraform about a quarter of
// their CPU time on a large plan. Any TF_LOG* setting keeps today's
// behaviour, so debugging with TF_LOG=trace is unchanged.
func silenceUnrequestedLogs() {
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "TF_LOG") {
			return
		}
	}
	for _, name := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER"} {
		if err := os.Setenv(name, "off"); err != nil {
			log.Fatal(err)
		}
	}
}
