// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// redacted replaces a secret in any text the client hands on.
const redacted = "[redacted]"

// secretPattern matches s however a server may have quoted it when it
// wrote it back: each character may appear as itself, JSON-escaped (a
// short escape or \uXXXX in either case, behind any number of backslashes
// for an echo nested in JSON strings), percent-encoded (URL and form, + for
// a space), Go-quoted (\x, \U) or as an HTML entity, and the forms may mix.
func secretPattern(s string) *regexp.Regexp {
	// One or more backslashes, also percent-encoded: escapes of escapes,
	// as deep as a few JSON strings nested in one another.
	const bs = `(?:\\|%5[cC]){1,8}`
	var b strings.Builder
	for _, r := range s {
		alts := []string{regexp.QuoteMeta(string(r))}
		if r < utf8.RuneSelf {
			alts = append(alts, fmt.Sprintf(`&#0*%d;`, r), fmt.Sprintf(`(?i:&#x0*%x;)`, r), bs+fmt.Sprintf(`(?i:x%02x)`, r))
		}
		if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
			alts = append(alts, fmt.Sprintf(`%s(?i:u%04x)%s(?i:u%04x)`, bs, r1, bs, r2))
		} else {
			alts = append(alts, fmt.Sprintf(`%s(?i:u%04x)`, bs, r))
		}
		alts = append(alts, bs+fmt.Sprintf(`(?i:U%08x)`, r))
		var pct strings.Builder
		for _, c := range []byte(string(r)) {
			fmt.Fprintf(&pct, `(?i:%%%02x)`, c)
		}
		alts = append(alts, pct.String())
		switch r {
		case '"', '/', '\'':
			alts = append(alts, bs+regexp.QuoteMeta(string(r)))
		case '\\':
			alts = append(alts, bs)
		case ' ':
			alts = append(alts, `\+`)
		case '\b':
			alts = append(alts, bs+"b")
		case '\f':
			alts = append(alts, bs+"f")
		case '\n':
			alts = append(alts, bs+"n")
		case '\r':
			alts = append(alts, bs+"r")
		case '\t':
			alts = append(alts, bs+"t")
		}
		switch r {
		case '<':
			alts = append(alts, `&lt;`)
		case '>':
			alts = append(alts, `&gt;`)
		case '&':
			alts = append(alts, `&amp;`)
		case '"':
			alts = append(alts, `&quot;`)
		case '\'':
			alts = append(alts, `&apos;`)
		}
		b.WriteString("(?:" + strings.Join(alts, "|") + ")")
	}
	return regexp.MustCompile(b.String())
}

// maxEncodedRune bounds the length of one character of a secret in any
// form secretPattern matches: eight escaped backslashes and a surrogate pair.
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

// secret is one value to blank out. Its pattern is compiled on first use:
// most calls never fail, and a client's key is shared by all its calls.
type secret struct {
	value   string
	once    sync.Once
	pattern *regexp.Regexp
}

func (s *secret) compiled() *regexp.Regexp {
	s.once.Do(func() { s.pattern = secretPattern(s.value) })
	return s.pattern
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
		out.secrets = append(out.secrets[:len(out.secrets):len(out.secrets)], &secret{value: v})
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
		// pattern form of its own.
		for off := 0; ; {
			j := strings.Index(window[off:], sec.value)
			if j < 0 {
				break
			}
			spans = append(spans, []int{off + j, off + j + len(sec.value)})
			off += j + len(sec.value)
		}
		spans = append(spans, sec.compiled().FindAllStringIndex(window, -1)...)
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
