// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

// Command engine prints which engine and version a Terraform-compatible
// CLI is, e.g. "OpenTofu 1.12.6", as the tests detect it (internal/engine),
// and fails when it cannot tell or when the CLI is not what a make target
// needs:
//
//	go run ./internal/cmd/engine /path/to/tofu
//	go run ./internal/cmd/engine -min 1.12.0 -name Terraform /path/to/terraform
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/engine"
)

func main() {
	minVersion := flag.String("min", "", "fail unless the CLI is this version or newer")
	name := flag.String("name", "", "fail unless the CLI is this engine (Terraform or OpenTofu)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: engine [-min VERSION] [-name ENGINE] CLI\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *name, *minVersion); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(path, name, minVersion string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	e, err := engine.Detect(ctx, path)
	if err != nil {
		return err
	}
	if name != "" && e.Name != name {
		return fmt.Errorf("%s is %s, not %s", path, e, name)
	}
	if minVersion != "" && !e.AtLeast(minVersion) {
		return fmt.Errorf("%s is %s, older than the %s this needs", path, e, minVersion)
	}
	fmt.Println(e)
	return nil
}
