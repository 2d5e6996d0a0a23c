// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// fromIdentity returns the id of an import by identity. The object must
// exist (im.get): otherwise the import fails here with the id it was
// given, rather than after a Read that finds nothing.
func (im importer) fromIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) (int64, bool) {
	raw, err := rawIdentityID(identity)
	if err != nil {
		diags.AddAttributeError(identityIDPath, "Invalid "+titleCase(im.noun)+" Identity",
			"The identity could not be read: "+err.Error()+". Nothing was imported: set the identity's id to the numeric id of an existing "+im.idNoun()+", e.g. 12.")
		return 0, false
	}
	id, err := identityID(raw)
	if err != nil {
		diags.AddAttributeError(identityIDPath, "Invalid "+titleCase(im.noun)+" Identity",
			capitalize(err.Error())+". Nothing was imported: set the identity's id to the numeric id of an existing "+im.idNoun()+", e.g. 12.")
		return 0, false
	}
	if im.get == nil {
		return id, true
	}
	err = im.get(ctx, id)
	switch {
	case errors.Is(err, client.ErrNotFound):
		diags.AddAttributeError(identityIDPath, fmt.Sprintf("%s Not Found for Identity ID %d", titleCase(im.noun), id),
			fmt.Sprintf("No %s has the id %d (it may have been deleted), so nothing was imported. Check the id in the import block's identity.", im.noun, id))
		return 0, false
	case err != nil:
		addReadError(diags, "Error Importing "+titleCase(im.noun), fmt.Sprintf("%s %d", im.noun, id), im.list, err)
		return 0, false
	}
	return id, true
}

// idNoun names what the resource's ids are the ids of.
func (im importer) idNoun() string {
	if im.idOf != "" {
		return im.idOf
	}
	return im.noun
}
