// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// redacted replaces a secret in any text the client hands on.
const redacted = "[redacted]"

// maxEncodedRune bounds the length of one character of a secret in any
// form runeForms writes (TestLongestForm checks it).
const maxEncodedRune = 64

// maxText bounds the text the client keeps of a server's message (or any
// other text it redacts): an error is read by a person, and matching every
// quoting of a secret costs time in proportion to the text.
const maxText = 4 << 10

// redactor blanks a set of secrets out of text.
type redactor struct {
	secrets []*secret
	// longest is the most bytes one occurrence of a secret can take.
	longest int
}

// secret is one value to blank out. Its forms are gathered on first use:
// most calls never fail, and a client's key is shared by all its calls.
type secret struct {
	value string
	forms func() secretForms
}

func newSecret(v string) *secret {
	return &secret{value: v, forms: sync.OnceValue(func() secretForms { return newSecretForms(v) })}
}

// with returns a redactor for r's secrets and more; empty ones are skipped.
func (r *redactor) with(values ...string) *redactor {
	out := &redactor{}
	if r != nil {
		out.secrets, out.longest = r.secrets, r.longest
	}
	for _, v := range values {
		if v == "" || slices.ContainsFunc(out.secrets, func(s *secret) bool { return s.value == v }) {
			continue
		}
		out.secrets = append(out.secrets[:len(out.secrets):len(out.secrets)], newSecret(v))
		out.longest = max(out.longest, len(v), maxEncodedRune*utf8.RuneCountInString(v))
	}
	return out
}

// redact returns s, cut to maxText, with every occurrence of a secret
// replaced. The secrets are looked for a little past the cut, so that one
// straddling it is blanked out whole rather than shown in part.
func (r *redactor) redact(s string) string {
	cut := len(s)
	if cut > maxText {
		cut = maxText
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	if r == nil || len(r.secrets) == 0 {
		return truncated(s, cut)
	}
	window := s[:min(len(s), cut+r.longest)]
	var spans [][]int
	for _, sec := range r.secrets {
		// The exact form too: a secret that is not valid UTF-8 has no
		// forms of its own.
		for off := 0; ; {
			j := strings.Index(window[off:], sec.value)
			if j < 0 {
				break
			}
			spans = append(spans, []int{off + j, off + j + len(sec.value)})
			off += j + len(sec.value)
		}
		spans = append(spans, sec.forms().findAll(window)...)
	}
	if len(spans) == 0 {
		return truncated(s, cut)
	}
	slices.SortFunc(spans, func(a, b []int) int { return a[0] - b[0] })
	var b strings.Builder
	pos := 0
	for _, sp := range spans {
		if sp[0] >= cut {
			break
		}
		if sp[1] <= pos {
			continue // inside a span already replaced
		}
		if sp[0] > pos {
			b.WriteString(window[pos:sp[0]])
		}
		if sp[0] >= pos {
			b.WriteString(redacted)
		}
		pos = sp[1]
	}
	if pos < cut {
		b.WriteString(window[pos:cut])
	}
	if cut < len(s) {
		b.WriteString("…")
	}
	return b.String()
}

func truncated(s string, cut int) string {
	if cut < len(s) {
		return s[:cut] + "…"
	}
	return s
}

// redactAPIError blanks the secrets out of an error's server-written text:
// a server or proxy that echoes the Authorization header or the body would
// otherwise carry them into diagnostics and logs.
func (r *redactor) redactAPIError(e *APIError) {
	e.Message = r.redact(e.Message)
	if len(e.FieldErrors) == 0 {
		return
	}
	fields := make(map[string][]string, len(e.FieldErrors))
	for field, msgs := range e.FieldErrors {
		clean := make([]string, len(msgs))
		for i, m := range msgs {
			clean[i] = r.redact(m)
		}
		key := r.redact(field)
		fields[key] = append(fields[key], clean...)
	}
	e.FieldErrors = fields
}

// redactedError keeps a cause for errors.Is and errors.As but shows only
// its redacted text.
type redactedError struct {
	text string
	err  error
}

func (e *redactedError) Error() string { return e.text }
func (e *redactedError) Unwrap() error { return e.err }

func (r *redactor) wrap(err error) error {
	if err == nil {
		return nil
	}
	return &redactedError{text: r.redact(err.Error()), err: err}
}
