package client

import (
	"fmt"
	"regexp"
	"strings"
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
	// One or more backslashes, also percent-encoded: escapes of escapes.
	const bs = `(?:\\|%5[cC])+`
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

// redactor blanks a set of secrets out of text.
type redactor struct {
	secrets  []string
	patterns []*regexp.Regexp
}

// with returns a redactor for r's secrets and more; empty ones are skipped.
func (r *redactor) with(secrets ...string) *redactor {
	out := &redactor{}
	if r != nil {
		out.secrets, out.patterns = r.secrets, r.patterns
	}
	for _, s := range secrets {
		if s == "" || containsString(out.secrets, s) {
			continue
		}
		out.secrets = append(out.secrets[:len(out.secrets):len(out.secrets)], s)
		out.patterns = append(out.patterns[:len(out.patterns):len(out.patterns)], secretPattern(s))
	}
	return out
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func (r *redactor) redact(s string) string {
	if r == nil {
		return s
	}
	for i, p := range r.patterns {
		// The exact form first: a secret that is not valid UTF-8 has no
		// pattern form of its own.
		s = strings.ReplaceAll(s, r.secrets[i], redacted)
		s = p.ReplaceAllLiteralString(s, redacted)
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
