// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// ---------------------------------------------------------------------------
// §2 Clients

func TestContractClients(t *testing.T) {
	t.Parallel()
	c := newContract(t)
	acme, err := c.w.CreateClient(c.ctx, client.ClientCreateRequest{CompanyName: "Acme Inc"})
	if err != nil {
		t.Fatal(err)
	}
	if acme.ID <= 0 || acme.CompanyName != "Acme Inc" || acme.Status != "active" || acme.Dates.Created == "" || acme.Dates.Created != acme.Dates.Updated {
		t.Errorf("created client = %+v", acme)
	}
	if r := c.raw("POST", "/api/clients", c.srv.WriteKey, map[string]any{"company_name": "Status Code Ltd"}); r.Status != 201 {
		t.Errorf("create status = %d, want 201", r.Status)
	}

	t.Run("validation", func(t *testing.T) {
		tests := map[string]struct {
			body   map[string]any
			fields map[string][]string
		}{
			"missing name":           {map[string]any{}, fieldErr("company_name", "The company name field is required.")},
			"null name":              {map[string]any{"company_name": nil}, fieldErr("company_name", "The company name field is required.")},
			"blank name":             {map[string]any{"company_name": "   "}, fieldErr("company_name", "The company name field is required.")},
			"name taken, other case": {map[string]any{"company_name": "ACME inc"}, fieldErr("company_name", "The company name has already been taken.")},
			"name too long":          {map[string]any{"company_name": strings.Repeat("n", 192)}, fieldErr("company_name", "The company name field must not be greater than 191 characters.")},
			"name not a string":      {map[string]any{"company_name": 12}, fieldErr("company_name", "The company name field must be a string.")},
		}
		for name, tc := range tests {
			t.Run(name, func(t *testing.T) {
				before := len(c.srv.Clients())
				wantRawError(t, c.raw("POST", "/api/clients", c.srv.WriteKey, tc.body), 422, invalidData, tc.fields)
				if after := len(c.srv.Clients()); after != before {
					t.Errorf("clients %d → %d: a refused create acted", before, after)
				}
			})
		}
		if _, err := c.w.CreateClient(c.ctx, client.ClientCreateRequest{CompanyName: strings.Repeat("n", 191)}); err != nil {
			t.Errorf("191 characters: %v", err)
		}
	})

	t.Run("update", func(t *testing.T) {
		cl := c.mkClient()
		got, err := c.w.UpdateClient(c.ctx, cl.ID, client.ClientUpdateRequest{})
		if err != nil || got.CompanyName != cl.CompanyName {
			t.Errorf("PATCH without company_name = %+v, %v; want the name kept", got, err)
		}
		got, err = c.w.UpdateClient(c.ctx, cl.ID, client.ClientUpdateRequest{CompanyName: client.Set("Renamed " + cl.CompanyName)})
		if err != nil || got.CompanyName != "Renamed "+cl.CompanyName || got.ID != cl.ID {
			t.Errorf("rename = %+v, %v", got, err)
		}
		// Its own name in another case is not taken.
		if _, err := c.w.UpdateClient(c.ctx, cl.ID, client.ClientUpdateRequest{CompanyName: client.Set(strings.ToUpper(got.CompanyName))}); err != nil {
			t.Errorf("renaming to its own name in capitals: %v", err)
		}
		_, err = c.w.UpdateClient(c.ctx, cl.ID, client.ClientUpdateRequest{CompanyName: client.Set("acme INC")})
		wantAPIError(t, err, 422, invalidData, fieldErr("company_name", "The company name has already been taken."))
		_, err = c.w.UpdateClient(c.ctx, cl.ID, client.ClientUpdateRequest{CompanyName: client.Null[string]()})
		wantAPIError(t, err, 422, invalidData, fieldErr("company_name", "The company name field is required."))
	})

	t.Run("list, search, sort", func(t *testing.T) {
		c := newContract(t)
		for _, n := range []string{"beta Widgets", "Alpha Widgets", "gamma Tools"} {
			if _, err := c.w.CreateClient(c.ctx, client.ClientCreateRequest{CompanyName: n}); err != nil {
				t.Fatal(err)
			}
		}
		names := func(f client.ClientListFilter) []string {
			t.Helper()
			all, err := c.w.ListClients(c.ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, cl := range all {
				out = append(out, cl.CompanyName)
			}
			return out
		}
		tests := map[string]struct {
			filter client.ClientListFilter
			want   []string
		}{
			"default order is by id":          {client.ClientListFilter{}, []string{"Internal Staff", "beta Widgets", "Alpha Widgets", "gamma Tools"}},
			"search is a substring, any case": {client.ClientListFilter{Search: "WIDGET"}, []string{"beta Widgets", "Alpha Widgets"}},
			"sort by name ignores case":       {client.ClientListFilter{Sort: "company_name"}, []string{"Alpha Widgets", "beta Widgets", "gamma Tools", "Internal Staff"}},
			"sort by name descending":         {client.ClientListFilter{Sort: "company_name", Order: "desc"}, []string{"Internal Staff", "gamma Tools", "beta Widgets", "Alpha Widgets"}},
			"sort by created":                 {client.ClientListFilter{Sort: "created"}, []string{"Internal Staff", "beta Widgets", "Alpha Widgets", "gamma Tools"}},
			"search matches nothing":          {client.ClientListFilter{Search: "zzz"}, nil},
		}
		for name, tc := range tests {
			t.Run(name, func(t *testing.T) {
				if got := names(tc.filter); !slices.Equal(got, tc.want) {
					t.Errorf("names = %q, want %q", got, tc.want)
				}
			})
		}
		for _, bad := range []string{"sort=name", "order=up", "sort=id"} {
			field := strings.Split(bad, "=")[0]
			wantRawError(t, c.raw("GET", "/api/clients?"+bad, c.srv.ReadKey, nil), 422, invalidData,
				fieldErr(field, "The selected "+field+" is invalid."))
		}
	})

	t.Run("delete", func(t *testing.T) {
		cl := c.mkClient()
		ct := c.mkContact(cl.ID)
		err := c.w.DeleteClient(c.ctx, cl.ID)
		wantAPIError(t, err, 409, "The client still has contacts.", nil)
		if _, ok := c.srv.Client(cl.ID); !ok {
			t.Fatal("the refused delete removed the client")
		}
		if err := c.w.DeleteContact(c.ctx, ct.ID); err != nil {
			t.Fatal(err)
		}
		// Only contacts that are not deleted hold the client.
		if err := c.w.DeleteClient(c.ctx, cl.ID); err != nil {
			t.Fatalf("deleting a client whose contacts are deleted: %v", err)
		}
		_, err = c.w.GetClient(c.ctx, cl.ID)
		wantAPIError(t, err, 404, "Client not found.", nil)
		_, err = c.w.UpdateClient(c.ctx, cl.ID, client.ClientUpdateRequest{CompanyName: client.Set("Ghost")})
		wantAPIError(t, err, 404, "Client not found.", nil)
		wantAPIError(t, c.w.DeleteClient(c.ctx, cl.ID), 404, "Client not found.", nil)
		all, _ := c.w.ListClients(c.ctx, client.ClientListFilter{})
		for _, x := range all {
			if x.ID == cl.ID {
				t.Error("a deleted client is still listed")
			}
		}
		// A deleted client cannot take new contacts.
		_, err = c.w.CreateContact(c.ctx, client.ContactCreateRequest{FirstName: "A", LastName: "B", Email: "late@acme.example", ClientID: cl.ID})
		wantAPIError(t, err, 422, invalidData, fieldErr("clientid", "The selected clientid is invalid."))
	})
}

// ---------------------------------------------------------------------------
// §3 Contacts

func TestContractContactCreate(t *testing.T) {
	t.Parallel()
	c := newContract(t)
	cl := c.mkClient()
	got, err := c.w.CreateContact(c.ctx, client.ContactCreateRequest{
		FirstName: "Jane", LastName: "Doe", Email: "  Jane.Doe@Acme.Example ", ClientID: cl.ID,
		Phone: ptr("+1 555 0100"), Position: ptr("Procurement Lead"),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := client.Contact{
		ID: got.ID, FirstName: "Jane", LastName: "Doe", Name: "Jane Doe",
		Email: "Jane.Doe@Acme.Example", Phone: ptr("+1 555 0100"), JobPosition: ptr("Procurement Lead"),
		AccountOwner: "no", Status: "active",
		Client: client.ContactClient{ID: cl.ID, CompanyName: cl.CompanyName},
		Role:   client.ContactRole{ID: 2, Name: "Client"},
		Social: map[string]*string{"facebook": nil, "twitter": nil, "linkedin": nil, "github": nil, "dribbble": nil},
		Dates:  got.Dates,
	}
	if fmt.Sprintf("%+v", derefContact(*got)) != fmt.Sprintf("%+v", derefContact(want)) {
		t.Errorf("created contact\n got %+v\nwant %+v", derefContact(*got), derefContact(want))
	}
	if got.PortalUserID != nil {
		t.Errorf("portal_user_id = %d, want null", *got.PortalUserID)
	}
	if !timestampRE.MatchString(got.Dates.Created) || got.Dates.Created != got.Dates.Updated {
		t.Errorf("dates = %+v", got.Dates)
	}
	// What create returned is what the server holds and answers later.
	again, err := c.r.GetContact(c.ctx, got.ID)
	if err != nil || fmt.Sprintf("%+v", derefContact(*again)) != fmt.Sprintf("%+v", derefContact(*got)) {
		t.Errorf("GET after create = %+v, %v", again, err)
	}

	t.Run("optional fields absent are null", func(t *testing.T) {
		ct := c.mkContact(cl.ID)
		if ct.Phone != nil || ct.JobPosition != nil {
			t.Errorf("phone %v, job_position %v; want null", ct.Phone, ct.JobPosition)
		}
	})

	t.Run("send_email", func(t *testing.T) {
		tests := map[string]struct {
			sendEmail any // nil: not sent
			welcomes  int
		}{
			"default": {nil, 0}, "no": {"no", 0}, "yes": {"yes", 1},
		}
		for name, tc := range tests {
			t.Run(name, func(t *testing.T) {
				email := "welcome-" + name + "@acme.example"
				body := map[string]any{"first_name": "W", "last_name": "E", "email": email, "clientid": cl.ID}
				if tc.sendEmail != nil {
					body["send_email"] = tc.sendEmail
				}
				r := c.raw("POST", "/api/contacts", c.srv.WriteKey, body)
				if r.Status != 201 {
					t.Fatalf("status = %d %s", r.Status, r.Body)
				}
				n := 0
				for _, e := range c.srv.Outbox() {
					if e.To == email {
						n++
						if e.Kind != apiserver.EmailWelcome {
							t.Errorf("queued a %q email, want %q", e.Kind, apiserver.EmailWelcome)
						}
					}
				}
				if n != tc.welcomes {
					t.Errorf("%d welcome emails queued, want %d", n, tc.welcomes)
				}
				if got := keysOf(t, r.JSON(t)); !slices.Equal(got, []string{"data", "message"}) {
					t.Errorf("answer keys = %v: the email is queued, not returned", got)
				}
			})
		}
		// Through the client's SendEmail flag.
		ct, err := c.w.CreateContact(c.ctx, client.ContactCreateRequest{FirstName: "A", LastName: "B", Email: "client-welcome@acme.example", ClientID: cl.ID, SendEmail: true})
		if err != nil {
			t.Fatal(err)
		}
		if ob := c.srv.Outbox(); len(ob) == 0 || ob[len(ob)-1].ContactID != ct.ID || ob[len(ob)-1].Kind != apiserver.EmailWelcome {
			t.Errorf("SendEmail: true queued no welcome email: %+v", ob)
		}
	})
}

// derefContact flattens pointers so contacts compare by value in messages.
func derefContact(c client.Contact) map[string]any {
	s := func(p *string) any {
		if p == nil {
			return nil
		}
		return *p
	}
	social := map[string]any{}
	for k, v := range c.Social {
		social[k] = s(v)
	}
	var pu any
	if c.PortalUserID != nil {
		pu = *c.PortalUserID
	}
	return map[string]any{
		"id": c.ID, "first_name": c.FirstName, "last_name": c.LastName, "name": c.Name, "email": c.Email,
		"phone": s(c.Phone), "job_position": s(c.JobPosition), "account_owner": c.AccountOwner, "status": c.Status,
		"client": c.Client, "role": c.Role, "social": social, "portal_user_id": pu, "dates": c.Dates,
	}
}

func TestContractContactValidation(t *testing.T) {
	t.Parallel()
	c := newContract(t)
	cl := c.mkClient()
	taken := c.mkContact(cl.ID)
	pu, _ := c.mkPortalUser(func(r *client.PortalUserCreateRequest) { r.Username = "portal.name@acme.example" })
	self := c.mkContact(cl.ID)
	ok := func(over map[string]any) map[string]any {
		b := map[string]any{"first_name": "Val", "last_name": "Id", "email": "valid@acme.example", "clientid": cl.ID}
		for k, v := range over {
			if v == "<absent>" {
				delete(b, k)
			} else {
				b[k] = v
			}
		}
		return b
	}
	tests := map[string]struct {
		body   map[string]any
		fields map[string][]string // nil: the body is valid
	}{
		"empty body: every required field at once": {map[string]any{}, map[string][]string{
			"first_name": {"The first name field is required."},
			"last_name":  {"The last name field is required."},
			"email":      {"The email field is required."},
			"clientid":   {"The clientid field is required."},
		}},
		"blank names":                {ok(map[string]any{"first_name": " ", "last_name": ""}), map[string][]string{"first_name": {"The first name field is required."}, "last_name": {"The last name field is required."}}},
		"first name 192":             {ok(map[string]any{"first_name": strings.Repeat("f", 192)}), fieldErr("first_name", "The first name field must not be greater than 191 characters.")},
		"last name 192":              {ok(map[string]any{"last_name": strings.Repeat("l", 192)}), fieldErr("last_name", "The last name field must not be greater than 191 characters.")},
		"names of 191":               {ok(map[string]any{"first_name": strings.Repeat("f", 191), "last_name": strings.Repeat("l", 191), "email": "long-names@acme.example"}), nil},
		"email not an address":       {ok(map[string]any{"email": "not-an-email"}), fieldErr("email", "The email field must be a valid email address.")},
		"email with a display name":  {ok(map[string]any{"email": "Jane <jane@acme.example>"}), fieldErr("email", "The email field must be a valid email address.")},
		"email 192":                  {ok(map[string]any{"email": strings.Repeat("e", 180) + "@acme.example"}), fieldErr("email", "The email field must not be greater than 191 characters.")},
		"email taken, other case":    {ok(map[string]any{"email": strings.ToUpper(taken.Email)}), fieldErr("email", "The email has already been taken.")},
		"email taken, spaces":        {ok(map[string]any{"email": "  " + taken.Email + "  "}), fieldErr("email", "The email has already been taken.")},
		"email of the staff user":    {ok(map[string]any{"email": "STAFF@internal.example"}), fieldErr("email", "The email has already been taken.")},
		"email is a portal username": {ok(map[string]any{"email": "Portal.Name@ACME.example"}), fieldErr("email", "The email has already been taken.")},
		"clientid unknown":           {ok(map[string]any{"clientid": 999999}), fieldErr("clientid", "The selected clientid is invalid.")},
		"clientid missing":           {ok(map[string]any{"clientid": "<absent>"}), fieldErr("clientid", "The clientid field is required.")},
		"clientid not a number":      {ok(map[string]any{"clientid": "twelve"}), fieldErr("clientid", "The clientid field must be an integer.")},
		"clientid as a string":       {ok(map[string]any{"clientid": fmt.Sprint(cl.ID), "email": "string-id@acme.example"}), nil},
		"phone 33":                   {ok(map[string]any{"phone": strings.Repeat("5", 33)}), fieldErr("phone", "The phone field must not be greater than 32 characters.")},
		"phone 32":                   {ok(map[string]any{"phone": strings.Repeat("5", 32), "email": "phone32@acme.example"}), nil},
		"position 192":               {ok(map[string]any{"position": strings.Repeat("p", 192)}), fieldErr("position", "The position field must not be greater than 191 characters.")},
		"send_email maybe":           {ok(map[string]any{"send_email": "maybe"}), fieldErr("send_email", "The selected send email is invalid.")},
		"several fields at once": {ok(map[string]any{"first_name": nil, "email": "bad", "clientid": 999999, "phone": strings.Repeat("5", 40)}), map[string][]string{
			"first_name": {"The first name field is required."},
			"email":      {"The email field must be a valid email address."},
			"clientid":   {"The selected clientid is invalid."},
			"phone":      {"The phone field must not be greater than 32 characters."},
		}},
	}
	for name, tc := range tests {
		t.Run("create "+name, func(t *testing.T) {
			before := len(c.srv.Contacts())
			r := c.raw("POST", "/api/contacts", c.srv.WriteKey, tc.body)
			if tc.fields == nil {
				if r.Status != 201 {
					t.Errorf("status = %d %s, want 201", r.Status, r.Body)
				}
				return
			}
			wantRawError(t, r, 422, invalidData, tc.fields)
			if after := len(c.srv.Contacts()); after != before {
				t.Errorf("contacts %d → %d: a refused create acted", before, after)
			}
		})
	}
	patchTests := map[string]struct {
		body   map[string]any
		fields map[string][]string
	}{
		"names and email are required": {map[string]any{"phone": "1"}, map[string][]string{
			"first_name": {"The first name field is required."},
			"last_name":  {"The last name field is required."},
			"email":      {"The email field is required."},
		}},
		"another contact's email": {map[string]any{"first_name": "A", "last_name": "B", "email": strings.ToUpper(taken.Email)}, fieldErr("email", "The email has already been taken.")},
		"a portal username":       {map[string]any{"first_name": "A", "last_name": "B", "email": pu.Username}, fieldErr("email", "The email has already been taken.")},
		"bad email":               {map[string]any{"first_name": "A", "last_name": "B", "email": "nope"}, fieldErr("email", "The email field must be a valid email address.")},
		"phone 33":                {map[string]any{"first_name": "A", "last_name": "B", "email": self.Email, "phone": strings.Repeat("5", 33)}, fieldErr("phone", "The phone field must not be greater than 32 characters.")},
		"own email in capitals":   {map[string]any{"first_name": self.FirstName, "last_name": self.LastName, "email": strings.ToUpper(self.Email)}, nil},
	}
	for name, tc := range patchTests {
		t.Run("update "+name, func(t *testing.T) {
			r := c.raw("PATCH", fmt.Sprintf("/api/contacts/%d", self.ID), c.srv.WriteKey, tc.body)
			if tc.fields == nil {
				if r.Status != 200 {
					t.Errorf("status = %d %s, want 200", r.Status, r.Body)
				}
				return
			}
			wantRawError(t, r, 422, invalidData, tc.fields)
		})
	}
	// Through the client: 422 with per-field messages kept.
	_, err := c.w.CreateContact(c.ctx, client.ContactCreateRequest{FirstName: "A", LastName: "B", Email: taken.Email, ClientID: 999999})
	wantAPIError(t, err, 422, invalidData, map[string][]string{
		"email": {"The email has already been taken."}, "clientid": {"The selected clientid is invalid."},
	})
}

func TestContractContactUpdate(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	c := newContract(t, apiservertest.WithClock(clk.Now))
	cl := c.mkClient()
	other := c.mkClient()
	base := func() *client.Contact {
		return c.mkContact(cl.ID, func(r *client.ContactCreateRequest) {
			r.Phone, r.Position = ptr("+1 555 0100"), ptr("Lead")
		})
	}
	str := func(p *string) string {
		if p == nil {
			return "<null>"
		}
		return *p
	}
	tests := map[string]struct {
		phone, position         client.Field[string]
		wantPhone, wantPosition string
	}{
		"absent keeps":          {wantPhone: "+1 555 0100", wantPosition: "Lead"},
		"null clears":           {phone: client.Null[string](), position: client.Null[string](), wantPhone: "<null>", wantPosition: "<null>"},
		"empty string clears":   {phone: client.Set(""), position: client.Set(""), wantPhone: "<null>", wantPosition: "<null>"},
		"value sets":            {phone: client.Set("+44 20 7946 0000"), position: client.Set("CFO"), wantPhone: "+44 20 7946 0000", wantPosition: "CFO"},
		"one cleared, one kept": {phone: client.Null[string](), wantPhone: "<null>", wantPosition: "Lead"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ct := base()
			clk.Advance(time.Second)
			got, err := c.w.UpdateContact(c.ctx, ct.ID, client.ContactUpdateRequest{
				FirstName: "New", LastName: "Name", Email: ct.Email, Phone: tc.phone, Position: tc.position,
			})
			if err != nil {
				t.Fatal(err)
			}
			if str(got.Phone) != tc.wantPhone || str(got.JobPosition) != tc.wantPosition {
				t.Errorf("phone %q, job_position %q; want %q, %q", str(got.Phone), str(got.JobPosition), tc.wantPhone, tc.wantPosition)
			}
			if got.FirstName != "New" || got.Name != "New Name" {
				t.Errorf("names = %q / %q", got.FirstName, got.Name)
			}
			// The whole object comes back, and the server holds the same.
			held, _ := c.srv.Contact(ct.ID)
			if str(held.Phone) != tc.wantPhone || str(held.JobPosition) != tc.wantPosition || held.Client.ID != cl.ID || got.Role.Name != "Client" {
				t.Errorf("server holds %+v", held)
			}
			if got.Dates.Updated == ct.Dates.Updated || got.Dates.Created != ct.Dates.Created {
				t.Errorf("dates %+v after %+v: updated must move, created must not", got.Dates, ct.Dates)
			}
		})
	}
	t.Run("clientid and account_owner are ignored", func(t *testing.T) {
		ct := base()
		r := c.raw("PATCH", fmt.Sprintf("/api/contacts/%d", ct.ID), c.srv.WriteKey, map[string]any{
			"first_name": ct.FirstName, "last_name": ct.LastName, "email": ct.Email,
			"clientid": other.ID, "account_owner": "yes",
		})
		if r.Status != 200 {
			t.Fatalf("status = %d %s", r.Status, r.Body)
		}
		held, _ := c.srv.Contact(ct.ID)
		if held.Client.ID != cl.ID || held.AccountOwner != "no" {
			t.Errorf("server holds client %d, account_owner %q; want %d and no", held.Client.ID, held.AccountOwner, cl.ID)
		}
	})
	t.Run("email stored trimmed, as given", func(t *testing.T) {
		ct := base()
		got, err := c.w.UpdateContact(c.ctx, ct.ID, client.ContactUpdateRequest{FirstName: "A", LastName: "B", Email: "  Mixed.Case@Acme.Example  "})
		if err != nil || got.Email != "Mixed.Case@Acme.Example" {
			t.Errorf("email = %q, %v", got.Email, err)
		}
	})
	t.Run("unknown id", func(t *testing.T) {
		_, err := c.w.UpdateContact(c.ctx, 999999, client.ContactUpdateRequest{FirstName: "A", LastName: "B", Email: "x@acme.example"})
		wantAPIError(t, err, 404, "Contact not found.", nil)
		// Existence comes before validation on {id} routes.
		_, err = c.w.UpdateContact(c.ctx, 999999, client.ContactUpdateRequest{})
		wantAPIError(t, err, 404, "Contact not found.", nil)
	})
}

func TestContractContactDelete(t *testing.T) {
	t.Parallel()
	c := newContract(t)
	cl := c.mkClient()
	ct := c.mkContact(cl.ID)
	if _, err := c.w.SetAccountOwner(c.ctx, ct.ID); err != nil {
		t.Fatal(err)
	}
	pu, err := c.w.CreatePortalUser(c.ctx, client.PortalUserCreateRequest{ContactID: ct.ID, Username: "leaver", Password: "abcdefg1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.w.PortalLogin(c.ctx, "leaver", "abcdefg1"); err != nil {
		t.Fatalf("login before the delete: %v", err)
	}
	if err := c.w.DeleteContact(c.ctx, ct.ID); err != nil {
		t.Fatal(err)
	}

	t.Run("every contact route answers 404", func(t *testing.T) {
		id := fmt.Sprint(ct.ID)
		for _, rt := range []struct {
			method, path string
			body         any
		}{
			{"GET", "/api/contacts/" + id, nil},
			{"PATCH", "/api/contacts/" + id, map[string]any{"first_name": "A", "last_name": "B", "email": "back@acme.example"}},
			{"DELETE", "/api/contacts/" + id, nil},
			{"PUT", "/api/contacts/" + id + "/account-owner", nil},
		} {
			wantRawError(t, c.raw(rt.method, rt.path, c.srv.WriteKey, rt.body), 404, "Contact not found.", nil)
		}
		_, err := c.r.GetContact(c.ctx, ct.ID)
		wantAPIError(t, err, 404, "Contact not found.", nil)
	})
	t.Run("its portal user is gone on every route", func(t *testing.T) {
		c.wantPortalUserGone(t, pu.ID)
		if _, ok := c.srv.PortalUser(pu.ID); ok {
			t.Error("the server still holds the portal user")
		}
		all, _ := c.w.ListPortalUsers(c.ctx, client.PortalUserListFilter{Status: "all"})
		if len(all) != 0 {
			t.Errorf("portal users listed: %+v", all)
		}
		_, err := c.w.PortalLogin(c.ctx, "leaver", "abcdefg1")
		wantAPIError(t, err, 401, "These credentials do not match our records.", nil)
	})
	t.Run("soft delete: status deleted, email cleared, not listed", func(t *testing.T) {
		held, ok := c.srv.Contact(ct.ID)
		if !ok || held.Status != "deleted" || held.Email != "" || held.PortalUserID != nil {
			t.Errorf("server holds %+v, want status deleted, email cleared, no portal user", held)
		}
		for _, f := range []client.ContactListFilter{{}, {ClientID: cl.ID}, {Status: "deleted"}, {Search: ct.FirstName}, {AccountOwner: "yes"}} {
			all, err := c.r.ListContacts(c.ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range all {
				if x.ID == ct.ID {
					t.Errorf("filter %+v lists the deleted contact", f)
				}
			}
		}
	})
	t.Run("the address and the username can be used again", func(t *testing.T) {
		again := c.mkContact(cl.ID, func(r *client.ContactCreateRequest) { r.Email = strings.ToUpper(ct.Email) })
		if again.ID == ct.ID {
			t.Errorf("id %d reused", again.ID)
		}
		if _, err := c.w.CreatePortalUser(c.ctx, client.PortalUserCreateRequest{ContactID: again.ID, Username: "LEAVER"}); err != nil {
			t.Errorf("reusing the deleted portal user's username: %v", err)
		}
	})
	t.Run("a deleted contact cannot get a portal user", func(t *testing.T) {
		_, err := c.w.CreatePortalUser(c.ctx, client.PortalUserCreateRequest{ContactID: ct.ID})
		wantAPIError(t, err, 422, invalidData, fieldErr("contact_id", "The selected contact_id is invalid."))
	})
}

func TestContractAccountOwner(t *testing.T) {
	t.Parallel()
	c := newContract(t)
	cl := c.mkClient()
	a, b := c.mkContact(cl.ID), c.mkContact(cl.ID)
	otherClient := c.mkClient()
	x := c.mkContact(otherClient.ID)
	if _, err := c.w.SetAccountOwner(c.ctx, x.ID); err != nil {
		t.Fatal(err)
	}
	owner := func(id int64) string {
		t.Helper()
		ct, err := c.r.GetContact(c.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return ct.AccountOwner
	}
	got, err := c.w.SetAccountOwner(c.ctx, a.ID)
	if err != nil || got.AccountOwner != "yes" || got.ID != a.ID || got.Email != a.Email {
		t.Fatalf("SetAccountOwner(a) = %+v, %v", got, err)
	}
	got, err = c.w.SetAccountOwner(c.ctx, b.ID)
	if err != nil || got.AccountOwner != "yes" {
		t.Fatalf("SetAccountOwner(b) = %+v, %v", got, err)
	}
	if owner(a.ID) != "no" || owner(b.ID) != "yes" || owner(x.ID) != "yes" {
		t.Errorf("owners a=%s b=%s x=%s; want no, yes, and the other client's untouched yes", owner(a.ID), owner(b.ID), owner(x.ID))
	}
	// Again on the owner: still the owner, no error.
	if got, err := c.w.SetAccountOwner(c.ctx, b.ID); err != nil || got.AccountOwner != "yes" {
		t.Errorf("repeating the action = %+v, %v", got, err)
	}
	owners, _ := c.r.ListContacts(c.ctx, client.ContactListFilter{ClientID: cl.ID, AccountOwner: "yes"})
	if len(owners) != 1 || owners[0].ID != b.ID {
		t.Errorf("account_owner=yes lists %+v, want only b", owners)
	}
	// PATCH does not change the owner.
	if got, err := c.w.UpdateContact(c.ctx, b.ID, client.ContactUpdateRequest{FirstName: "B", LastName: "B", Email: b.Email}); err != nil || got.AccountOwner != "yes" {
		t.Errorf("after PATCH = %+v, %v", got, err)
	}
	// The staff fixture is not a client contact.
	_, err = c.w.SetAccountOwner(c.ctx, c.srv.StaffContactID())
	wantAPIError(t, err, 409, "The contact does not belong to a client account.", nil)
	if staff, _ := c.srv.Contact(c.srv.StaffContactID()); staff.AccountOwner != "no" {
		t.Errorf("the refused action made the staff user an owner")
	}
	_, err = c.w.SetAccountOwner(c.ctx, 999999)
	wantAPIError(t, err, 404, "Contact not found.", nil)
	r := c.raw("PUT", fmt.Sprintf("/api/contacts/%d/account-owner", a.ID), c.srv.WriteKey, nil)
	if r.Status != 200 || r.JSON(t)["message"] != "Contact set as account owner successfully." {
		t.Errorf("PUT without a body = %d %s", r.Status, r.Body)
	}
}

func TestContractContactList(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	c := newContract(t, apiservertest.WithClock(clk.Now))
	cl, other := c.mkClient(), c.mkClient()
	type seed struct {
		first, last, email, phone string
		client                    int64
	}
	seeds := []seed{
		{"charlie", "Brown", "charlie@peanuts.example", "+1 555 0101", cl.ID},
		{"Alice", "zephyr", "ALICE@wonder.example", "+1 555 0202", cl.ID},
		{"bob", "Anders", "bob@builder.example", "+44 20 0303", other.ID},
		{"Dora", "explorer", "dora@map.example", "", cl.ID},
	}
	ids := map[string]int64{}
	for _, s := range seeds {
		clk.Advance(time.Second)
		ct := c.mkContact(s.client, func(r *client.ContactCreateRequest) {
			r.FirstName, r.LastName, r.Email = s.first, s.last, s.email
			if s.phone != "" {
				r.Phone = ptr(s.phone)
			}
		})
		ids[s.first] = ct.ID
	}
	// Touch charlie, then Dora, so "updated" and "created" orders differ.
	clk.Advance(time.Second)
	if _, err := c.w.UpdateContact(c.ctx, ids["charlie"], client.ContactUpdateRequest{FirstName: "charlie", LastName: "Brown", Email: "charlie@peanuts.example", Phone: client.Set("+1 555 0101")}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Second)
	if _, err := c.w.SetAccountOwner(c.ctx, ids["Dora"]); err != nil {
		t.Fatal(err)
	}
	gone := c.mkContact(cl.ID, func(r *client.ContactCreateRequest) { r.FirstName = "Ghost" })
	if err := c.w.DeleteContact(c.ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	staff := "Sam"
	tests := map[string]struct {
		filter client.ContactListFilter
		want   []string // first names, in order
	}{
		"default: by id, deleted excluded": {client.ContactListFilter{}, []string{staff, "charlie", "Alice", "bob", "Dora"}},
		"client_id":                        {client.ContactListFilter{ClientID: cl.ID}, []string{"charlie", "Alice", "Dora"}},
		"status active":                    {client.ContactListFilter{Status: "active"}, []string{staff, "charlie", "Alice", "bob", "Dora"}},
		"unknown status matches nothing":   {client.ContactListFilter{Status: "bogus"}, nil},
		"status deleted matches nothing":   {client.ContactListFilter{Status: "deleted"}, nil},
		"account_owner yes":                {client.ContactListFilter{AccountOwner: "yes"}, []string{"Dora"}},
		"account_owner no":                 {client.ContactListFilter{AccountOwner: "no", ClientID: cl.ID}, []string{"charlie", "Alice"}},
		"search first name, any case":      {client.ContactListFilter{Search: "ALI"}, []string{"Alice"}},
		"search last name":                 {client.ContactListFilter{Search: "zeph"}, []string{"Alice"}},
		"search email substring":           {client.ContactListFilter{Search: "builder.EX"}, []string{"bob"}},
		"search phone":                     {client.ContactListFilter{Search: "555 0"}, []string{"charlie", "Alice"}},
		"search matches across fields":     {client.ContactListFilter{Search: "ER"}, []string{staff, "Alice", "bob", "Dora"}},
		"search and client together":       {client.ContactListFilter{Search: "example", ClientID: other.ID}, []string{"bob"}},
		"sort first_name ignores case":     {client.ContactListFilter{Sort: "first_name"}, []string{"Alice", "bob", "charlie", "Dora", staff}},
		"sort first_name desc":             {client.ContactListFilter{Sort: "first_name", Order: "desc"}, []string{staff, "Dora", "charlie", "bob", "Alice"}},
		"sort last_name":                   {client.ContactListFilter{Sort: "last_name", ClientID: cl.ID}, []string{"charlie", "Dora", "Alice"}},
		"sort email":                       {client.ContactListFilter{Sort: "email", ClientID: cl.ID}, []string{"Alice", "charlie", "Dora"}},
		"sort created":                     {client.ContactListFilter{Sort: "created", ClientID: cl.ID}, []string{"charlie", "Alice", "Dora"}},
		"sort created desc":                {client.ContactListFilter{Sort: "created", Order: "desc", ClientID: cl.ID}, []string{"Dora", "Alice", "charlie"}},
		"sort updated":                     {client.ContactListFilter{Sort: "updated", ClientID: cl.ID}, []string{"Alice", "charlie", "Dora"}},
		"order asc without sort is by id":  {client.ContactListFilter{Order: "asc", ClientID: cl.ID}, []string{"charlie", "Alice", "Dora"}},
		"order desc without sort is by id": {client.ContactListFilter{Order: "desc", ClientID: cl.ID}, []string{"Dora", "Alice", "charlie"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			all, err := c.r.ListContacts(c.ctx, tc.filter)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, ct := range all {
				got = append(got, ct.FirstName)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("first names = %q, want %q", got, tc.want)
			}
		})
	}
	for _, bad := range []struct{ query, field, attr string }{
		{"sort=phone", "sort", "sort"},
		{"sort=id", "sort", "sort"},
		{"order=sideways", "order", "order"},
		{"account_owner=maybe", "account_owner", "account owner"},
	} {
		t.Run("invalid "+bad.query, func(t *testing.T) {
			wantRawError(t, c.raw("GET", "/api/contacts?"+bad.query, c.srv.ReadKey, nil), 422, invalidData,
				fieldErr(bad.field, "The selected "+bad.attr+" is invalid."))
		})
	}
}

func TestContractFindContactByEmail(t *testing.T) {
	t.Parallel()
	c := newContract(t)
	cl := c.mkClient()
	for _, e := range []string{"xjane@acme.example", "jane@acme.example.org", "Jane@Acme.Example", "jane+tag@acme.example"} {
		c.mkContact(cl.ID, func(r *client.ContactCreateRequest) { r.Email = e })
	}
	tests := map[string]struct{ email, want string }{
		"exact, other case": {"JANE@acme.example", "Jane@Acme.Example"},
		"plus sign":         {"jane+tag@acme.example", "jane+tag@acme.example"},
		"substring only":    {"ane@acme.example", ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := c.r.FindContactByEmail(c.ctx, tc.email)
			if tc.want == "" {
				wantAPIError(t, err, 404, "Contact not found.", nil)
				return
			}
			if err != nil || got.Email != tc.want {
				t.Errorf("FindContactByEmail(%q) = %+v, %v; want %q", tc.email, got, err, tc.want)
			}
		})
	}
}

// TestContractUniqueness pins that an address is one namespace across
// contact emails and portal usernames, compared case-insensitively.
func TestContractUniqueness(t *testing.T) {
	t.Parallel()
	c := newContract(t)
	cl := c.mkClient()
	holder := c.mkContact(cl.ID, func(r *client.ContactCreateRequest) { r.Email = "Holder@Acme.Example" })
	pu, puContact := c.mkPortalUser(func(r *client.PortalUserCreateRequest) { r.Username = "Login@Acme.Example" })
	free := c.mkContact(cl.ID)
	plain := c.mkContact(cl.ID)
	tests := map[string]struct {
		act   func() error
		field string
		ok    bool
	}{
		"contact email = contact email": {act: func() error {
			_, err := c.w.CreateContact(c.ctx, client.ContactCreateRequest{FirstName: "A", LastName: "B", Email: "holder@ACME.example", ClientID: cl.ID})
			return err
		}, field: "email"},
		"contact email = portal username": {act: func() error {
			_, err := c.w.CreateContact(c.ctx, client.ContactCreateRequest{FirstName: "A", LastName: "B", Email: "LOGIN@acme.example", ClientID: cl.ID})
			return err
		}, field: "email"},
		"contact email changed to a portal username": {act: func() error {
			_, err := c.w.UpdateContact(c.ctx, plain.ID, client.ContactUpdateRequest{FirstName: "A", LastName: "B", Email: "login@acme.example"})
			return err
		}, field: "email"},
		"contact changed to its own portal username": {act: func() error {
			_, err := c.w.UpdateContact(c.ctx, puContact.ID, client.ContactUpdateRequest{FirstName: "A", LastName: "B", Email: "login@acme.EXAMPLE"})
			return err
		}, ok: true},
		"portal username = another contact's email": {act: func() error {
			_, err := c.w.CreatePortalUser(c.ctx, client.PortalUserCreateRequest{ContactID: free.ID, Username: "HOLDER@acme.example"})
			return err
		}, field: "username"},
		"portal username renamed to itself in another case": {act: func() error {
			_, err := c.w.UpdatePortalUser(c.ctx, pu.ID, client.PortalUserUpdateRequest{Username: client.Set("login@acme.example")})
			return err
		}, ok: true},
		"portal username renamed onto another's": {act: func() error {
			other, err := c.w.CreatePortalUser(c.ctx, client.PortalUserCreateRequest{ContactID: plain.ID, Username: "someone.else"})
			if err != nil {
				return err
			}
			_, err = c.w.UpdatePortalUser(c.ctx, other.ID, client.PortalUserUpdateRequest{Username: client.Set("LOGIN@ACME.EXAMPLE")})
			return err
		}, field: "username"},
		"portal username = its own contact's email": {act: func() error {
			_, err := c.w.CreatePortalUser(c.ctx, client.PortalUserCreateRequest{ContactID: holder.ID, Username: "holder@acme.example"})
			return err
		}, ok: true},
	}
	// A fixed order: the cases share one server.
	for _, name := range slices.Sorted(maps.Keys(tests)) {
		tc := tests[name]
		t.Run(name, func(t *testing.T) {
			err := tc.act()
			if tc.ok {
				if err != nil {
					t.Errorf("want success: %v", err)
				}
				return
			}
			wantAPIError(t, err, 422, invalidData, fieldErr(tc.field, "The "+tc.field+" has already been taken."))
		})
	}
}
