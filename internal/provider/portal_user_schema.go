// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
	"github.com/contactsapi/terraform-provider-contacts/internal/validators"
)

// Values of deletion_policy.
const (
	deletionPolicyDelete = "delete"
	deletionPolicyRevoke = "revoke"
)

func (r *portalUserResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_portal_user"
}

func (r *portalUserResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identitySchema("The portal user's numeric id, assigned by the API; it never changes while the login exists. " +
		"The username and the contact's email are not part of the identity: both can change (in place).")
}

func (r *portalUserResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages a contact's login to the client portal (a *portal user*). A contact has at most one portal user.\n\n" +
			"**One login, one resource.** A plan fails when two resources of the configuration declare a portal user for the same contact, " +
			"or the same `username` (compared ignoring case, as the API does): both would be the same login. The error names the other by its values; remove one of the two.\n\n" +
			"**Passwords.** `password_wo` is write-only (Terraform 1.11 or later): it is sent to the API and never stored in the plan or the state, " +
			"so it can come from an `ephemeral` input variable or an ephemeral resource. It is sent when the user is created, and afterwards only " +
			"when `password_wo_version` changes, through the API's administrator password reset. Changing `password_wo` alone sends nothing.\n\n" +
			"**No password.** A `local` user created with neither `password_wo` nor `send_invite` gets a random password from the server that nobody is told: " +
			"nobody can log in as that user until a password is set (`password_wo` with a new `password_wo_version`) or the user accepts an invitation (`invite_version`).\n\n" +
			"**Resending an invitation, resetting a password: actions or version attributes.** On Terraform 1.14 or later, a one-off operation " +
			"(\"send Jane her invitation again\", \"reset Jane's password now\") is best run with the actions " +
			"`contacts_portal_user_send_invite` and `contacts_portal_user_set_password`: `terraform apply -invoke=action.contacts_portal_user_send_invite.jane`, " +
			"or from a `lifecycle { action_trigger { ... } }` (for example `after_create`, to invite a user created without a password). " +
			"They need no change to the configuration and leave nothing in the state; this resource's `invitation_status`, `invitation_sent_at` and " +
			"`password_updated_at` follow on its next refresh, with no planned change. On OpenTofu and on Terraform before 1.14, which have no actions, " +
			"`invite_version` and `password_wo_version` remain the way: change the number to send the invitation or the password again. " +
			"They are also the way to keep the operation in the configuration's history, reviewed like any other change.\n\n" +
			"**Status.** `status` is applied with the API's grant-access and revoke-access actions, only when it differs from what the server holds; " +
			"a revocation made outside Terraform shows as drift and the next apply restores the declared status.\n\n" +
			"**Import** by numeric id, by username or by the contact's email: `terraform import contacts_portal_user.example 301` or " +
			"`terraform import contacts_portal_user.example jane@acme.example`; on Terraform 1.12 or later (OpenTofu 1.12 or later) an import block also takes " +
			"the user's identity, its id: `identity = { id = 301 }` (the username and email are not part of it, as both can change in place). " +
			"Import never changes the password and emails nobody:\n\n" +
			"  - `invite_version`: the first value that an existing user gets (after an import, or when the attribute is added to the configuration) " +
			"is only recorded, and the plan warns that no invitation is sent; change it again to send one.\n" +
			"  - `password_wo_version`: set after an import together with `password_wo`, it sets that password (the password in the configuration says so). " +
			"Leave both out to keep the user's current password.\n\n" +
			"**Replacing.** `terraform apply -replace=contacts_portal_user.example` and a tainted portal user are replaced by deleting the login first and then " +
			"creating a new one for the same contact (a contact has at most one, so `create_before_destroy` cannot work). Recognising a tainted user " +
			"needs the refresh: with `-refresh=false` its replacement is refused as a second login of the contact.\n\n" +
			"**Lost answers.** If the answer to a create is lost (network failure, server error or time limit after all retries), the provider " +
			"repeats the request with its `Idempotency-Key`, so the server answers it as it answered the first. A portal user of the contact that " +
			"cannot be proven to be this request's is never adopted: the error names its id and the `terraform import` that adopts it on purpose. A lost answer to a password reset, " +
			"invitation or status change is settled by reading the user back, so the state never records an action the server did not take.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Numeric id of the portal user, assigned by the API.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"contact_id": schema.Int64Attribute{
				MarkdownDescription: "Id of the contact who logs in. The API cannot move a login to another contact, so changing it replaces the portal user. " +
					"The contact must exist, have the `Client` role (belong to a client account) and not have a portal user already, nor get one from another " +
					"`contacts_portal_user` of the configuration; this is checked at plan time when the id is known. " +
					"The login that this resource replaces (`-replace`, taint, a new `contact_id`) does not count.",
				Required:      true,
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"username": schema.StringAttribute{
				MarkdownDescription: "Login name, 3 to 191 characters, each an ASCII letter (`a`-`z`, `A`-`Z`), a digit `0`-`9` or one of `.@+_-`, unique ignoring case across portal users and other contacts' emails. " +
					"Defaults to the contact's email when the user is created; removing it from the configuration later keeps the current username.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{validators.Username()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"auth_method": schema.StringAttribute{
				MarkdownDescription: "`local` (a password, the default) or `azure` (single sign-on, no password). Switching either way drops the current password; " +
					"a user switched to `local` cannot log in until a password is set with a new `password_wo_version` or an invitation is accepted.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(client.AuthLocal),
				Validators: []validator.String{stringvalidator.OneOf(client.AuthLocal, client.AuthAzure)},
			},
			"password_wo": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Password for a `local` user: %d to %d characters with at least one letter and one number. "+
					"Write-only: never stored in the plan or the state, and checked at plan time when its value is known. "+
					"Sent when the user is created and whenever `password_wo_version` changes afterwards; changing only this value sends nothing. "+
					"Not allowed with `auth_method = \"azure\"`.", validators.PasswordMinLength, validators.PasswordMaxLength),
				Optional:   true,
				Sensitive:  true,
				WriteOnly:  true,
				Validators: []validator.String{validators.Password()},
			},
			"password_wo_version": schema.Int64Attribute{
				MarkdownDescription: "Any number; changing it to another non-null value sends the current `password_wo` with the API's password reset " +
					"(an in-place update), and so does a first value given after an import. Requires `password_wo`. If the reset fails, the previous version stays in the state so that the next apply tries again.",
				Optional: true,
			},
			"send_invite": schema.BoolAttribute{
				MarkdownDescription: "Send the portal invitation email when the user is created (default `false`). Only used at creation: changing it later " +
					"sends nothing; use `invite_version` to send the invitation again. Not allowed for a user created with `status = \"terminated\"`.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"invite_version": schema.Int64Attribute{
				MarkdownDescription: "Any number; changing it from one number to another sends the invitation again (one email per change). " +
					"The first value sends nothing: set when the user is created (that is `send_invite`'s job), after an import or on an existing user, " +
					"it is only recorded, and the plan warns so. Setting it back to null only forgets it. Terminated users cannot be invited.",
				Optional: true,
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "`active` (the default) or `terminated` (access revoked; the login remains). A new user declared `terminated` is created " +
					"and revoked in the same apply. A terminated user trying to log in is refused.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(client.StatusActive),
				Validators: []validator.String{stringvalidator.OneOf(client.StatusActive, client.StatusTerminated)},
			},
			"roles": schema.SetNestedAttribute{
				MarkdownDescription: "Access roles the user holds; the list replaces whatever the server holds, and leaving it out means no roles. " +
					"References must exist (see the `contacts_access_roles` data source) and are case-sensitive. The server drops a role once its `expires` has passed; " +
					"while the configuration still declares that same expiry, no change is planned (the role expired as declared). " +
					"Extend or remove `expires` to grant the role again, or remove the role from the configuration.",
				Optional: true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"reference": schema.StringAttribute{
							MarkdownDescription: "Reference of an access role, e.g. `billing`. References are case-sensitive: `Billing` is not `billing`.",
							Required:            true,
							Validators: []validator.String{validators.NotEmpty(
								"An access role reference is an empty string. Set reference to the reference of an existing access role, such as billing; the contacts_access_roles data source lists them.")},
						},
						"expires": schema.StringAttribute{
							MarkdownDescription: "When the role ends, as an RFC 3339 timestamp such as `2027-01-31T00:00:00Z`; it must be in the future when the role is granted. Leave out for no end.",
							Optional:            true,
							Validators:          []validator.String{validators.RFC3339()},
						},
					},
				},
			},
			"deletion_policy": schema.StringAttribute{
				MarkdownDescription: "What destroying the resource does: `delete` (the default) removes the login; `revoke` only revokes access and keeps the " +
					"account and its history on the server, for teams that must keep an audit trail. A revoked login that is kept still belongs to the contact, " +
					"so a new `contacts_portal_user` for that contact must import it rather than create one.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(deletionPolicyDelete),
				Validators: []validator.String{stringvalidator.OneOf(deletionPolicyDelete, deletionPolicyRevoke)},
			},
			"client_id": schema.Int64Attribute{
				MarkdownDescription: "Id of the client account of the contact.",
				Computed:            true,
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"email": schema.StringAttribute{
				// ModifyPlan keeps the computed values that the planned
				// change cannot alter, and Update records them as planned.
				MarkdownDescription: "The contact's email (the API mirrors it). A change of the contact in the same apply shows here after the next refresh.",
				Computed:            true,
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The contact's full name (the API mirrors it). A change of the contact in the same apply shows here after the next refresh.",
				Computed:            true,
			},
			"invitation_status": schema.StringAttribute{
				MarkdownDescription: "`none`, `pending` (sent, not yet accepted) or `accepted`.",
				Computed:            true,
			},
			"invitation_sent_at": schema.StringAttribute{
				MarkdownDescription: "When the last invitation was sent (UTC, RFC 3339), or null.",
				Computed:            true,
			},
			"password_updated_at": schema.StringAttribute{
				MarkdownDescription: "When a password was last set through the API (UTC, RFC 3339), or null; the server's random password does not count.",
				Computed:            true,
			},
			"last_login_at": schema.StringAttribute{
				MarkdownDescription: "When the user last logged in to the portal (UTC, RFC 3339), or null.",
				Computed:            true,
			},
			"created": schema.StringAttribute{
				MarkdownDescription: "When the portal user was created (UTC, RFC 3339).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"updated": schema.StringAttribute{
				MarkdownDescription: "When the portal user was last changed (UTC, RFC 3339).",
				Computed:            true,
			},
			"timeouts": timeoutsAttribute(ctx),
		},
	}
}
