// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

// Package provider is the Terraform glue over internal/client: schemas,
// plan/apply mapping and diagnostics. It makes no HTTP calls of its own.
package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
	"github.com/contactsapi/terraform-provider-contacts/internal/validators"
)

var _ provider.Provider = (*contactsProvider)(nil)

var _ provider.ProviderWithListResources = (*contactsProvider)(nil)

var _ provider.ProviderWithActions = (*contactsProvider)(nil)

// New returns a constructor for the provider at the given release version.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &contactsProvider{version: version} }
}

type contactsProvider struct {
	version string
	// waits turns long waits for the API's rate limit into warnings; nil
	// (a provider built without NewProtocol6Server) says nothing.
	waits *waitNotices
}

type providerModel struct {
	Endpoint             types.String  `tfsdk:"endpoint"`
	APIKey               types.String  `tfsdk:"api_key"`
	MaxRetries           types.Int64   `tfsdk:"max_retries"`
	RequestTimeout       types.String  `tfsdk:"request_timeout"`
	MaxWait              types.String  `tfsdk:"max_wait"`
	MaxRequestsPerSecond types.Float64 `tfsdk:"max_requests_per_second"`
	CACertPEM            types.String  `tfsdk:"ca_cert_pem"`
	CACertFile           types.String  `tfsdk:"ca_cert_file"`
	AllowInsecureHTTP    types.Bool    `tfsdk:"allow_insecure_http"`
	BatchReads           types.Bool    `tfsdk:"batch_reads"`
}

func (p *contactsProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "contacts"
	resp.Version = p.version
}

func (p *contactsProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages the people of a Contacts API CRM: client companies, their contacts and the contacts' client-portal logins.",
		Attributes: map[string]schema.Attribute{
			"endpoint": schema.StringAttribute{
				MarkdownDescription: "Site root of the Contacts API, e.g. `https://crm.example.com` (the API lives under `/api`). May also be set with `" + envEndpoint + "`.",
				Optional:            true,
			},
			"api_key": schema.StringAttribute{
				MarkdownDescription: "API key with `write` scope, sent as a bearer token. May also be set with `" + envAPIKey + "`; prefer the variable or an ephemeral input so the key stays out of configuration files. " +
					"A key with only `read` scope serves plans that change nothing and `terraform query` (a review pipeline's key); when a plan proposes changes with it, " +
					"the plan warns once that applying it needs a key with `write` scope (one extra request per provider process that plans a change, which writes nothing).",
				Optional:  true,
				Sensitive: true,
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times a request is retried after a 429, a 5xx or a network error (every request is safe to repeat: a create carries one `Idempotency-Key` across its retries) (default %d, `0` disables retries). May also be set with `%s`.", client.DefaultMaxRetries, envMaxRetries),
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(0, 20)},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Time limit for one HTTP attempt, as a Go duration such as `30s` (default `%s`). May also be set with `%s`.", client.DefaultRequestTimeout, envRequestTimeout),
				Optional:            true,
				Validators:          []validator.String{validators.Duration()},
			},
			"max_wait": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Longest single wait before a request is sent or sent again, whatever asks for it — a 429's `Retry-After`, the API's rate-limit headers, or the backoff after an error — as a Go duration such as `30s` (default `%s`); a longer wait is cut to it. A wait for the rate limit of more than %s, or one this cuts, is reported in a warning, once per cause in each Terraform command. The check of `endpoint` and `api_key` before anything else gives up after `request_timeout` plus `max_wait`. May also be set with `%s`.", client.DefaultMaxRetryWait, noticeAfter, envMaxWait),
				Optional:            true,
				Validators:          []validator.String{validators.Duration()},
			},
			"max_requests_per_second": schema.Float64Attribute{
				MarkdownDescription: "Client-side throttle, in requests per second, to stay under the server's rate limit; unset means no throttle. May also be set with `" + envRequestsPerSecond + "`.",
				Optional:            true,
				Validators:          []validator.Float64{float64validator.AtLeast(0.1)},
			},
			"ca_cert_pem": schema.StringAttribute{
				MarkdownDescription: "PEM-encoded CA certificate(s) to trust for an `https` endpoint with a private CA. May also be set with `" + envCACertPEM + "`. Conflicts with `ca_cert_file`.",
				Optional:            true,
			},
			"ca_cert_file": schema.StringAttribute{
				MarkdownDescription: "Path to a PEM file of CA certificate(s) to trust. May also be set with `" + envCACertFile + "`.",
				Optional:            true,
			},
			"allow_insecure_http": schema.BoolAttribute{
				MarkdownDescription: "Allow a plain `http://` endpoint on a host other than loopback. Off by default because the API key and portal passwords would cross the network unencrypted. May also be set with `" + envAllowInsecureHTTP + "` (`true` or `false`).",
				Optional:            true,
			},
			"batch_reads": schema.BoolAttribute{
				MarkdownDescription: "Serve the refresh of `contacts_contact` and `contacts_portal_user` from the list endpoints, a page of 100 objects per request for each client company, fetched on the first read of that client and shared by the reads of one plan, instead of one `GET` per object (default `true`). Imported objects, whose client is not known yet, are read the same way from the list of every client. An object missing from the list is confirmed by its own `GET` before it is declared gone, and every write forgets what was read of its client. With the pages at hand a planned contact whose email, or portal user whose username, is already taken fails at plan. Set `false` for an API whose list endpoints behave differently: every read is then its own `GET`. May also be set with `" + envBatchReads + "` (`true` or `false`).",
				Optional:            true,
			},
		},
	}
}

func (p *contactsProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ccfg := p.clientConfig(cfg, req.TerraformVersion, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	c, err := client.New(ccfg)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Create Contacts API Client", err.Error())
		return
	}
	checkEndpoint(ctx, c, ccfg.Endpoint, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	data := newProviderData(c)
	if batchReads(cfg, &resp.Diagnostics) {
		data.withBatchReads()
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.ListResourceData = data
	resp.ResourceData = data
	resp.DataSourceData = resp.ResourceData
	resp.ActionData = resp.ResourceData
}

// clientConfig resolves the client's settings from the provider block and
// the environment, with an error on the attribute at fault for each bad
// one. It makes no request.
func (p *contactsProvider) clientConfig(cfg providerModel, terraformVersion string, diags *diag.Diagnostics) client.Config {
	for name, v := range map[string]interface{ IsUnknown() bool }{
		"endpoint": cfg.Endpoint, "api_key": cfg.APIKey, "ca_cert_pem": cfg.CACertPEM, "ca_cert_file": cfg.CACertFile,
	} {
		if v.IsUnknown() {
			diags.AddAttributeError(path.Root(name), "Unknown Provider Setting",
				fmt.Sprintf("The provider's %s depends on a value known only after apply. Set it from a variable, a literal or the environment.", name))
		}
	}
	if diags.HasError() {
		return client.Config{}
	}

	endpoint := stringOrEnv(cfg.Endpoint, envEndpoint)
	apiKey := stringOrEnv(cfg.APIKey, envAPIKey)
	if endpoint == "" {
		diags.AddAttributeError(path.Root("endpoint"), "Missing Contacts API Endpoint",
			"Set endpoint in the provider block or the "+envEndpoint+" environment variable to the API's site root, e.g. https://crm.example.com.")
	}
	if apiKey == "" {
		diags.AddAttributeError(path.Root("api_key"), "Missing Contacts API Key",
			"Set api_key in the provider block or the "+envAPIKey+" environment variable to an API key with write scope.")
	}
	allowInsecure := boolOrEnv(cfg.AllowInsecureHTTP, envAllowInsecureHTTP, path.Root("allow_insecure_http"), diags)
	if endpoint != "" {
		if _, err := client.ParseEndpoint(endpoint, allowInsecure); err != nil {
			diags.AddAttributeError(path.Root("endpoint"), "Invalid Contacts API Endpoint",
				fmt.Sprintf("%s. It comes from the provider block or %s.", capitalize(err.Error()), envEndpoint))
		}
	}

	ccfg := client.Config{
		Endpoint:          endpoint,
		APIKey:            apiKey,
		UserAgent:         fmt.Sprintf("terraform-provider-contacts/%s (+https://www.terraform.io; Terraform %s)", p.version, terraformVersion),
		AllowInsecureHTTP: allowInsecure,
		Logger:            clientLogger(apiKey),
	}
	ccfg.MaxRetries, ccfg.RequestTimeout, ccfg.RequestsPerSecond = retrySettings(cfg, diags)
	ccfg.MaxRetryWait = maxWaitSetting(cfg, diags)
	if p.waits != nil {
		ccfg.OnWait = p.waits.heard
	}
	caPEM, err := caCertPEM(stringOrEnv(cfg.CACertPEM, envCACertPEM), stringOrEnv(cfg.CACertFile, envCACertFile))
	if err == nil && caPEM != nil {
		// Checked here, before any request, like the endpoint above.
		_, err = client.ParseCACerts(caPEM)
	}
	if err != nil {
		diags.AddAttributeError(path.Root("ca_cert_pem"), "Invalid CA Certificate", capitalize(err.Error())+".")
	}
	ccfg.CACertPEM = caPEM
	return ccfg
}

func (p *contactsProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewClientResource,
		NewAccountOwnerResource,
		NewContactResource,
		NewPortalUserResource,
	}
}

// ListResources are the list resources of terraform query (Terraform 1.14
// and later); engines without list resources never ask for them.
func (p *contactsProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewClientListResource,
		NewAccountOwnerListResource,
		NewContactListResource,
		NewPortalUserListResource,
	}
}

func (p *contactsProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewClientDataSource,
		NewContactDataSource,
		NewContactsDataSource,
		NewPortalUserDataSource,
		NewPortalUsersDataSource,
		NewAccessRolesDataSource,
	}
}

// Actions run on Terraform 1.14 and later; older releases and OpenTofu
// never ask for them.
func (p *contactsProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{
		NewPortalUserSendInviteAction,
		NewPortalUserSetPasswordAction,
	}
}

// clientLogger routes the client's per-request lines to tflog, masking the
// key in case any message ever carried it.
func clientLogger(apiKey string) func(context.Context, string, map[string]any) {
	return func(ctx context.Context, msg string, fields map[string]any) {
		if apiKey != "" {
			ctx = tflog.MaskMessageStrings(ctx, apiKey)
			ctx = tflog.MaskAllFieldValuesStrings(ctx, apiKey)
		}
		tflog.Debug(ctx, msg, fields)
	}
}
