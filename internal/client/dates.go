// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

// Dates are an object's timestamps, as the API formats them
// (2026-06-15T09:30:00.000000Z, UTC).
type Dates struct {
	Created string `json:"created"`
	Updated string `json:"updated"`
}
