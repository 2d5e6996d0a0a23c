// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package sample

import "testing"

func TestPasses(t *testing.T) { t.Log("quiet when passing") }

func TestFails(t *testing.T) {
	t.Run("sub", func(t *testing.T) { t.Error("the reason it failed") })
}

func TestSkips(t *testing.T) { t.Skip("not here") }
