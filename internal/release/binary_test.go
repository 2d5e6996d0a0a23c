// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package release

import (
	"os"
	"runtime"
	"testing"
)

func TestBinaryPlatform(t *testing.T) {
	t.Parallel()
	for _, p := range RegistryPlatforms {
		t.Run(p.String(), func(t *testing.T) {
			t.Parallel()
			got, err := binaryPlatform(fakeExecutable(t, p))
			if err != nil {
				t.Fatal(err)
			}
			if got != p {
				t.Errorf("read %s from a %s header", got, p)
			}
		})
	}
}

// The test binary itself is a real executable for the host platform.
func TestBinaryPlatform_realExecutable(t *testing.T) {
	t.Parallel()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	got, err := binaryPlatform(data)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Platform{runtime.GOOS, runtime.GOARCH}); got != want {
		t.Errorf("read %s from this test binary, built for %s", got, want)
	}
}

func TestBinaryPlatform_notExecutable(t *testing.T) {
	t.Parallel()
	if _, err := binaryPlatform([]byte("#!/bin/sh\necho hello\n")); err == nil {
		t.Error("a shell script was read as an executable")
	}
}
