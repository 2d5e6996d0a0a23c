// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// Environment variables that stand in for provider attributes.
const (
	envEndpoint          = "CONTACTS_ENDPOINT"
	envAPIKey            = "CONTACTS_API_KEY"
	envMaxRetries        = "CONTACTS_MAX_RETRIES"
	envRequestTimeout    = "CONTACTS_REQUEST_TIMEOUT"
	envMaxWait           = "CONTACTS_MAX_WAIT"
	envRequestsPerSecond = "CONTACTS_MAX_REQUESTS_PER_SECOND"
	envCACertPEM         = "CONTACTS_CA_CERT_PEM"
	envCACertFile        = "CONTACTS_CA_CERT_FILE"
	envAllowInsecureHTTP = "CONTACTS_ALLOW_INSECURE_HTTP"
	envBatchReads        = "CONTACTS_BATCH_READS"
)

// stringOrEnv is the attribute's value when set and not empty, else the
// environment variable's.
func stringOrEnv(v types.String, env string) string {
	if !v.IsNull() && v.ValueString() != "" {
		return v.ValueString()
	}
	return os.Getenv(env)
}

// boolOrEnv is the attribute's value when set, else the environment
// variable's (strconv.ParseBool's spellings), else false.
func boolOrEnv(v types.Bool, env string, attr path.Path, diags *diag.Diagnostics) bool {
	if !v.IsNull() {
		return v.ValueBool()
	}
	raw := os.Getenv(env)
	if raw == "" {
		return false
	}
	b, err := strconv.ParseBool(raw)
	if err != nil {
		diags.AddAttributeError(attr, "Invalid Environment Variable",
			fmt.Sprintf("%s must be true or false, got %q. Fix or unset it, or set %s in the provider block.", env, raw, attr))
	}
	return b
}

// batchReads resolves batch_reads from config or environment; on unless
// either says false.
func batchReads(cfg providerModel, diags *diag.Diagnostics) bool {
	if cfg.BatchReads.IsNull() && os.Getenv(envBatchReads) == "" {
		return true
	}
	return boolOrEnv(cfg.BatchReads, envBatchReads, path.Root("batch_reads"), diags)
}

// retrySettings resolves the retry and throttle settings from config or environment.
func retrySettings(cfg providerModel, diags *diag.Diagnostics) (int, time.Duration, float64) {
	retries := client.DefaultMaxRetries
	if !cfg.MaxRetries.IsNull() {
		retries = int(cfg.MaxRetries.ValueInt64())
	} else if v := os.Getenv(envMaxRetries); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 20 {
			diags.AddAttributeError(path.Root("max_retries"), "Invalid Max Retries",
				fmt.Sprintf("%s must be a whole number from 0 to 20, got %q.", envMaxRetries, v))
		}
		retries = n
	}

	timeout := client.DefaultRequestTimeout
	if v := stringOrEnv(cfg.RequestTimeout, envRequestTimeout); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			diags.AddAttributeError(path.Root("request_timeout"), "Invalid Request Timeout",
				fmt.Sprintf("request_timeout (or %s) must be a positive Go duration such as 30s, got %q.", envRequestTimeout, v))
		}
		timeout = d
	}

	var rps float64
	if !cfg.MaxRequestsPerSecond.IsNull() {
		rps = cfg.MaxRequestsPerSecond.ValueFloat64()
	} else if v := os.Getenv(envRequestsPerSecond); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0.1 {
			diags.AddAttributeError(path.Root("max_requests_per_second"), "Invalid Max Requests Per Second",
				fmt.Sprintf("%s must be a number of at least 0.1, got %q.", envRequestsPerSecond, v))
		}
		rps = f
	}
	return retries, timeout, rps
}

// maxWaitSetting resolves max_wait from config or environment: the
// longest single wait, client.DefaultMaxRetryWait when unset.
func maxWaitSetting(cfg providerModel, diags *diag.Diagnostics) time.Duration {
	v := stringOrEnv(cfg.MaxWait, envMaxWait)
	if v == "" {
		return client.DefaultMaxRetryWait
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		diags.AddAttributeError(path.Root("max_wait"), "Invalid Max Wait",
			fmt.Sprintf("max_wait (or %s) must be a positive Go duration such as 30s, got %q.", envMaxWait, v))
	}
	return d
}

// caCertPEM is the PEM text of the CA certificates to trust, from
// ca_cert_pem or the file ca_cert_file names (or their environment
// variables); nil when neither is set.
func caCertPEM(pemText, pemFile string) ([]byte, error) {
	switch {
	case pemText != "" && pemFile != "":
		return nil, fmt.Errorf("set only one of ca_cert_pem (%s) and ca_cert_file (%s)", envCACertPEM, envCACertFile)
	case pemText != "":
		return []byte(pemText), nil
	case pemFile != "":
		data, err := os.ReadFile(pemFile)
		if err != nil {
			return nil, fmt.Errorf("reading ca_cert_file: %w", err)
		}
		return data, nil
	}
	return nil, nil
}
