// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package protoserver

import (
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

func TestSilenceUnrequestedLogs(t *testing.T) {
	tests := map[string]struct {
		env  map[string]string
		want string // every quieted variable's value afterwards; "" is unset
	}{
		"nothing asked: off":          {env: nil, want: "off"},
		"TF_LOG asks: untouched":      {env: map[string]string{"TF_LOG": "trace"}, want: ""},
		"TF_LOG_PATH asks: untouched": {env: map[string]string{"TF_LOG_PATH": "/tmp/tf.log"}, want: ""},
		"a provider level: untouched": {env: map[string]string{"TF_LOG_PROVIDER_CONTACTS": "debug"}, want: ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			clearLogEnv(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			if err := SilenceUnrequestedLogs("registry.terraform.io/contactsapi/contacts"); err != nil {
				t.Fatal(err)
			}
			for _, name := range quietedLogs {
				if got := os.Getenv(name); got != tc.want {
					t.Errorf("%s = %q, want %q", name, got, tc.want)
				}
			}
		})
	}
}

// clearLogEnv unsets every TF_LOG* variable for the test, restoring them
// afterwards.
func clearLogEnv(t *testing.T) {
	t.Helper()
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TF_LOG") {
			t.Setenv(name, "") // registers the restore
			os.Unsetenv(name)
		}
	}
	for _, name := range quietedLogs {
		t.Setenv(name, "")
		os.Unsetenv(name)
	}
}

// TestProviderLoggerSilenced: the provider's own logger (tflog, which the
// provider and terraform-plugin-framework-timeouts write to) takes its
// level from TF_LOG_PROVIDER_<TYPE>, as tf6server sets it up; with no
// TF_LOG* asked for, it must be off, or every resource's RPCs write JSON
// log lines that the provider formats and Terraform parses and drops.
func TestProviderLoggerSilenced(t *testing.T) {
	for address, typ := range map[string]string{
		"registry.terraform.io/contactsapi/contacts": "contacts",
		"registry.terraform.io/bench/floor":          "floor",
	} {
		t.Run(typ, func(t *testing.T) {
			clearLogEnv(t)
			t.Setenv(providerLogVariable(address), "")
			os.Unsetenv(providerLogVariable(address))
			if err := SilenceUnrequestedLogs(address); err != nil {
				t.Fatal(err)
			}
			// The option tf6server.Serve gives the provider's root logger.
			opts := applyOption(tflog.WithLevelFromEnv("TF_LOG_PROVIDER", typ))
			if opts.Level.String() != "off" {
				t.Errorf("the provider logger's level is %v, want off", opts.Level)
			}
		})
	}
}

// applyOption applies a terraform-plugin-log option to empty logger
// options, whose type that module keeps internal.
func applyOption[O any](opt func(O) O) O {
	var zero O
	return opt(zero)
}
