// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contactsapi/terraform-provider-contacts/internal/batchread"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// TestBatchReadsSetting: batch_reads is on unless the attribute or
// CONTACTS_BATCH_READS says false; the attribute wins; a bad variable is an
// error on the attribute. t.Setenv rules out t.Parallel.
func TestBatchReadsSetting(t *testing.T) {
	tests := map[string]struct {
		attr    types.Bool
		env     string
		want    bool
		wantErr string
	}{
		"default":                {attr: types.BoolNull(), want: true},
		"attribute off":          {attr: types.BoolValue(false), want: false},
		"attribute on":           {attr: types.BoolValue(true), want: true},
		"variable off":           {attr: types.BoolNull(), env: "false", want: false},
		"variable 0":             {attr: types.BoolNull(), env: "0", want: false},
		"variable on":            {attr: types.BoolNull(), env: "TRUE", want: true},
		"attribute over env":     {attr: types.BoolValue(true), env: "false", want: true},
		"bad variable":           {attr: types.BoolNull(), env: "maybe", wantErr: `CONTACTS_BATCH_READS must be true or false, got "maybe"`},
		"bad variable, attr set": {attr: types.BoolValue(false), env: "maybe", want: false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Setenv(envBatchReads, tc.env)
			var diags diag.Diagnostics
			got := batchReads(providerModel{BatchReads: tc.attr}, &diags)
			if tc.wantErr != "" {
				if !diags.HasError() || !strings.Contains(diags[0].Detail(), tc.wantErr) {
					t.Fatalf("diagnostics %v, want an error containing %q", diags, tc.wantErr)
				}
				if p := diags[0].(diag.DiagnosticWithPath).Path().String(); p != "batch_reads" {
					t.Errorf("error on %q, want batch_reads", p)
				}
				return
			}
			if diags.HasError() || got != tc.want {
				t.Errorf("batchReads = %v (%v), want %v", got, diags, tc.want)
			}
		})
	}
}

// TestListedPageFlaws: the provider's source marks a list item that fails
// an object's checks, names another client than the list's filter, or
// lacks a key the state takes from the object; present nulls are fine.
func TestListedPageFlaws(t *testing.T) {
	t.Parallel()
	full := `{"id":1,"first_name":"A","last_name":"B","name":"A B","email":"a@x.example","phone":null,"job_position":null,` +
		`"account_owner":"no","status":"active","client":{"id":3},"role":{"name":"Client"},"portal_user_id":null,` +
		`"dates":{"created":"c","updated":"u"}}`
	tests := map[string]struct {
		item, flaw string
	}{
		"complete":             {item: full},
		"another client":       {item: strings.Replace(full, `"client":{"id":3}`, `"client":{"id":4}`, 1), flaw: "it names client 4"},
		"sparse":               {item: strings.Replace(full, `"phone":null,"job_position":null,`, ``, 1), flaw: "it lacks phone, job_position"},
		"no update time":       {item: strings.Replace(full, `,"updated":"u"`, ``, 1), flaw: "it lacks dates.updated"},
		"fails object's check": {item: strings.Replace(full, `"a@x.example"`, `""`, 1), flaw: "lacks email"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var items []client.Listed[client.Contact]
			if err := json.Unmarshal([]byte("["+tc.item+"]"), &items); err != nil {
				t.Fatal(err)
			}
			page, err := listedPage(items, client.Meta{LastPage: 1}, nil, contactItemKeys, func(c client.Contact) int64 { return c.Client.ID }, 3)
			if err != nil || len(page.Items) != 1 {
				t.Fatalf("listedPage = %+v, %v", page, err)
			}
			if got := page.Items[0].Flaw; (tc.flaw == "") != (got == "") || !strings.Contains(got, tc.flaw) {
				t.Errorf("flaw %q, want %q", got, tc.flaw)
			}
		})
	}
}

// TestBatchNoticesOnce: each kind of batched-read warning reaches Terraform
// once per configured provider, naming the list request and batch_reads;
// a list failure read as an error names the list, never blames the object.
func TestBatchNoticesOnce(t *testing.T) {
	t.Parallel()
	var n batchNotices
	refused := &batchread.ListError{Client: 3, Page: 1, Err: &client.APIError{Method: "GET", Path: "/api/portal-users", StatusCode: 422,
		Message: "The given data was invalid.", FieldErrors: map[string][]string{"status": {"The selected status is invalid."}}}}
	for c := int64(3); c < 6; c++ {
		n.batchNotice(portalUsersList, batchread.Notice{Client: c, Err: refused})
		n.batchNotice(contactsList, batchread.Notice{Client: c, Unusable: 12})
	}
	var diags diag.Diagnostics
	n.flush(&diags)
	n.flush(&diags)
	if len(diags) != 2 || diags.HasError() {
		t.Fatalf("diagnostics %v, want two warnings", diags)
	}
	for _, d := range diags {
		if !strings.Contains(d.Detail(), "batch_reads = false") || !strings.Contains(d.Detail(), "GET /api/") {
			t.Errorf("warning %q: %s lacks the list request or batch_reads", d.Summary(), d.Detail())
		}
	}
	if want := "GET /api/portal-users?client_id=3&status=all (page 1)"; !strings.Contains(diags[0].Detail(), want) || !strings.Contains(diags[0].Detail(), "status: The selected status is invalid.") {
		t.Errorf("fall-back warning %q lacks %q or the API's message", diags[0].Detail(), want)
	}

	var errs diag.Diagnostics
	addReadError(&errs, "Error Reading Portal User", "portal user 7", portalUsersList, refused)
	detail := errs[0].Detail()
	if strings.Contains(detail, "rejected portal user 7") || !strings.Contains(detail, "list request GET /api/portal-users") || !strings.Contains(detail, "batch_reads = false") {
		t.Errorf("read error %q blames the object or lacks the list request and batch_reads", detail)
	}
}
