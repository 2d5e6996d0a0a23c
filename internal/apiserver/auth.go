// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"sort"
)

// apiKey keeps only a digest of the key: the plain key is not needed after
// start-up, and comparing fixed-size digests keeps lengths out of the timing.
type apiKey struct {
	digest [32]byte
	id     string // hex prefix of the digest, a log- and map-safe name
	scope  string
	// fingerprintKey keys the hash of request bodies kept for
	// Idempotency-Key replays. It is derived from the key and never saved,
	// so the saved fingerprints cannot be used to guess a password sent in
	// a body, even by someone holding the data file.
	fingerprintKey [32]byte
}

// fingerprint is the keyed hash of a request body under this API key.
func (k apiKey) fingerprint(body []byte) [32]byte {
	m := hmac.New(sha256.New, k.fingerprintKey[:])
	m.Write(body)
	var out [32]byte
	m.Sum(out[:0])
	return out
}

func parseKeys(keys map[string]string) ([]apiKey, error) {
	out := make([]apiKey, 0, len(keys))
	for k, scope := range keys {
		if k == "" {
			return nil, fmt.Errorf("apiserver: empty API key")
		}
		if scope != ScopeRead && scope != ScopeWrite {
			return nil, fmt.Errorf("apiserver: API key scope %q is neither %q nor %q", scope, ScopeRead, ScopeWrite)
		}
		d := sha256.Sum256([]byte(k))
		out = append(out, apiKey{
			digest: d, id: hex.EncodeToString(d[:16]), scope: scope,
			fingerprintKey: sha256.Sum256([]byte("idempotency fingerprint\x00" + k)),
		})
	}
	// A stable order keeps lookups uniform from run to run.
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out, nil
}

// lookupKey compares the token with every key in constant time, without
// stopping at the first match, so timing reveals neither which key matched
// nor how much of one did.
func (s *Server) lookupKey(token string) (apiKey, bool) {
	d := sha256.Sum256([]byte(token))
	var found apiKey
	match := 0
	for _, k := range s.keys {
		if subtle.ConstantTimeCompare(d[:], k.digest[:]) == 1 {
			found, match = k, 1
		}
	}
	return found, match == 1
}
