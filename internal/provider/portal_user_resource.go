package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
	"github.com/contactsapi/terraform-provider-contacts/internal/validators"
)

// Values of deletion_policy.
const (
	deletionPolicyDelete = "delete"
	deletionPolicyRevoke = "revoke"
)

// privateKeyPlannedUser names the private-state entry that an update plan
// leaves for a replacement's create plan (Terraform passes the first plan's
// private data to the second): it tells the create plan which existing
// portal user is about to be deleted, so the one-user-per-contact check does
// not refuse the replacement of that very user.
const privateKeyPlannedUser = "planned_user"

var (
	_ resource.Resource                   = (*portalUserResource)(nil)
	_ resource.ResourceWithConfigure      = (*portalUserResource)(nil)
	_ resource.ResourceWithImportState    = (*portalUserResource)(nil)
	_ resource.ResourceWithValidateConfig = (*portalUserResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*portalUserResource)(nil)
)

// NewPortalUserResource returns the contacts_portal_user resource.
func NewPortalUserResource() resource.Resource {
	return &portalUserResource{now: time.Now}
}

type portalUserResource struct {
	client *client.Client
	// now is the clock that decides whether a role's expiry has passed.
	now func() time.Time
}

// portalUserResourceModel adds the settings that only Terraform knows (the
// API never reports them) to the attributes every portal user has.
type portalUserResourceModel struct {
	portalUserModel
	// PasswordWO is write-only: the framework always stores it as null, and
	// its value is read from the configuration only.
	PasswordWO        types.String   `tfsdk:"password_wo"`
	PasswordWOVersion types.Int64    `tfsdk:"password_wo_version"`
	SendInvite        types.Bool     `tfsdk:"send_invite"`
	InviteVersion     types.Int64    `tfsdk:"invite_version"`
	DeletionPolicy    types.String   `tfsdk:"deletion_policy"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
}

// plannedUser is the private-state record of privateKeyPlannedUser.
type plannedUser struct {
	ID        string `json:"id"`
	ContactID int64  `json:"contact_id"`
}

func (r *portalUserResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_portal_user"
}

func (r *portalUserResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages a contact's login to the client portal (a *portal user*). A contact has at most one portal user.\n\n" +
			"**Passwords.** `password_wo` is write-only (Terraform 1.11 or later): it is sent to the API and never stored in the plan or the state, " +
			"so it can come from an `ephemeral` input variable or an ephemeral resource. It is sent when the user is created, and afterwards only " +
			"when `password_wo_version` changes, through the API's administrator password reset. Changing `password_wo` alone sends nothing.\n\n" +
			"**No password.** A `local` user created with neither `password_wo` nor `send_invite` gets a random password from the server that nobody is told: " +
			"nobody can log in as that user until a password is set (`password_wo` with a new `password_wo_version`) or the user accepts an invitation (`invite_version`).\n\n" +
			"**Status.** `status` is applied with the API's grant-access and revoke-access actions, only when it differs from what the server holds; " +
			"a revocation made outside Terraform shows as drift and the next apply restores the declared status.\n\n" +
			"**Import** by numeric id, by username or by the contact's email: `terraform import contacts_portal_user.example 301` or " +
			"`terraform import contacts_portal_user.example jane@acme.example`. Import never changes the password and emails nobody:\n\n" +
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

func (r *portalUserResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig holds the rules that involve more than one attribute; they
// apply whenever the values are known, so a plan fails before any API call.
func (r *portalUserResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	// Only the attributes the rules read: decoding the whole configuration
	// into the model would cost more than the checks.
	var cfg struct {
		PasswordWO, AuthMethod types.String
		PasswordWOVersion      types.Int64
		Roles                  types.Set
	}
	resp.Diagnostics.Append(getAttributes(ctx, req.Config.GetAttribute, map[string]any{
		"password_wo": &cfg.PasswordWO, "password_wo_version": &cfg.PasswordWOVersion,
		"auth_method": &cfg.AuthMethod, "roles": &cfg.Roles,
	})...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !cfg.PasswordWOVersion.IsNull() && cfg.PasswordWO.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("password_wo_version"), "Password Version Without Password",
			"Attribute password_wo_version is set but password_wo is not, so there is no password to send. Set password_wo (for example from an ephemeral variable) or remove password_wo_version.")
	}
	if !cfg.PasswordWO.IsNull() && cfg.AuthMethod.ValueString() == client.AuthAzure {
		resp.Diagnostics.AddAttributeError(path.Root("password_wo"), "Password Not Allowed With Azure Sign-In",
			`A portal user with auth_method = "azure" signs in through single sign-on and has no password. Remove password_wo (and password_wo_version), or use auth_method = "local".`)
	}
	roles, diags := rolesOf(ctx, cfg.Roles)
	resp.Diagnostics.Append(diags...)
	seen := map[string]bool{}
	for _, role := range roles {
		if role.Reference.IsUnknown() {
			continue
		}
		ref := role.Reference.ValueString()
		if seen[ref] {
			resp.Diagnostics.AddAttributeError(path.Root("roles"), "Duplicate Access Role",
				fmt.Sprintf("The access role %q is listed more than once. A user holds a role once; keep a single entry with the expiry you want.", ref))
		}
		seen[ref] = true
	}
}

// ModifyPlan runs the checks that need the server or the prior state, and
// keeps known every computed value that the planned change cannot alter.
func (r *portalUserResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() {
		if !req.Plan.Raw.IsNull() {
			r.modifyCreatePlan(ctx, req, resp)
		}
		return
	}
	r.markKept(ctx, req, resp)
	// Nothing more to check on a destroy, nor on a plan that changes
	// nothing: the framework leaves the prior state as the plan then (the
	// common case of every refresh, where decoding both would cost more
	// than the rest of the plan).
	if req.Plan.Raw.IsNull() || req.Plan.Raw.Equal(req.State.Raw) {
		return
	}
	var plan portalUserResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var state portalUserResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ch := plannedChanges(plan, state)
	if ch.invite && plan.Status.ValueString() == client.StatusTerminated {
		resp.Diagnostics.AddAttributeError(path.Root("invite_version"), "Cannot Invite a Terminated Portal User",
			fmt.Sprintf("Attribute invite_version changed, which sends an invitation, but portal user %s is declared terminated and the API invites only active users. "+
				"Set status = \"active\" in the same change, or leave invite_version as it was.", state.ID.ValueString()))
	}
	if inviteVersionAdopted(state.InviteVersion, plan.InviteVersion) {
		resp.Diagnostics.AddAttributeWarning(path.Root("invite_version"), "Invitation Version Recorded, Not Sent",
			fmt.Sprintf("Portal user %s has no invite_version in the state yet (it was imported, or the attribute is new), so this apply records invite_version = %d and no invitation is sent. "+
				"Change invite_version again to send an invitation.", state.ID.ValueString(), plan.InviteVersion.ValueInt64()))
	}
	if ch.auth && plan.AuthMethod.ValueString() == client.AuthLocal && !ch.password && !ch.invite {
		resp.Diagnostics.AddAttributeWarning(path.Root("auth_method"), "Portal User Will Have No Password",
			fmt.Sprintf("Switching portal user %s to local sign-in leaves it without a usable password. Change password_wo_version (with password_wo) or invite_version in the same apply, or nobody can log in.", state.ID.ValueString()))
	}
	r.checkNewRoles(ctx, plan.Roles, state.Roles, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	// The API changes each of these only through the actions named; the
	// contact's email and name, the last login and an accepted invitation
	// change outside this resource, and the next refresh records them.
	plan.ClientID, plan.Email, plan.Name, plan.LastLoginAt = state.ClientID, state.Email, state.Name, state.LastLoginAt
	if !ch.invite {
		plan.InvitationStatus, plan.InvitationSentAt = state.InvitationStatus, state.InvitationSentAt
	}
	if !ch.password && !ch.auth {
		plan.PasswordUpdatedAt = state.PasswordUpdatedAt
	}
	if !ch.server() {
		plan.Updated = state.Updated
	}
	for name, v := range map[string]attr.Value{
		"client_id": plan.ClientID, "email": plan.Email, "name": plan.Name, "last_login_at": plan.LastLoginAt,
		"invitation_status": plan.InvitationStatus, "invitation_sent_at": plan.InvitationSentAt,
		"password_updated_at": plan.PasswordUpdatedAt, "updated": plan.Updated,
	} {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(name), v)...)
	}
}

// markKept records, for a plan with a prior state, the portal user that
// this instance updates, keeps or destroys, and leaves the replacement
// marker for a create plan that may follow (-replace).
func (r *portalUserResource) markKept(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var id types.String
	var contactID types.Int64
	resp.Diagnostics.Append(getAttributes(ctx, req.State.GetAttribute, map[string]any{"id": &id, "contact_id": &contactID})...)
	if resp.Diagnostics.HasError() {
		return
	}
	if n, ok := parseID(id.ValueString()); ok && r.client != nil {
		markUserKept(r.client, n)
	}
	if req.Plan.Raw.IsNull() {
		return
	}
	marker, _ := json.Marshal(plannedUser{ID: id.ValueString(), ContactID: contactID.ValueInt64()})
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateKeyPlannedUser, marker)...)
}

// portalUserChanges says which API calls an update plan makes.
type portalUserChanges struct {
	patch, auth, password, status, invite bool
}

// server reports whether the update changes anything on the server (and
// so moves updated).
func (c portalUserChanges) server() bool {
	return c.patch || c.auth || c.password || c.status || c.invite
}

func plannedChanges(plan, state portalUserResourceModel) portalUserChanges {
	return portalUserChanges{
		patch:    plan.Username.IsUnknown() || !plan.Username.Equal(state.Username) || !plan.Roles.Equal(state.Roles),
		auth:     !plan.AuthMethod.Equal(state.AuthMethod),
		password: versionChanged(state.PasswordWOVersion, plan.PasswordWOVersion),
		status:   !plan.Status.Equal(state.Status),
		invite:   inviteVersionChanged(state.InviteVersion, plan.InviteVersion),
	}
}

func (r *portalUserResource) modifyCreatePlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	// Only the attributes the checks read, as in ValidateConfig: a create
	// is planned twice per portal user (at plan time and at apply time).
	var plan struct {
		Status     types.String
		SendInvite types.Bool
		ContactID  types.Int64
		Roles      types.Set
	}
	resp.Diagnostics.Append(getAttributes(ctx, req.Plan.GetAttribute, map[string]any{
		"status": &plan.Status, "send_invite": &plan.SendInvite,
		"contact_id": &plan.ContactID, "roles": &plan.Roles,
	})...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.Status.ValueString() == client.StatusTerminated && plan.SendInvite.ValueBool() {
		resp.Diagnostics.AddAttributeError(path.Root("send_invite"), "Cannot Invite a Terminated Portal User",
			"The portal user is declared terminated, so an invitation would let nobody in and the API refuses it for terminated users. Remove send_invite or set status = \"active\".")
	}
	r.checkContactFree(ctx, req, plan.ContactID, &resp.Diagnostics)
	r.checkNewRoles(ctx, plan.Roles, types.SetNull(portalUserRoleType), &resp.Diagnostics)
}

// checkContactFree fails the plan when the contact is known and cannot take
// a new portal user: it does not exist, it is not a client's contact, it
// already has one, or another create in this configuration gives it one.
func (r *portalUserResource) checkContactFree(ctx context.Context, req resource.ModifyPlanRequest, contactID types.Int64, diags *diag.Diagnostics) {
	if r.client == nil || contactID.IsUnknown() || contactID.IsNull() {
		return
	}
	id := contactID.ValueInt64()
	if claimNewLogin(r.client, id) {
		diags.AddAttributeError(path.Root("contact_id"), "Contact Already Has a Portal User",
			fmt.Sprintf("Another contacts_portal_user in this configuration also creates a portal user for contact %d, and a contact can have only one. "+
				"Keep one of the two resources, or give this one the id of another contact.", id))
		return
	}
	if isFreshContact(r.client, id) {
		return
	}
	contact, err := r.client.GetContact(ctx, id)
	switch {
	case errors.Is(err, client.ErrNotFound):
		diags.AddAttributeError(path.Root("contact_id"), "Contact Not Found",
			fmt.Sprintf("Contact %d does not exist or was deleted, so it cannot get a portal user. Use the id of an existing contact, for example contacts_contact.<name>.id.", id))
		return
	case err != nil:
		addAPIError(diags, "Error Checking Contact", fmt.Sprintf("contact %d", id), err, nil)
		return
	case contact.Role.Name != accountOwnerRole:
		diags.AddAttributeError(path.Root("contact_id"), "Contact Cannot Have a Portal User",
			fmt.Sprintf("Contact %d has the %q role; only contacts with the %s role, a client's contacts, can have a portal user (the API answers \"The selected contact_id is invalid.\"). "+
				"Use the id of one of a client's contacts.", id, contact.Role.Name, accountOwnerRole))
		return
	case contact.PortalUserID == nil:
		return
	}
	existing := formatID(*contact.PortalUserID)
	raw, d := req.Private.GetKey(ctx, privateKeyPlannedUser)
	diags.Append(d...)
	var replacing plannedUser
	if len(raw) > 0 && json.Unmarshal(raw, &replacing) == nil && replacing.ID == existing {
		return // this plan replaces that very user; it is deleted first
	}
	if userReplacedAsTainted(ctx, r.client, *contact.PortalUserID) {
		return // the tainted object being replaced; it is deleted first
	}
	diags.AddAttributeError(path.Root("contact_id"), "Contact Already Has a Portal User", duplicateUserDetail(id, existing))
}

func duplicateUserDetail(contactID int64, existingID string) string {
	return fmt.Sprintf("Contact %d already has portal user %s, and a contact can have only one. Manage that user instead: "+
		"import it with `terraform import contacts_portal_user.<name> %s` (or an import block), or choose another contact. "+
		"If this plan replaces a tainted portal user of this contact, plan with refresh (the default, not -refresh=false), so that the provider recognises it.", contactID, existingID, existingID)
}

// checkNewRoles checks the roles the plan adds: an expiry must lie in the
// future, and the reference must exist on the server.
func (r *portalUserResource) checkNewRoles(ctx context.Context, planned, prior types.Set, diags *diag.Diagnostics) {
	if planned.IsUnknown() || planned.IsNull() {
		return
	}
	plannedRoles, d := rolesOf(ctx, planned)
	diags.Append(d...)
	priorRoles, d := rolesOf(ctx, prior)
	diags.Append(d...)
	now := r.now()
	var added []portalUserRoleModel
	for _, p := range plannedRoles {
		if p.Reference.IsUnknown() || p.Expires.IsUnknown() {
			continue
		}
		held := false
		for _, q := range priorRoles {
			held = held || (q.Reference.Equal(p.Reference) && sameInstant(q.Expires, p.Expires))
		}
		if held {
			continue
		}
		added = append(added, p)
		if roleExpired(p, now) {
			diags.AddAttributeError(path.Root("roles"), "Access Role Expiry In the Past",
				fmt.Sprintf("The access role %q would be granted with expires = %q, which has already passed. Use a future time, or leave expires out for no end.",
					p.Reference.ValueString(), p.Expires.ValueString()))
		}
	}
	if len(added) == 0 || r.client == nil {
		return
	}
	known, err := r.knownRoles(ctx)
	if err != nil {
		addAPIError(diags, "Error Reading Access Roles", "the list of access roles", err, nil)
		return
	}
	for _, p := range added {
		if !known[p.Reference.ValueString()] {
			diags.AddAttributeError(path.Root("roles"), "Unknown Access Role", unknownRoleDetail(p.Reference.ValueString(), known))
		}
	}
}

func (r *portalUserResource) knownRoles(ctx context.Context) (map[string]bool, error) {
	roles, err := r.client.ListAccessRoles(ctx)
	if err != nil {
		return nil, err
	}
	known := make(map[string]bool, len(roles))
	for _, role := range roles {
		known[role.Reference] = true
	}
	return known, nil
}

func unknownRoleDetail(ref string, known map[string]bool) string {
	return fmt.Sprintf("The access role %q does not exist on this server. Known roles: %s. The contacts_access_roles data source lists them.", ref, strings.Join(sortedKeys(known), ", "))
}

func (r *portalUserResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan portalUserResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	// Write-only values are null in the plan; only the configuration has them.
	var password types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password_wo"), &password)...)
	roles, diags := rolesOf(ctx, plan.Roles)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, finish := withTimeout(ctx, &resp.Diagnostics, "create", plan.Timeouts.Create, defaultCreateTimeout)
	defer finish()
	contactID := plan.ContactID.ValueInt64()
	what := fmt.Sprintf("the portal user of contact %d", contactID)
	body := client.PortalUserCreateRequest{
		ContactID:  contactID,
		Username:   plan.Username.ValueString(), // "" while unknown: the API defaults it to the contact's email
		AuthMethod: plan.AuthMethod.ValueString(),
		Password:   password.ValueString(),
		SendInvite: plan.SendInvite.ValueBool(),
		Roles:      roleGrants(roles, r.now()),
	}
	// From now on the contact may have a login: later plans ask the server.
	forgetFreshContact(r.client, contactID)
	user := create(ctx, &resp.Diagnostics, createCall[client.PortalUser]{
		summary:      "Error Creating Portal User",
		what:         what,
		kind:         "portal user",
		resourceType: "contacts_portal_user",
		key:          fmt.Sprintf("contact_id %d", contactID),
		takenField:   "contact_id",
		send:         func(ctx context.Context) (*client.PortalUser, error) { return r.client.CreatePortalUser(ctx, body) },
		find: func(ctx context.Context) (int64, error) {
			found, err := r.client.FindPortalUserByContact(ctx, contactID)
			if err != nil {
				return 0, err
			}
			return found.ID, nil
		},
		report: func(diags *diag.Diagnostics, err error) {
			r.addError(ctx, diags, "Error Creating Portal User", what, contactID, err)
		},
	})
	if user == nil {
		return
	}
	id := user.ID
	state := r.stateFrom(ctx, user, plan, plan.Roles, &resp.Diagnostics)
	// Save at once: the user exists even if a step below fails, and the
	// state must say what the server holds.
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.Status.ValueString() != client.StatusTerminated {
		return
	}
	user, err := r.setStatus(ctx, id, client.StatusTerminated)
	if err != nil {
		r.undoCreate(ctx, resp, id, contactID, "Error Revoking Portal User Access", "its access could not be revoked", err)
		return
	}
	state = r.stateFrom(ctx, user, plan, plan.Roles, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// undoCreate deletes a portal user that Create made (or adopted) but could
// not finish, so that neither a login in a state other than the declared
// one nor a tainted object (whose replacement the one-user-per-contact
// check would refuse) is left behind. It runs even when the operation's
// context has ended.
func (r *portalUserResource) undoCreate(ctx context.Context, resp *resource.CreateResponse, id, contactID int64, summary, why string, err error) {
	r.addError(ctx, &resp.Diagnostics, summary, fmt.Sprintf("new portal user %d", id), contactID, err)
	undoCtx, cancel := afterLoss(ctx)
	defer cancel()
	if derr := r.client.DeletePortalUser(undoCtx, id); derr != nil && !errors.Is(derr, client.ErrNotFound) {
		addAPIError(&resp.Diagnostics, "Error Removing Portal User After Failed Create",
			fmt.Sprintf("portal user %d, which stays active and in the state", id), derr, nil)
		return
	}
	resp.State.RemoveResource(ctx)
	resp.Diagnostics.AddWarning("Portal User Creation Undone",
		fmt.Sprintf("Portal user %d was deleted again because %s; the next apply creates it afresh.", id, why))
}

func (r *portalUserResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state portalUserResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, finish := withTimeout(ctx, &resp.Diagnostics, "read", state.Timeouts.Read, defaultReadTimeout)
	defer finish()
	id, ok := parseStateID(state.ID, "portal user", &resp.Diagnostics)
	if !ok {
		return
	}
	user, err := r.client.GetPortalUser(ctx, id)
	if errors.Is(err, client.ErrNotFound) {
		// Deleted outside Terraform, directly or with its contact.
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Reading Portal User", fmt.Sprintf("portal user %d", id), err, nil)
		return
	}
	markUserRead(r.client, id)
	prior := state
	// After an import only the id is known: the settings that the API does
	// not report take their defaults.
	if state.DeletionPolicy.IsNull() {
		state.DeletionPolicy = types.StringValue(deletionPolicyDelete)
	}
	if state.SendInvite.IsNull() {
		state.SendInvite = types.BoolValue(false)
	}
	newState := r.stateFrom(ctx, user, state, state.Roles, &resp.Diagnostics)
	if sameModel(newState, prior) {
		return // the response already holds the prior state
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, newState)...)
}

// Update applies the changes in a fixed order: attributes (PATCH), password,
// status, invitation. After each failure the state is what the server holds
// at that point, so a failed step is planned again next time and nothing is
// recorded as done that was not.
func (r *portalUserResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, prior portalUserResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, finish := withTimeout(ctx, &resp.Diagnostics, "update", plan.Timeouts.Update, defaultUpdateTimeout)
	defer finish()
	id, ok := parseStateID(prior.ID, "portal user", &resp.Diagnostics)
	if !ok {
		return
	}
	what := fmt.Sprintf("portal user %d", id)
	contactID := prior.ContactID.ValueInt64()
	// current is what the server holds, as far as this apply knows.
	current := prior
	current.DeletionPolicy, current.SendInvite = plan.DeletionPolicy, plan.SendInvite
	refresh := func(u *client.PortalUser) {
		current = r.stateFrom(ctx, u, current, plan.Roles, &resp.Diagnostics)
	}
	// step runs one API call. After a failure that may hide an applied
	// call (a lost answer), the user is read back: the step counts as done
	// when applied says the server shows its effect, and otherwise the
	// state takes what the server holds. A failed step ends the update.
	step := func(summary string, call func() (*client.PortalUser, error), applied func(*client.PortalUser) bool) bool {
		user, err := call()
		if err != nil && applied != nil && mayHaveApplied(err) {
			user, err = r.confirm(ctx, id, err, applied)
		}
		if user != nil {
			refresh(user)
		}
		if err != nil {
			r.addError(ctx, &resp.Diagnostics, summary, what, contactID, err)
			resp.Diagnostics.Append(resp.State.Set(ctx, current)...)
			return false
		}
		return true
	}
	never := func(*client.PortalUser) bool { return false }

	if patch, changed := r.patchFor(ctx, plan, prior, &resp.Diagnostics); changed {
		if !step("Error Updating Portal User", func() (*client.PortalUser, error) { return r.client.UpdatePortalUser(ctx, id, patch) }, never) {
			return
		}
	}

	if versionChanged(prior.PasswordWOVersion, plan.PasswordWOVersion) {
		var password types.String
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password_wo"), &password)...)
		if password.IsNull() || password.IsUnknown() {
			resp.Diagnostics.AddAttributeError(path.Root("password_wo"), "Missing Password",
				"Attribute password_wo_version changed but password_wo has no value, so no password was sent. Set password_wo and apply again.")
		}
		if resp.Diagnostics.HasError() {
			resp.Diagnostics.Append(resp.State.Set(ctx, current)...)
			return
		}
		before := current.PasswordUpdatedAt
		if !step("Error Setting Portal User Password",
			func() (*client.PortalUser, error) { return r.client.SetPassword(ctx, id, password.ValueString()) },
			func(u *client.PortalUser) bool {
				return u.PasswordUpdatedAt != nil && !types.StringPointerValue(u.PasswordUpdatedAt).Equal(before)
			}) {
			return
		}
	}
	// Either the password was sent, or the version changed to null and
	// there was nothing to send.
	current.PasswordWOVersion = plan.PasswordWOVersion

	if want := plan.Status.ValueString(); want != current.Status.ValueString() {
		// setStatus reads the user back itself after a lost answer.
		if !step("Error Changing Portal User Status", func() (*client.PortalUser, error) { return r.setStatus(ctx, id, want) }, nil) {
			return
		}
	}

	if inviteVersionChanged(prior.InviteVersion, plan.InviteVersion) {
		before := current.InvitationSentAt
		if !step("Error Sending Portal User Invitation",
			func() (*client.PortalUser, error) { return r.client.SendInvite(ctx, id) },
			func(u *client.PortalUser) bool {
				return u.Invitation.SentAt != nil && !types.StringPointerValue(u.Invitation.SentAt).Equal(before)
			}) {
			return
		}
	}
	current.InviteVersion = plan.InviteVersion
	current.Timeouts = plan.Timeouts
	keepPlannedComputed(&current, plan)
	resp.Diagnostics.Append(resp.State.Set(ctx, current)...)
}

// keepPlannedComputed keeps the computed values that the plan predicted
// (those the update cannot alter, see ModifyPlan). The server may report
// others by now, changed outside this resource (the contact's email in the
// same apply, a login accepting an invitation); the next refresh records
// them, as it would have had the change come a moment later.
func keepPlannedComputed(current *portalUserResourceModel, plan portalUserResourceModel) {
	for _, f := range []struct{ state, planned *types.String }{
		{&current.Email, &plan.Email},
		{&current.Name, &plan.Name},
		{&current.InvitationStatus, &plan.InvitationStatus},
		{&current.InvitationSentAt, &plan.InvitationSentAt},
		{&current.PasswordUpdatedAt, &plan.PasswordUpdatedAt},
		{&current.LastLoginAt, &plan.LastLoginAt},
		{&current.Updated, &plan.Updated},
	} {
		if !f.planned.IsUnknown() {
			*f.state = *f.planned
		}
	}
	if !plan.ClientID.IsUnknown() {
		current.ClientID = plan.ClientID
	}
}

func (r *portalUserResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state portalUserResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, finish := withTimeout(ctx, &resp.Diagnostics, "delete", state.Timeouts.Delete, defaultDeleteTimeout)
	defer finish()
	id, ok := parseStateID(state.ID, "portal user", &resp.Diagnostics)
	if !ok {
		return
	}
	what := fmt.Sprintf("portal user %d", id)
	if state.DeletionPolicy.ValueString() == deletionPolicyRevoke {
		_, err := r.setStatus(ctx, id, client.StatusTerminated)
		if err != nil && !errors.Is(err, client.ErrNotFound) {
			addAPIError(&resp.Diagnostics, "Error Revoking Portal User Access", what, err, nil)
		}
		return
	}
	if err := r.client.DeletePortalUser(ctx, id); err != nil && !errors.Is(err, client.ErrNotFound) {
		addAPIError(&resp.Diagnostics, "Error Deleting Portal User", what, err, nil)
	}
}

// ImportState accepts a numeric id, a username or the contact's email; Read
// fills in the rest. The password is left alone.
func (r *portalUserResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importer{
		noun:  "portal user",
		forms: "Import a portal user by its numeric id, its username or its contact's email, e.g. `terraform import contacts_portal_user.example 301`.",
		find: func(ctx context.Context, login string) (int64, error) {
			user, err := r.findByLogin(ctx, login)
			if err != nil {
				return 0, err
			}
			return user.ID, nil
		},
		notFound: "No portal user, active or terminated, has the username or email %q. Check the spelling, or import by numeric id.",
	}.importState(ctx, req.ID, resp)
}

// findByLogin finds a portal user of any status by username, then by the
// contact's email, both ignoring case.
func (r *portalUserResource) findByLogin(ctx context.Context, login string) (*client.PortalUser, error) {
	user, err := r.client.FindPortalUserByUsername(ctx, login)
	if !errors.Is(err, client.ErrNotFound) {
		return user, err
	}
	for u, err := range r.client.AllPortalUsers(ctx, client.PortalUserListFilter{Status: "all", Search: login}) {
		if err != nil {
			return nil, err
		}
		if strings.EqualFold(u.Email, login) {
			return &u, nil
		}
	}
	return nil, err
}

// stateFrom maps the API object and keeps the settings only Terraform knows
// from base. The write-only password is never carried into state.
func (r *portalUserResource) stateFrom(ctx context.Context, u *client.PortalUser, base portalUserResourceModel, priorRoles types.Set, diags *diag.Diagnostics) portalUserResourceModel {
	m, d := portalUserModelFrom(ctx, u, priorRoles, r.now())
	diags.Append(d...)
	return portalUserResourceModel{
		portalUserModel:   m,
		PasswordWO:        types.StringNull(),
		PasswordWOVersion: base.PasswordWOVersion,
		SendInvite:        base.SendInvite,
		InviteVersion:     base.InviteVersion,
		DeletionPolicy:    base.DeletionPolicy,
		Timeouts:          base.Timeouts,
	}
}

// patchFor builds the PATCH body for what changed between state and plan.
func (r *portalUserResource) patchFor(ctx context.Context, plan, prior portalUserResourceModel, diags *diag.Diagnostics) (client.PortalUserUpdateRequest, bool) {
	var patch client.PortalUserUpdateRequest
	changed := false
	if !plan.Username.IsUnknown() && !plan.Username.Equal(prior.Username) {
		patch.Username, changed = client.Set(plan.Username.ValueString()), true
	}
	if !plan.AuthMethod.Equal(prior.AuthMethod) {
		patch.AuthMethod, changed = client.Set(plan.AuthMethod.ValueString()), true
	}
	if !plan.Roles.Equal(prior.Roles) {
		roles, d := rolesOf(ctx, plan.Roles)
		diags.Append(d...)
		patch.Roles, changed = client.Set(roleGrants(roles, r.now())), true
	}
	return patch, changed
}

// setStatus grants or revokes access. A 409 means the server already holds
// some other status than expected, and a lost answer may hide an action
// that was applied: in both cases a fresh read decides, and shows success
// when the server holds the wanted status.
func (r *portalUserResource) setStatus(ctx context.Context, id int64, want string) (*client.PortalUser, error) {
	action := r.client.GrantAccess
	if want == client.StatusTerminated {
		action = r.client.RevokeAccess
	}
	user, err := action(ctx, id)
	if err == nil || !errors.Is(err, client.ErrConflict) && !mayHaveApplied(err) {
		return user, err
	}
	return r.confirm(ctx, id, err, func(u *client.PortalUser) bool { return u.Status == want })
}

// confirm reads the user back after an action failed with err. When the
// server shows that the action took effect (applied), the action counts as
// done: it returns the user and no error. Otherwise it returns err, with
// the user as the server holds it when the read worked, so that the state
// records what the server holds and not what the action would have done.
// The read runs even when the operation's context has ended.
func (r *portalUserResource) confirm(ctx context.Context, id int64, err error, applied func(*client.PortalUser) bool) (*client.PortalUser, error) {
	checkCtx, cancel := afterLoss(ctx)
	defer cancel()
	fresh, getErr := r.client.GetPortalUser(checkCtx, id)
	if getErr != nil {
		return nil, err
	}
	if applied(fresh) {
		tflog.Info(ctx, "portal user action confirmed by reading the user back", map[string]any{"id": id, "error": err.Error()})
		return fresh, nil
	}
	return fresh, err
}

// addError reports an API error, adding what the API's own message lacks:
// the known access roles, and the portal user that already holds the contact.
func (r *portalUserResource) addError(ctx context.Context, diags *diag.Diagnostics, summary, what string, contactID int64, err error) {
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, client.ErrValidation) {
		addAPIError(diags, summary, what, err, portalUserFieldPaths())
		return
	}
	// The contact's existing login says all the API's refusal says, and
	// more: one error, not two, when it is the only reason.
	if msgs := apiErr.FieldErrors["contact_id"]; len(apiErr.FieldErrors) == 1 && strings.Contains(strings.Join(msgs, " "), "already has a portal user") {
		if existing, ferr := r.client.FindPortalUserByContact(ctx, contactID); ferr == nil {
			diags.AddAttributeError(path.Root("contact_id"), "Contact Already Has a Portal User",
				duplicateUserDetail(contactID, formatID(existing.ID)))
			return
		}
	}
	addAPIError(diags, summary, what, err, portalUserFieldPaths())
	for field, msgs := range apiErr.FieldErrors {
		switch {
		case strings.HasPrefix(field, "roles.") && strings.HasSuffix(strings.Join(msgs, " "), "is invalid."):
			if known, kerr := r.knownRoles(ctx); kerr == nil {
				diags.AddAttributeError(path.Root("roles"), "Unknown Access Role",
					fmt.Sprintf("The API refused %s. Known roles: %s.", field, strings.Join(sortedKeys(known), ", ")))
			}
		case field == "contact_id" && strings.Contains(strings.Join(msgs, " "), "already has a portal user"):
			if existing, ferr := r.client.FindPortalUserByContact(ctx, contactID); ferr == nil {
				diags.AddAttributeError(path.Root("contact_id"), "Contact Already Has a Portal User",
					duplicateUserDetail(contactID, formatID(existing.ID)))
			}
		}
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// versionChanged reports a trigger that must act: a new non-null value.
// Setting a version back to null only forgets it.
func versionChanged(prior, planned types.Int64) bool {
	return !planned.IsNull() && !planned.Equal(prior)
}

// inviteVersionChanged reports an invite_version change that sends an
// invitation: from one number to another. The first value an existing user
// gets (after an import, or when the attribute is added) is only recorded,
// so that writing the configuration of an imported login emails nobody.
func inviteVersionChanged(prior, planned types.Int64) bool {
	return !prior.IsNull() && versionChanged(prior, planned)
}

// inviteVersionAdopted reports the first invite_version of an existing
// user, which is recorded without sending anything.
func inviteVersionAdopted(prior, planned types.Int64) bool {
	return prior.IsNull() && !planned.IsNull() && !planned.IsUnknown()
}
