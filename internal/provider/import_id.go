// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
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
// block, before any request: surrounding white space is ignored; digits,
// with or without a sign, are an id and must be a valid one (idPattern: a
// sign or a leading zero is refused, not guessed at); anything else is a
// key to look up, which lookupOK (nil accepts any key) may refuse, e.g. the
// contact resource looks up only email addresses. The error says what is
// wrong with the id in words fit for a diagnostic's detail; it never echoes
// more than the id.
func parseImportID(raw string, lookupOK func(key string) bool) (importID, error) {
	key := strings.TrimSpace(raw)
	switch {
	case key == "":
		return importID{}, fmt.Errorf("the import id is empty")
	case isDigits(strings.TrimLeft(key, "+-")):
		n, ok := parseID(key)
		if !ok {
			return importID{}, fmt.Errorf("%q is not a valid id: ids are %s", key, idRule)
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

// importByIDOnly refuses every key, for resources imported by id alone.
func importByIDOnly(string) bool { return false }

// importer is how a resource is imported; every ImportState goes through it.
type importer struct {
	// noun names the object in lower case, e.g. "portal user".
	noun string
	// forms says which import ids are accepted, with an example, as a
	// sentence for the diagnostics.
	forms string
	// lookupOK accepts the keys that find can look up (see parseImportID).
	lookupOK func(key string) bool
	// find resolves a key to the object's id, or returns an error that
	// wraps client.ErrNotFound.
	find func(ctx context.Context, key string) (int64, error)
	// notFound is the detail when find finds nothing; %q is the key.
	notFound string
	// get confirms that an object has the id of an import by identity, or
	// returns an error that wraps client.ErrNotFound; nil when the
	// resource checks itself.
	get func(ctx context.Context, id int64) error
	// list is the batched reads' list that get may read through, which
	// its failures name.
	list batchList
	// idOf names what an id is the id of when not the object itself (an
	// account owner's is its client's); empty means noun.
	idOf string
}

// parse parses an import id, adding an "Invalid <Noun> Import ID" error
// that says what is wrong and which forms are accepted when it is invalid.
func (im importer) parse(raw string, diags *diag.Diagnostics) (importID, bool) {
	id, err := parseImportID(raw, im.lookupOK)
	if err != nil {
		diags.AddError("Invalid "+titleCase(im.noun)+" Import ID", capitalize(err.Error())+". "+im.forms)
		return importID{}, false
	}
	return id, true
}

// importState records the imported object's id, the one attribute Read
// needs to fill in the rest, and the identity.
func (im importer) importState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := im.target(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), formatID(id))...)
	setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
}

// target returns the id of the object that an import names: by identity
// (an import block's identity; req.ID is then empty) or by import id.
func (im importer) target(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) (int64, bool) {
	if req.ID == "" && req.Identity != nil && !req.Identity.Raw.IsNull() {
		return im.fromIdentity(ctx, req.Identity, diags)
	}
	return im.fromImportID(ctx, req.ID, diags)
}

// fromImportID returns the id an import id names. A numeric id is taken as
// it is (Read drops one that names nothing, and Terraform reports a
// non-existent object); a key is resolved here, once, so that the state
// only ever holds the id.
func (im importer) fromImportID(ctx context.Context, raw string, diags *diag.Diagnostics) (int64, bool) {
	parsed, ok := im.parse(raw, diags)
	if !ok || parsed.Kind != importLookup {
		return parsed.ID, ok
	}
	id, err := im.find(ctx, parsed.Key)
	if errors.Is(err, client.ErrNotFound) {
		// Terraform shows import errors without the import block's
		// address: the summary names the import ID as written, so that one
		// error among many import blocks leads back to its block.
		diags.AddError(fmt.Sprintf("%s Not Found for Import ID %q", titleCase(im.noun), raw),
			fmt.Sprintf(im.notFound, parsed.Key)+" Nothing was imported.")
		return 0, false
	}
	if err != nil {
		addAPIError(diags, "Error Importing "+titleCase(im.noun), fmt.Sprintf("%s %q", im.noun, parsed.Key), err, nil)
		return 0, false
	}
	return id, true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
