// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package release

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"
)

// Two throwaway keys for the whole package, made on first use and deleted
// when the tests end: generating RSA keys is the slow part of these tests.
var (
	keysOnce    sync.Once
	keyA, keyB  *SigningKey
	keysErr     error
	keysSkipped bool
)

func testKeys(t *testing.T) (*SigningKey, *SigningKey) {
	t.Helper()
	keysOnce.Do(func() {
		if _, err := exec.LookPath("gpg"); err != nil {
			keysSkipped = true
			return
		}
		ctx := context.Background()
		if keyA, keysErr = NewThrowawayKey(ctx); keysErr == nil {
			keyB, keysErr = NewThrowawayKey(ctx)
		}
	})
	if keysSkipped {
		t.Skipf("gpg not found: the signature checks need it; %s", gpgHint)
	}
	if keysErr != nil {
		t.Fatal(keysErr)
	}
	return keyA, keyB
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, k := range []*SigningKey{keyA, keyB} {
		if k != nil {
			if err := k.Close(); err != nil {
				fmt.Fprintln(os.Stderr, "deleting a throwaway key:", err)
			}
		}
	}
	os.Exit(code)
}
