// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"slices"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// encoding is one way a writer quotes a string: JSON, a URL, HTML, a
// language's string literal. Every one of them works character by
// character, so a secret quoted by one and then by another is, character
// by character, each character quoted by the one and then by the other:
// the forms of a secret are the forms of its characters, one after another.
type encoding func(string) string

// escapes rewrite only the characters their syntax needs, so they nest:
// JSON in a URL, a URL in JSON, JSON in JSON, HTML of any of them.
var escapes = []encoding{
	jsonQuote,
	jsonQuoteASCII, // PHP's default: \/ and everything past ASCII as \u
	singleQuoted,
	url.QueryEscape,
	url.PathEscape,
	html.EscapeString, // &#34; and &#39;
	namedEntities,
	specialEntities("&#%d;"),
	specialEntities("&#x%x;"),
	// Nested once more: an echo inside an echo, and a URL in a query.
	func(s string) string { return jsonQuote(jsonQuote(s)) },
	func(s string) string { return url.QueryEscape(url.QueryEscape(s)) },
}

// spellings write every character as an escape, letters too. They are
// applied to the secret's own characters and their results escaped again,
// but not applied to another encoding's escapes: no writer spells out the
// hexadecimal digits of an escape it was given.
var spellings = []encoding{
	every(uEscape),
	every(pyEscape),
	every(func(r rune) string { return bytesAs(r, `\x%02x`) }),
	every(func(r rune) string { return bytesAs(r, `%%%02X`) }),
	every(func(r rune) string { return fmt.Sprintf("&#%d;", r) }),
	every(func(r rune) string { return fmt.Sprintf("&#x%x;", r) }),
}

// runeForms returns every form of r that an escape or a spelling, followed
// by an escape, writes; r itself first.
func runeForms(r rune) []string {
	s := string(r)
	forms := []string{s}
	seen := map[string]bool{s: true}
	add := func(f string) {
		if !seen[f] {
			seen[f] = true
			forms = append(forms, f)
		}
	}
	for _, first := range slices.Concat(escapes, spellings) {
		once := first(s)
		add(once)
		for _, second := range escapes {
			add(second(once))
		}
	}
	return forms
}

// charForms is one character of a secret and its other forms, which are
// matched ignoring the case of ASCII letters (the hexadecimal digits of an
// escape come in either case; at worst a form is blanked that a writer
// spelled oddly).
type charForms struct {
	char   string
	forms  []string
	starts [256]bool // the first bytes of the forms, in lower case
}

func newCharForms(r rune) *charForms {
	all := runeForms(r)
	cf := &charForms{char: all[0], forms: all[1:]}
	for _, f := range cf.forms {
		cf.starts[lower(f[0])] = true
	}
	return cf
}

// formsOf returns the forms of r. Those of ASCII characters, which most
// secrets are made of, are built once: each takes hundreds of encodings,
// and none says anything about a secret.
func formsOf(r rune) *charForms {
	if r < utf8.RuneSelf {
		return asciiForms[r]()
	}
	return newCharForms(r)
}

var asciiForms = func() (t [utf8.RuneSelf]func() *charForms) {
	for r := range t {
		t[r] = sync.OnceValue(func() *charForms { return newCharForms(rune(r)) })
	}
	return t
}()

// longestForm is the most bytes one form of cf takes.
func (cf *charForms) longestForm() int {
	n := len(cf.char)
	for _, f := range cf.forms {
		n = max(n, len(f))
	}
	return n
}

// ends appends to out the end of every form of the character that text
// starts at from.
func (cf *charForms) ends(text string, from int, out []int) []int {
	if strings.HasPrefix(text[from:], cf.char) {
		out = append(out, from+len(cf.char))
	}
	if from >= len(text) || !cf.starts[lower(text[from])] {
		return out
	}
	for _, f := range cf.forms {
		if n := matchFolded(text[from:], f); n > 0 {
			out = append(out, from+n)
		}
	}
	return out
}

// matchFolded returns how many bytes at the start of text spell form, the
// case of ASCII letters aside, and any zeros that pad the digits of a
// character reference (PHP writes &#039;); 0 when text does not.
func matchFolded(text, form string) int {
	i := 0
	for j := 0; j < len(form); j++ {
		if isEntityDigits(form, j) {
			for i+1 < len(text) && text[i] == '0' && isHexDigit(text[i+1]) {
				i++
			}
		}
		if i >= len(text) || lower(text[i]) != lower(form[j]) {
			return 0
		}
		i++
	}
	return i
}

// isEntityDigits reports whether form[j] starts the digits of a numeric
// character reference.
func isEntityDigits(form string, j int) bool {
	switch {
	case j >= 2 && form[j-2:j] == "&#":
		return lower(form[j]) != 'x'
	case j >= 3 && form[j-3:j-1] == "&#":
		return lower(form[j-1]) == 'x'
	}
	return false
}

func lower(b byte) byte {
	if b >= 'A' && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}

func isHexDigit(b byte) bool {
	return b >= '0' && b <= '9' || lower(b) >= 'a' && lower(b) <= 'f'
}

// secretForms finds a secret in any of its forms, each character in one
// of its own, so that forms may mix from one character to the next.
type secretForms []*charForms

func newSecretForms(s string) secretForms {
	out := make(secretForms, 0, utf8.RuneCountInString(s))
	for _, r := range s {
		out = append(out, formsOf(r))
	}
	return out
}

// findAll returns spans of text that cover every place the secret is in.
// It reads text once, as a regular expression engine would: at each
// position, the characters the secret may go on with there, each with the
// earliest start that reaches it (a later one adds nothing to cover), so
// its cost is bounded by the text's length times the secret's.
func (sf secretForms) findAll(text string) [][]int {
	if len(sf) == 0 {
		return nil
	}
	type partial struct{ next, start int }
	at := make([][]partial, len(text)+1)
	reach := func(pos int, p partial) {
		for k, q := range at[pos] {
			if q.next == p.next {
				at[pos][k].start = min(q.start, p.start)
				return
			}
		}
		at[pos] = append(at[pos], p)
	}
	var spans [][]int
	var ends []int
	step := func(pos int, p partial) {
		ends = sf[p.next].ends(text, pos, ends[:0])
		for _, e := range ends {
			if p.next+1 == len(sf) {
				spans = append(spans, []int{p.start, e})
			} else {
				reach(e, partial{p.next + 1, p.start})
			}
		}
	}
	for pos := range len(text) {
		step(pos, partial{0, pos})
		for _, p := range at[pos] {
			step(pos, p)
		}
		at[pos] = nil
	}
	return spans
}

// jsonQuote is encoding/json's quoting of s, without the quotes. It writes
// <, > and & as \u escapes, as PHP's JSON_HEX_TAG does; a writer that
// leaves them be writes them as themselves, which every form allows.
func jsonQuote(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		return s
	}
	return string(b[1 : len(b)-1])
}

func jsonQuoteASCII(s string) string {
	var b strings.Builder
	for _, r := range jsonQuote(s) {
		switch {
		case r == '/':
			b.WriteString(`\/`)
		case r >= utf8.RuneSelf:
			b.WriteString(uEscape(r))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// singleQuoted is a JavaScript, PHP or Python string in single quotes.
func singleQuoted(s string) string {
	return strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s)
}

var namedEntities = strings.NewReplacer(`&`, `&amp;`, `<`, `&lt;`, `>`, `&gt;`, `"`, `&quot;`, `'`, `&apos;`).Replace

// specialEntities writes every character but ASCII letters and digits as
// a numeric character reference, as HTML-encoding libraries do.
func specialEntities(format string) encoding {
	return func(s string) string {
		var b strings.Builder
		for _, r := range s {
			if isASCIIAlnum(r) {
				b.WriteRune(r)
			} else {
				fmt.Fprintf(&b, format, r)
			}
		}
		return b.String()
	}
}

func isASCIIAlnum(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}

func every(f func(rune) string) encoding {
	return func(s string) string {
		var b strings.Builder
		for _, r := range s {
			b.WriteString(f(r))
		}
		return b.String()
	}
}

// uEscape is r as JSON's \u escape, a surrogate pair beyond the basic plane.
func uEscape(r rune) string {
	if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
		return fmt.Sprintf(`\u%04x\u%04x`, r1, r2)
	}
	return fmt.Sprintf(`\u%04x`, r)
}

// pyEscape is r as Python writes an escaped code point.
func pyEscape(r rune) string {
	switch {
	case r <= 0xff:
		return fmt.Sprintf(`\x%02x`, r)
	case r <= 0xffff:
		return fmt.Sprintf(`\u%04x`, r)
	}
	return fmt.Sprintf(`\U%08x`, r)
}

func bytesAs(r rune, format string) string {
	var b strings.Builder
	for _, c := range []byte(string(r)) {
		fmt.Fprintf(&b, format, c)
	}
	return b.String()
}
