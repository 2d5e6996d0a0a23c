// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// TestPortalUserAddError_secondLoginOneError: the API's refusal of a second
// login for a contact (a login made between plan and apply) gives one
// error, on contact_id, that names the existing user.
func TestPortalUserAddError_secondLoginOneError(t *testing.T) {
	t.Parallel()
	srv, api, contact := portalUserSetup(t, "raced@acme.example")
	existing, err := api.CreatePortalUser(context.Background(), client.PortalUserCreateRequest{ContactID: contact.ID})
	if err != nil {
		t.Fatal(err)
	}
	_, refusal := api.CreatePortalUser(context.Background(), client.PortalUserCreateRequest{ContactID: contact.ID, Username: "raced.again"})
	if refusal == nil {
		t.Fatal("the API created a second login for the contact")
	}
	var diags diag.Diagnostics
	addPortalUserError(context.Background(), testAPIClient(t, srv), &diags, "Error Creating Portal User", "the portal user of contact", contact.ID, refusal)

	if len(diags) != 1 || diags.ErrorsCount() != 1 {
		t.Fatalf("want exactly one error, got %v", diags)
	}
	d, ok := diags.Errors()[0].(diag.DiagnosticWithPath)
	if !ok || !d.Path().Equal(path.Root("contact_id")) || d.Summary() != "Contact Already Has a Portal User" {
		t.Fatalf("want \"Contact Already Has a Portal User\" on contact_id, got %#v", diags.Errors()[0])
	}
	if want := "already has portal user " + formatID(existing.ID); !strings.Contains(d.Detail(), want) {
		t.Errorf("detail %q does not say %q", d.Detail(), want)
	}
}
