// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package protoserver

import (
	"os"
	"strings"
	"testing"
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
			if err := SilenceUnrequestedLogs(); err != nil {
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
