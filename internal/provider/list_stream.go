// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/url"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// listResourceBase holds what every list resource is configured with.
type listResourceBase struct{ data *providerData }

func (l *listResourceBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// The keys a list item must carry for a list result to be built from it:
// every field the resource's mapper or the display name takes from the
// object. The API's list items carry them all; an item that lacks one (or
// fails the checks an object's own answer passes) is read with its own GET
// instead, because a missing key would decode as an empty value and give a
// resource object that differs from what Read builds.
var (
	listClientKeys  = []string{"id", "company_name", "status", "dates.created", "dates.updated"}
	listContactKeys = []string{
		"id", "first_name", "last_name", "name", "email", "phone", "job_position", "account_owner", "status",
		"client.id", "client.company_name", "role.name", "portal_user_id", "dates.created", "dates.updated",
	}
	listPortalUserKeys = []string{
		"id", "contact_id", "client_id", "username", "email", "name", "auth_method", "status",
		"invitation.status", "invitation.sent_at", "roles", "password_updated_at", "last_login_at",
		"dates.created", "dates.updated",
	}
)

// listSource is how one list resource reads its objects: a page of the
// list, and the object's own GET for an item that cannot stand for it.
type listSource[T any] struct {
	noun    string // "contact", in messages
	request string // the list request, e.g. "GET /api/contacts?client_id=12", in messages
	keys    []string
	page    func(ctx context.Context, p client.Page) ([]client.Listed[T], client.Meta, error)
	get     func(ctx context.Context, id int64) (*T, error)
	id      func(T) int64
	// result fills one list result from the object; it returns false to
	// leave the object out (e.g. a contact that owns no account).
	result func(ctx context.Context, obj *T, res *list.ListResult) bool
	// onEmpty, when set, explains an empty first page (a filter naming a
	// client that does not exist) with an error.
	onEmpty func(ctx context.Context, diags *diag.Diagnostics)
}

// stream yields the results page by page: each page is requested only when
// Terraform has read every result of the one before, so a limit or a
// Terraform that stops reading ends the requests too. A failed page ends
// the stream with its error; the results already pushed stand.
func (s listSource[T]) stream(ctx context.Context, limit int64) iter.Seq[list.ListResult] {
	return func(push func(list.ListResult) bool) {
		var pushed int64
		for page := 1; ; page++ {
			if limit > 0 && pushed >= limit || ctx.Err() != nil {
				return
			}
			items, meta, err := s.page(ctx, client.Page{Number: page, Limit: client.MaxPageSize})
			if err != nil {
				push(s.failure(fmt.Sprintf("page %d of %s", page, s.request), err))
				return
			}
			if page == 1 && len(items) == 0 && s.onEmpty != nil {
				var diags diag.Diagnostics
				if s.onEmpty(ctx, &diags); diags.HasError() {
					push(list.ListResult{Diagnostics: diags})
				}
				return
			}
			for i := range items {
				obj, err := s.object(ctx, items[i])
				if errors.Is(err, client.ErrNotFound) {
					continue // deleted between the list and its own read
				}
				if err != nil {
					push(s.failure(fmt.Sprintf("%s %d, listed on page %d of %s", s.noun, s.id(items[i].Item), page, s.request), err))
					return
				}
				var res list.ListResult
				if !s.result(ctx, obj, &res) {
					continue
				}
				if !push(res) {
					return
				}
				if pushed++; limit > 0 && pushed >= limit {
					return
				}
			}
			if page >= meta.LastPage || len(items) == 0 {
				return
			}
		}
	}
}

// object is the item itself when it carries every key and passes the
// object's checks, and the object's own answer otherwise.
func (s listSource[T]) object(ctx context.Context, it client.Listed[T]) (*T, error) {
	if it.Invalid == nil && len(it.Lacks(s.keys...)) == 0 {
		return &it.Item, nil
	}
	return s.get(ctx, s.id(it.Item))
}

func (s listSource[T]) failure(what string, err error) list.ListResult {
	var diags diag.Diagnostics
	diags.AddError("Error Listing "+titleNoun(s.noun)+"s",
		apiErrorDetail(what, err)+" The list stopped here: the results before this one are complete, and nothing after it was read.")
	return list.ListResult{Diagnostics: diags}
}

// listRequest names a list request in messages: path and the query of
// the pairs of kv whose value is set.
func listRequest(path string, kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" && kv[i+1] != "0" {
			q.Set(kv[i], kv[i+1])
		}
	}
	if len(q) == 0 {
		return "GET " + path
	}
	return "GET " + path + "?" + q.Encode()
}

// titleNoun is noun in Title Case, for a summary.
func titleNoun(noun string) string {
	out := []byte(noun)
	for i := range out {
		if (i == 0 || out[i-1] == ' ') && out[i] >= 'a' && out[i] <= 'z' {
			out[i] -= 'a' - 'A'
		}
	}
	return string(out)
}

// newListResult is an empty result of req with its identity set to id.
func newListResult(ctx context.Context, req list.ListRequest, id int64, res *list.ListResult) {
	*res = req.NewListResult(ctx)
	res.Diagnostics.Append(res.Identity.SetAttribute(ctx, identityIDPath, id)...)
}

// nullTimeouts is the timeouts attribute of a resource object that no
// configuration has set yet, as after an import.
func nullTimeouts(ctx context.Context, req list.ListRequest) timeouts.Value {
	t, _ := req.ResourceSchema.TypeAtPath(ctx, path.Root("timeouts"))
	if ot, ok := t.(attr.TypeWithAttributeTypes); ok {
		return timeouts.Value{Object: types.ObjectNull(ot.AttributeTypes())}
	}
	return timeouts.Value{}
}

// checkClientExists turns an empty list filtered by a client that does not
// exist into an error naming it: an empty list would read as "this client
// has none". Only an empty first page asks, so a list that has results
// costs no extra request.
func checkClientExists(ctx context.Context, c *client.Client, clientID int64, diags *diag.Diagnostics) {
	if clientID == 0 {
		return
	}
	_, err := c.GetClient(ctx, clientID)
	switch {
	case errors.Is(err, client.ErrNotFound):
		diags.AddAttributeError(path.Root("client_id"), "Client Not Found",
			fmt.Sprintf("client_id is %d, but no client has that id, so there is nothing to list. Use the numeric id of an existing client (the contacts_client list resource lists them).", clientID))
	case err != nil:
		diags.AddAttributeError(path.Root("client_id"), "Error Reading Client", apiErrorDetail(fmt.Sprintf("client %d", clientID), err))
	}
}
