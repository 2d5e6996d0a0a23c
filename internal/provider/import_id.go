package provider

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// importKind says what an import id names.
type importKind int

const (
	importInvalid importKind = iota
	// importNumeric is an API id: digits without sign or leading zero that
	// fit an int64, e.g. "45".
	importNumeric
	// importLookup is a natural key to search for: an email, a username or a
	// company name, depending on the resource.
	importLookup
)

// importKeyMaxLength is the longest natural key worth a search: the API
// keeps emails, usernames and company names to 191 characters, so a longer
// import id can name nothing.
const importKeyMaxLength = 191

// importID is a parsed import id.
type importID struct {
	Kind importKind
	// ID is set for importNumeric.
	ID int64
	// Key is the trimmed id for importLookup.
	Key string
}

// parseImportID classifies the id given to `terraform import` or an import
// block, before any request: surrounding white space is ignored; all digits
// is an id (and must be a valid one); anything else is a key to look up,
// which lookupOK (nil accepts any key) may refuse, e.g. the contact resource
// looks up only email addresses. The error says what is wrong with the id
// in words fit for a diagnostic's detail; it never echoes more than the id.
func parseImportID(raw string, lookupOK func(key string) bool) (importID, error) {
	key := strings.TrimSpace(raw)
	switch {
	case key == "":
		return importID{}, fmt.Errorf("the import id is empty")
	case isDigits(key):
		n, err := strconv.ParseInt(key, 10, 64)
		if err != nil || n <= 0 || key[0] == '0' {
			return importID{}, fmt.Errorf("%q is not a valid id: ids are whole numbers from 1 to %d, written without leading zeros", key, int64(1<<63-1))
		}
		return importID{Kind: importNumeric, ID: n}, nil
	case !utf8.ValidString(key) || strings.ContainsFunc(key, unicode.IsControl):
		return importID{}, fmt.Errorf("the import id %q contains characters that no id, email, username or company name can hold", key)
	case utf8.RuneCountInString(key) > importKeyMaxLength:
		return importID{}, fmt.Errorf("the import id is %d characters long; no email, username or company name is longer than %d", utf8.RuneCountInString(key), importKeyMaxLength)
	case lookupOK != nil && !lookupOK(key):
		return importID{}, fmt.Errorf("%q is not a form this resource can be imported by", key)
	}
	return importID{Kind: importLookup, Key: key}, nil
}

// importByEmail accepts only keys that look like an email address, for
// resources whose natural key is one (contacts).
func importByEmail(key string) bool {
	at := strings.LastIndexByte(key, '@')
	return at > 0 && at < len(key)-1 && !strings.ContainsFunc(key, unicode.IsSpace)
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
