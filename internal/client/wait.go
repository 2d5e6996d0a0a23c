// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import "time"

// WaitCause is what a wait for the API's rate limit answers.
type WaitCause string

const (
	// WaitTooManyRequests is the wait before retrying a 429: its
	// Retry-After, or the backoff when it has none.
	WaitTooManyRequests WaitCause = "429"
	// WaitRateLimitLow is the pacer's: the answers' X-RateLimit-Remaining
	// ran low, and the client spreads what is left over the window.
	WaitRateLimitLow WaitCause = "rate-limit-low"
)

// Wait is one wait for the API's rate limit, as Config.OnWait hears of it
// before the client makes it.
type Wait struct {
	Cause WaitCause
	// Method and Path are the request that waits.
	Method, Path string
	// Duration is how long the client waits; Asked is how long the API's
	// answer asked for (Retry-After, or the rest of the rate-limit
	// window), longer than Duration when Cap cut it.
	Duration, Asked time.Duration
	// Cap is MaxRetryWait, the longest single wait.
	Cap time.Duration
	// Limit and Remaining are the last rate-limit figures the API sent
	// (WaitRateLimitLow).
	Limit, Remaining int
}

// Cut reports whether the cap shortened the wait the API asked for.
func (w Wait) Cut() bool { return w.Asked > w.Duration }
