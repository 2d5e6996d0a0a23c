// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

func TestParseImportID(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		raw     string
		byEmail bool
		idOnly  bool
		want    importID
		wantErr string
	}{
		"id":                         {raw: "45", want: importID{Kind: importNumeric, ID: 45}},
		"id with spaces":             {raw: " 45\n", want: importID{Kind: importNumeric, ID: 45}},
		"largest id":                 {raw: "999999999999999999", want: importID{Kind: importNumeric, ID: 999999999999999999}},
		"19 digits":                  {raw: "1000000000000000000", wantErr: "at most 18 digits"},
		"id past int64":              {raw: "9223372036854775808", wantErr: "not a valid id"},
		"zero":                       {raw: "0", wantErr: "not a valid id"},
		"leading zero":               {raw: "045", wantErr: "without sign or leading zeros"},
		"signed":                     {raw: "+45", wantErr: `"+45" is not a valid id`},
		"signed by email":            {raw: "+45", byEmail: true, wantErr: "without sign"},
		"negative":                   {raw: "-1", wantErr: "without sign"},
		"sign alone is a key":        {raw: "+", want: importID{Kind: importLookup, Key: "+"}},
		"id only":                    {raw: "45", idOnly: true, want: importID{Kind: importNumeric, ID: 45}},
		"id only refuses a key":      {raw: "Acme Inc", idOnly: true, wantErr: `"Acme Inc" is not a form`},
		"empty":                      {raw: "", wantErr: "empty"},
		"blank":                      {raw: " \t", wantErr: "empty"},
		"email":                      {raw: "jane@acme.example", byEmail: true, want: importID{Kind: importLookup, Key: "jane@acme.example"}},
		"email trimmed":              {raw: " Jane@Acme.example ", byEmail: true, want: importID{Kind: importLookup, Key: "Jane@Acme.example"}},
		"not an email":               {raw: "jane", byEmail: true, wantErr: "not a form"},
		"at sign first":              {raw: "@acme.example", byEmail: true, wantErr: "not a form"},
		"at sign last":               {raw: "jane@", byEmail: true, wantErr: "not a form"},
		"email with a space":         {raw: "jane doe@acme.example", byEmail: true, wantErr: "not a form"},
		"company name":               {raw: "Acme Inc", want: importID{Kind: importLookup, Key: "Acme Inc"}},
		"username":                   {raw: "jane.doe", want: importID{Kind: importLookup, Key: "jane.doe"}},
		"control character":          {raw: "Acme\x00Inc", wantErr: "contains characters"},
		"invalid UTF-8":              {raw: "Acme\xffInc", wantErr: "contains characters"},
		"longest key":                {raw: strings.Repeat("é", importKeyMaxLength), want: importID{Kind: importLookup, Key: strings.Repeat("é", importKeyMaxLength)}},
		"key past the longest":       {raw: strings.Repeat("a", importKeyMaxLength+1), wantErr: "192 characters long"},
		"digits-only name is an id":  {raw: "1999", want: importID{Kind: importNumeric, ID: 1999}},
		"digits and letters is name": {raw: "3M", want: importID{Kind: importLookup, Key: "3M"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var lookupOK func(string) bool
			switch {
			case tc.byEmail:
				lookupOK = importByEmail
			case tc.idOnly:
				lookupOK = importByIDOnly
			}
			got, err := parseImportID(tc.raw, lookupOK)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("parseImportID(%q) = %+v, %v; want an error containing %q", tc.raw, got, err, tc.wantErr)
				}
				if got.Kind != importInvalid {
					t.Errorf("an error came with kind %v", got.Kind)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("parseImportID(%q) = %+v, %v; want %+v", tc.raw, got, err, tc.want)
			}
		})
	}
}

// FuzzParseImportID checks the classification's invariants on any input,
// and that it agrees with the id pattern the resources and data sources
// validate with. The seeds run as a normal test.
func FuzzParseImportID(f *testing.F) {
	for _, seed := range []string{
		"45", " 45 ", "0", "007", "+1", "-1", "+-1", "1e3", "0x1f", "999999999999999999", "1000000000000000000",
		"9223372036854775807", "9223372036854775808",
		"99999999999999999999999", "jane@acme.example", "@", "a@", "@b", "a@b", "Acme Inc", "", " ", "\t\n",
		"Acme\x00", "\xff\xfe", "ÄÖÜ@bücher.example", "١٢٣", "12 34", strings.Repeat("x", 500),
	} {
		f.Add(seed, false)
		f.Add(seed, true)
	}
	f.Fuzz(func(t *testing.T, raw string, byEmail bool) {
		var lookupOK func(string) bool
		if byEmail {
			lookupOK = importByEmail
		}
		got, err := parseImportID(raw, lookupOK)
		trimmed := strings.TrimSpace(raw)
		if err != nil {
			if got.Kind != importInvalid {
				t.Fatalf("%q: error %v with kind %v", raw, err, got.Kind)
			}
			// The detail may quote the id, but nothing longer.
			if limit := len(strconv.Quote(trimmed)) + 200; len(err.Error()) > limit {
				t.Fatalf("%q: error of %d bytes, over %d", raw, len(err.Error()), limit)
			}
			if idPattern.MatchString(trimmed) {
				t.Fatalf("%q: refused, but it is a valid id", raw)
			}
			return
		}
		switch got.Kind {
		case importNumeric:
			if got.ID <= 0 || strconv.FormatInt(got.ID, 10) != trimmed || got.Key != "" {
				t.Fatalf("%q: numeric %+v does not spell the input", raw, got)
			}
			if !idPattern.MatchString(trimmed) {
				t.Fatalf("%q: numeric, but the id pattern refuses it", raw)
			}
		case importLookup:
			if got.Key != trimmed || got.Key == "" || got.ID != 0 {
				t.Fatalf("%q: lookup %+v is not the trimmed input", raw, got)
			}
			if isDigits(strings.TrimLeft(got.Key, "+-")) {
				t.Fatalf("%q: an id, or a signed one, was classified as a key", raw)
			}
			if !utf8.ValidString(got.Key) || strings.ContainsFunc(got.Key, unicode.IsControl) || utf8.RuneCountInString(got.Key) > importKeyMaxLength {
				t.Fatalf("%q: a key no API object can hold was accepted", raw)
			}
			if byEmail && !strings.Contains(got.Key, "@") {
				t.Fatalf("%q: accepted as an email without an @", raw)
			}
		default:
			t.Fatalf("%q: no error and kind %v", raw, got.Kind)
		}
	})
}

// TestImporterFromImportID pins what an import by a natural key that finds
// nothing says: Terraform shows import errors without the import block's
// address, so the summary itself names the import id as it was given, and
// one error among many import blocks can be traced to its block.
func TestImporterFromImportID(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		raw     string
		find    func(context.Context, string) (int64, error)
		want    int64
		summary string
		detail  []string
	}{
		"found":                 {raw: "jane@acme.example", find: func(context.Context, string) (int64, error) { return 45, nil }, want: 45},
		"numeric, left to Read": {raw: "45", want: 45},
		"not found": {
			raw:     "nobody@acme.example",
			find:    func(context.Context, string) (int64, error) { return 0, client.ErrNotFound },
			summary: `Contact Not Found for Import ID "nobody@acme.example"`,
			detail:  []string{`No contact has the email address "nobody@acme.example"`, "Nothing was imported."},
		},
		"given with spaces": {
			raw:     " nobody@acme.example ",
			find:    func(context.Context, string) (int64, error) { return 0, client.ErrNotFound },
			summary: `Contact Not Found for Import ID " nobody@acme.example "`,
			detail:  []string{`No contact has the email address "nobody@acme.example"`},
		},
		"API error": {
			raw:     "jane@acme.example",
			find:    func(context.Context, string) (int64, error) { return 0, errors.New("connection refused") },
			summary: "Error Importing Contact",
			detail:  []string{`contact "jane@acme.example"`, "connection refused"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			im := importer{
				noun: "contact", lookupOK: importByEmail, find: tc.find,
				notFound: "No contact has the email address %q (compared ignoring case). Check the address, or import by the contact's numeric id.",
			}
			var diags diag.Diagnostics
			got, ok := im.fromImportID(context.Background(), tc.raw, &diags)
			if tc.summary == "" {
				if !ok || got != tc.want || diags.HasError() {
					t.Fatalf("fromImportID(%q) = %d, %t, %v; want %d", tc.raw, got, ok, diags, tc.want)
				}
				return
			}
			if ok || diags.ErrorsCount() != 1 {
				t.Fatalf("fromImportID(%q) = %d, %t, %v; want one error", tc.raw, got, ok, diags)
			}
			d := diags.Errors()[0]
			if d.Summary() != tc.summary {
				t.Errorf("summary %q, want %q", d.Summary(), tc.summary)
			}
			for _, w := range tc.detail {
				if !strings.Contains(d.Detail(), w) {
					t.Errorf("detail %q does not say %q", d.Detail(), w)
				}
			}
		})
	}
}
