// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/contactsapi/terraform-provider-contacts/internal/batchread"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// writeTestValues builds the raw value of r's schema with the given root
// attributes set and the others null.
func writeTestValues(t *testing.T, r resource.Resource, attrs map[string]any) (tfsdk.State, tfsdk.Plan, tfsdk.Config) {
	t.Helper()
	ctx := context.Background()
	var sr resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sr)
	s := sr.Schema
	st := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	for name, v := range attrs {
		if d := st.SetAttribute(ctx, path.Root(name), v); d.HasError() {
			t.Fatalf("setting %s: %v", name, d)
		}
	}
	return st, tfsdk.Plan{Schema: s, Raw: st.Raw}, tfsdk.Config{Schema: s, Raw: st.Raw}
}

// TestWritesForgetReads: every write of a contact, an account owner or a
// portal user forgets what the readers hold of its client, contacts and
// portal users both, so a read after it is never served from pages read
// before it.
func TestWritesForgetReads(t *testing.T) {
	t.Parallel()
	type setup struct {
		data             *providerData
		clientID         int64
		contact, spare   *client.Contact
		user             *client.PortalUser
		contactR, ownerR resource.Resource
		userR            *portalUserResource
	}
	contactAttrs := func(s setup, ct *client.Contact, email string) map[string]any {
		a := map[string]any{"client_id": s.clientID, "first_name": "Pat", "last_name": "Portal", "email": email}
		if ct != nil {
			a["id"] = strconv.FormatInt(ct.ID, 10)
		}
		return a
	}
	userAttrs := func(s setup, status string) map[string]any {
		return map[string]any{
			"id": strconv.FormatInt(s.user.ID, 10), "contact_id": s.contact.ID, "client_id": s.clientID,
			"status": status, "auth_method": "local", "deletion_policy": deletionPolicyDelete,
		}
	}
	tests := map[string]func(t *testing.T, ctx context.Context, s setup){
		"contact create": func(t *testing.T, ctx context.Context, s setup) {
			_, plan, cfg := writeTestValues(t, s.contactR, contactAttrs(s, nil, "new@forget.example"))
			resp := resource.CreateResponse{State: tfsdk.State{Schema: plan.Schema}}
			s.contactR.Create(ctx, resource.CreateRequest{Plan: plan, Config: cfg}, &resp)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
		},
		"contact update": func(t *testing.T, ctx context.Context, s setup) {
			st, _, _ := writeTestValues(t, s.contactR, contactAttrs(s, s.contact, s.contact.Email))
			_, plan, cfg := writeTestValues(t, s.contactR, contactAttrs(s, s.contact, "changed@forget.example"))
			resp := resource.UpdateResponse{State: st}
			s.contactR.Update(ctx, resource.UpdateRequest{State: st, Plan: plan, Config: cfg}, &resp)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
		},
		"contact delete": func(t *testing.T, ctx context.Context, s setup) {
			st, _, _ := writeTestValues(t, s.contactR, contactAttrs(s, s.contact, s.contact.Email))
			resp := resource.DeleteResponse{State: st}
			s.contactR.Delete(ctx, resource.DeleteRequest{State: st}, &resp)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
		},
		"account owner": func(t *testing.T, ctx context.Context, s setup) {
			_, plan, cfg := writeTestValues(t, s.ownerR, map[string]any{"client_id": s.clientID, "contact_id": s.spare.ID})
			resp := resource.CreateResponse{State: tfsdk.State(plan)}
			s.ownerR.Create(ctx, resource.CreateRequest{Plan: plan, Config: cfg}, &resp)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
		},
		"portal user create": func(t *testing.T, ctx context.Context, s setup) {
			_, plan, cfg := writeTestValues(t, s.userR, map[string]any{"contact_id": s.spare.ID, "status": client.StatusActive, "auth_method": "local"})
			resp := resource.CreateResponse{State: tfsdk.State(plan)}
			s.userR.Create(ctx, resource.CreateRequest{Plan: plan, Config: cfg}, &resp)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
		},
		"portal user revoke": func(t *testing.T, ctx context.Context, s setup) {
			st, _, _ := writeTestValues(t, s.userR, userAttrs(s, client.StatusActive))
			_, plan, cfg := writeTestValues(t, s.userR, userAttrs(s, client.StatusTerminated))
			resp := resource.UpdateResponse{State: st}
			s.userR.Update(ctx, resource.UpdateRequest{State: st, Plan: plan, Config: cfg}, &resp)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
		},
		"portal user delete": func(t *testing.T, ctx context.Context, s setup) {
			st, _, _ := writeTestValues(t, s.userR, userAttrs(s, client.StatusActive))
			resp := resource.DeleteResponse{State: st}
			s.userR.Delete(ctx, resource.DeleteRequest{State: st}, &resp)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
		},
	}
	for name, write := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			srv := testAccServer(t)
			api := testAPIClient(t, srv)
			acct := mustCreateClient(t, api, "Forget Ltd")
			s := setup{data: newProviderData(api).withBatchReads(), clientID: acct.ID}
			s.contact = portalUserSeedContact(t, api, acct.ID, "pat@forget.example")
			s.spare = portalUserSeedContact(t, api, acct.ID, "spare@forget.example")
			var err error
			if s.user, err = api.CreatePortalUser(ctx, client.PortalUserCreateRequest{ContactID: s.contact.ID}); err != nil {
				t.Fatal(err)
			}
			pd := resource.ConfigureRequest{ProviderData: s.data}
			contactR, ownerR, userR := NewContactResource(), NewAccountOwnerResource(), NewPortalUserResource()
			for _, r := range []resource.Resource{contactR, ownerR, userR} {
				r.(resource.ResourceWithConfigure).Configure(ctx, pd, &resource.ConfigureResponse{})
			}
			s.contactR, s.ownerR, s.userR = contactR, ownerR, userR.(*portalUserResource)

			// The client's lists, and the list of every client that
			// serves imports (key 0).
			for _, key := range []int64{acct.ID, 0} {
				if _, err := s.data.readContact(ctx, key, s.contact.ID, batchread.Held[client.Contact]{}); err != nil {
					t.Fatal(err)
				}
				if _, err := s.data.readPortalUser(ctx, key, s.user.ID, batchread.Held[client.PortalUser]{}); err != nil {
					t.Fatal(err)
				}
			}
			all := sameEmail(s.contact.Email)
			allUsers := sameEmail(s.user.Username)
			for _, key := range []int64{acct.ID, 0} {
				if found, _ := s.data.contacts.Find(key, all); found == nil || s.data.portalUsers.FindAny(allUsers) == nil {
					t.Fatalf("the reads fetched no pages of list %d", key)
				}
			}
			write(t, ctx, s)
			for _, key := range []int64{acct.ID, 0} {
				if found, known := s.data.contacts.Find(key, all); found != nil || known {
					t.Errorf("after the write the contacts reader still holds the pages of list %d", key)
				}
			}
			if s.data.portalUsers.FindAny(allUsers) != nil {
				t.Errorf("after the write the portal users reader still holds the client's pages")
			}
		})
	}
}
