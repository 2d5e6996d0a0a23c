// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package release

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"fmt"
	"strings"
)

// parseSums reads a SHA256SUMS file as sha256sum writes it: one
// "<64 hex digits>  <file name>" per line, each name once.
func parseSums(data []byte) (map[string]string, error) {
	sums := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" {
			continue
		}
		sum, name, ok := strings.Cut(line, "  ")
		if !ok || name == "" {
			return nil, fmt.Errorf("line %d is not \"<sha256>  <file>\": %q", n, line)
		}
		if b, err := hex.DecodeString(sum); err != nil || len(b) != 32 {
			return nil, fmt.Errorf("line %d: %q is not a SHA-256 in hex", n, sum)
		}
		if _, dup := sums[name]; dup {
			return nil, fmt.Errorf("line %d: %s is listed twice", n, name)
		}
		sums[name] = strings.ToLower(sum)
	}
	return sums, sc.Err()
}
