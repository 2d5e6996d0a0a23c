// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"context"
	"crypto/rand"
	"encoding/hex"
)

type idempotencyKeyCtx struct{}

// WithIdempotencyKey returns a context whose POSTs send key as their
// Idempotency-Key instead of a fresh one. Repeating a create whose answer
// was lost under the same key makes the server replay its first answer, so
// the caller learns the object it created rather than creating another.
func WithIdempotencyKey(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, idempotencyKeyCtx{}, key)
}

// NewIdempotencyKey returns a fresh random key for WithIdempotencyKey.
func NewIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// idempotencyKey is the caller's key, or a fresh one.
func idempotencyKey(ctx context.Context) string {
	if key, ok := ctx.Value(idempotencyKeyCtx{}).(string); ok && key != "" {
		return key
	}
	return NewIdempotencyKey()
}
