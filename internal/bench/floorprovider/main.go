// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

// Command floorprovider is the benchmark's floor: a provider built with the
// same framework and protocol version as terraform-provider-contacts whose
// resources keep their input and call nothing. floor_contact,
// floor_portal_user and the rest mirror the contacts resources' schemas
// without their logic (mirror.go); floor_item is the smallest resource,
// a map of strings. Their timings are the cost of Terraform plus the
// plugin protocol for objects of that shape, which no real provider can
// go below.
//
// It is served as the contacts provider is (internal/protoserver): the
// SDK's logs off unless asked for, and each RPC's context released when it
// returns. Without those the floor would pay for the framework's default
// TRACE logging and context leak, costs any provider can avoid, and would
// no longer be a floor.
package main

import (
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/contactsapi/terraform-provider-contacts/internal/protoserver"
)

// address is the provider's registry address, which Terraform and the logs name it by.
const address = "registry.terraform.io/bench/floor"

func main() {
	if err := protoserver.SetUpProcess(address); err != nil {
		log.Fatal(err)
	}
	stopProfile := profileCPU()
	err := tf6server.Serve(address, protoserver.NewProtocol6(newProvider))
	stopProfile()
	if err != nil {
		log.Fatal(err)
	}
}
