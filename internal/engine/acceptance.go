// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// SetUpAcceptance is for the TestMain of a package whose acceptance tests
// run a CLI, when TF_ACC is set: it detects the CLI that
// TF_ACC_TERRAFORM_PATH names and sets the environment the tests need on
// that engine. It never looks for a CLI of its own: without
// TF_ACC_TERRAFORM_PATH, terraform-plugin-testing would take whatever
// terraform is on PATH, or download one, and the tests must all run the
// one CLI they were given.
func SetUpAcceptance(ctx context.Context) (Engine, error) {
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if path == "" {
		return Engine{}, errors.New("TF_ACC is set but TF_ACC_TERRAFORM_PATH is not set. " +
			"The acceptance tests run exactly the CLI it names, Terraform or OpenTofu: run them with `make test` " +
			"(TERRAFORM=/path/to/terraform-or-tofu for another CLI than terraform on PATH), or set " +
			"TF_ACC_TERRAFORM_PATH=/path/to/terraform-or-tofu and TF_ACC_TERRAFORM_VERSION= yourself")
	}
	// terraform-plugin-testing takes only an absolute path, and go test
	// runs each package in its own directory.
	if !filepath.IsAbs(path) {
		return Engine{}, fmt.Errorf("TF_ACC_TERRAFORM_PATH=%s is not an absolute path: name the CLI by its full path, e.g. TF_ACC_TERRAFORM_PATH=$(command -v %s)", path, path)
	}
	e, err := Detect(ctx, path)
	if err != nil {
		return e, fmt.Errorf("TF_ACC_TERRAFORM_PATH names no CLI the tests can use: %w", err)
	}
	// The tests read no CLI configuration of the developer's: OpenTofu
	// prints warnings about a missing or odd one on stdout, where
	// terraform-exec reads the version, and the tests that drive the CLI
	// themselves write their own.
	if err := os.Setenv("TF_CLI_CONFIG_FILE", os.DevNull); err != nil {
		return e, err
	}
	// terraform-plugin-testing reattaches the in-process provider under
	// registry.terraform.io unless told otherwise, which OpenTofu refuses.
	if os.Getenv("TF_ACC_PROVIDER_HOST") == "" {
		if err := os.Setenv("TF_ACC_PROVIDER_HOST", e.ProviderHost()); err != nil {
			return e, err
		}
	}
	return e, nil
}

// AcceptanceBanner says which CLI the acceptance tests run, and with what
// settings, for a TestMain to print.
func (e Engine) AcceptanceBanner() string {
	return fmt.Sprintf("acceptance tests run %s (%s), TF_ACC_PROVIDER_HOST=%s, TF_CLI_CONFIG_FILE=%s",
		e, e.Path, os.Getenv("TF_ACC_PROVIDER_HOST"), os.Getenv("TF_CLI_CONFIG_FILE"))
}

// SetUpAcceptanceOrExit is SetUpAcceptance for a TestMain: when TF_ACC is
// set it sets up the CLI and prints the banner, or exits with the reason
// the tests cannot start; without TF_ACC it returns the zero Engine.
func SetUpAcceptanceOrExit() Engine {
	if os.Getenv("TF_ACC") == "" {
		return Engine{}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	e, err := SetUpAcceptance(ctx)
	if err != nil {
		fmt.Fprintf(os.Stderr, "acceptance tests cannot start: %v\n", err)
		os.Exit(1)
	}
	fmt.Fprintln(os.Stderr, e.AcceptanceBanner())
	return e
}
