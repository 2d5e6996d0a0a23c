// Command floorprovider is the benchmark's floor: a provider built with the
// same framework and protocol version as terraform-provider-contacts whose
// one resource, floor_item, keeps its input and calls nothing. Its timings
// are the cost of Terraform plus the plugin protocol, which no real
// provider can go below.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
)

func main() {
	err := providerserver.Serve(context.Background(), newProvider, providerserver.ServeOpts{
		Address:         "registry.terraform.io/bench/floor",
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err)
	}
}
