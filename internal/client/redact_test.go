// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// testEncoders are the quotings a server may apply to a string, built from
// the real encoders where there is one, each hexadecimal form in both cases.
// They are independent of the redactor's own list on purpose: the redactor
// must recognise what these write, not what it expects them to write.
var testEncoders = map[string]func(string) string{
	"plain":                     func(s string) string { return s },
	"JSON":                      jsonEscape(true),
	"JSON without HTML escapes": jsonEscape(false),
	"JSON upper hex":            upperHex(jsonEscape(true)),
	"URL query":                 url.QueryEscape,
	"URL query lower hex":       lowerHex(url.QueryEscape),
	"URL path":                  url.PathEscape,
	"URL path lower hex":        lowerHex(url.PathEscape),
	"HTML":                      html.EscapeString,
	"decimal entities":          entities("&#%d;"),
	"hex entities":              entities("&#x%x;"),
	"hex entities upper":        entities("&#X%X;"),
}

// jsonEscape is encoding/json's quoting of s, without the quotes.
func jsonEscape(escapeHTML bool) func(string) string {
	return func(s string) string {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(escapeHTML)
		_ = enc.Encode(s)
		b := bytes.TrimSpace(buf.Bytes())
		return string(b[1 : len(b)-1])
	}
}

// entities writes every character but ASCII letters and digits as a
// numeric character reference, as HTML-encoding libraries do.
func entities(format string) func(string) string {
	return func(s string) string {
		var b strings.Builder
		for _, r := range s {
			if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				b.WriteRune(r)
			} else {
				fmt.Fprintf(&b, format, r)
			}
		}
		return b.String()
	}
}

// hexEscapes are the escapes whose digits a writer may put in either case.
var hexEscapes = regexp.MustCompile(`%[0-9A-Fa-f]{2}|\\u[0-9A-Fa-f]{4}`)

func lowerHex(enc func(string) string) func(string) string {
	return func(s string) string { return hexEscapes.ReplaceAllStringFunc(enc(s), strings.ToLower) }
}

func upperHex(enc func(string) string) func(string) string {
	return func(s string) string {
		return hexEscapes.ReplaceAllStringFunc(enc(s), func(e string) string { return e[:2] + strings.ToUpper(e[2:]) })
	}
}

// recognisable returns the parts of secret, of 4 characters or more, that
// text shows through enc.
func recognisable(text, secret string, enc func(string) string) []string {
	runes := []rune(secret)
	var out []string
	for i := range runes {
		for j := i + 4; j <= len(runes); j++ {
			if part := enc(string(runes[i:j])); strings.Contains(text, part) {
				out = append(out, part)
			}
		}
	}
	return out
}

// TestRedactionOfComposedQuotings: a password quoted by one writer and the
// result quoted by another (JSON inside a URL, a URL inside JSON, HTML
// entities of either, in either case of hex) is blanked out of a larger
// text, and no part of it is left to recognise.
func TestRedactionOfComposedQuotings(t *testing.T) {
	t.Parallel()
	r := (*redactor)(nil).with(hostilePassword)
	for inner, encIn := range testEncoders {
		for outer, encOut := range testEncoders {
			t.Run(outer+" of "+inner, func(t *testing.T) {
				t.Parallel()
				enc := func(s string) string { return encOut(encIn(s)) }
				text := `{"message":"Redirected to /login?next=` + enc(hostilePassword) + `&lang=en","errors":{"password":["was ` + enc(hostilePassword) + `."]}}`
				out := r.redact(text)
				if parts := recognisable(out, hostilePassword, enc); len(parts) > 0 {
					t.Errorf("redact left %q recognisable in %s", parts, out)
				}
				if n := strings.Count(out, redacted); n != 2 {
					t.Errorf("redact blanked %d spans, want the 2 copies: %s", n, out)
				}
				if !strings.HasPrefix(out, `{"message":"Redirected to /login?next=[redacted]&lang=en"`) {
					t.Errorf("redact blanked more than the password: %s", out)
				}
			})
		}
	}
}

// TestLongestForm: maxEncodedRune, by which the redactor looks past the
// cut of a long text, bounds every form of every kind of character.
func TestLongestForm(t *testing.T) {
	t.Parallel()
	runes := []rune{'é', '€', '😀', '\u2028', '\U0010FFFF', utf8.RuneError}
	for r := range rune(utf8.RuneSelf) {
		runes = append(runes, r)
	}
	for _, r := range runes {
		if n := formsOf(r).longestForm(); n > maxEncodedRune {
			t.Errorf("a form of %q takes %d bytes, more than maxEncodedRune (%d)", r, n, maxEncodedRune)
		}
	}
}

// TestRedactionOfOddForms: quotings that the real encoders above do not
// write but other writers do, each blanked out whole.
func TestRedactionOfOddForms(t *testing.T) {
	t.Parallel()
	const secret = `O'k\"é😀/<`
	r := (*redactor)(nil).with(secret)
	tests := map[string]string{
		"PHP htmlspecialchars, zero-padded":  `O&#039;k\&quot;é😀/&lt;`,
		"named entities":                     `O&apos;k\&quot;é😀/&lt;`,
		"upper-case hex entities":            `O&#X27;k&#X5C;&#X22;&#XE9;&#X1F600;&#X2F;&#X3C;`,
		"PHP json_encode":                    `O'k\\\"\u00e9\ud83d\ude00\/<`,
		"JSON inside JSON inside JSON":       `O'k\\\\\\\\\\\\\\\"é😀/\\\\u003c`,
		"JSON upper hex inside a URL":        `O%27k%5C%5C%5C%22%5CU00E9%5CUD83D%5CUDE00%2F%5CU003C`,
		"single-quoted string":               `O\'k\\"é😀/<`,
		"C and Python hex escapes":           `O\x27k\x5c\x22\xe9\U0001f600\x2f\x3c`,
		"Go quoted, as ASCII":                `O'k\\\"\u00e9\U0001f600/<`,
		"every character an entity":          `&#79;&#39;&#x6B;&#92;&#34;&#233;&#128512;&#47;&#60;`,
		"every byte a C escape":              `\x4f\x27\x6b\x5c\x22\xc3\xa9\xf0\x9f\x98\x80\x2f\x3c`,
		"every byte percent-encoded, lower":  `%4f%27%6b%5c%22%c3%a9%f0%9f%98%80%2f%3c`,
		"URL escaped twice":                  `O%2527k%255C%2522%25C3%25A9%25F0%259F%2598%2580%252F%253C`,
		"forms mixed from char to char":      `O&#39;k%5C\"\u00E9%F0%9F%98%80\/&lt;`,
		"HTML of JSON, entities zero-padded": `O&#0039;k\\\&#0034;é😀/\u003c`,
	}
	for name, quoted := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			text := `{"message":"no such user ` + quoted + `; see the log"}`
			if got, want := r.redact(text), `{"message":"no such user [redacted]; see the log"}`; got != want {
				t.Errorf("redact(%q)\n = %q\nwant %q", text, got, want)
			}
		})
	}
}

// BenchmarkRedact is the redactor's cost on one error: a call's first
// (its password's forms are gathered then) and a client's later ones,
// on a short message and on the longest text kept, full of escapes.
func BenchmarkRedact(b *testing.B) {
	texts := map[string]string{
		"short message": "The given data was invalid.",
		"long echo":     strings.Repeat(`{"a":"b\"c\\d%5C%22&#34;&amp;"} `, maxText/32),
	}
	key := (*redactor)(nil).with(testAPIKey)
	key.redact("warm the key's forms")
	for name, text := range texts {
		b.Run("first error of a call, "+name, func(b *testing.B) {
			for b.Loop() {
				key.with(hostilePassword).redact(text)
			}
		})
		r := key.with(hostilePassword)
		b.Run("later error, "+name, func(b *testing.B) {
			for b.Loop() {
				r.redact(text)
			}
		})
	}
}
