// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package protoserver

import (
	"os"
	"strings"
)

// quietedLogs are the SDK's log variables, and TF_LOG_PROVIDER: terraform-plugin-log
// reads each to set its logger's level.
var quietedLogs = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER"}

// SilenceUnrequestedLogs turns the plugin SDK's and the provider's logs off
// when no TF_LOG* variable asks for them. Without a level they default to
// TRACE: every RPC writes dozens of JSON lines that Terraform parses and
// then drops, which costs the provider and Terraform a large share of
// their CPU time on a large plan (DESIGN.md). Any TF_LOG* setting keeps the
// SDK's behaviour, so debugging with TF_LOG=trace is unchanged. address is
// the provider's, as given to tf6server.Serve: the provider's own logger
// reads its level from a variable named after its type.
func SilenceUnrequestedLogs(address string) error {
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "TF_LOG") {
			return nil
		}
	}
	for _, name := range append(quietedLogs, providerLogVariable(address)) {
		if err := os.Setenv(name, "off"); err != nil {
			return err
		}
	}
	return nil
}

// providerLogVariable is the variable tf6server reads the provider's own
// log level from: TF_LOG_PROVIDER_ and the type of the provider's address,
// upper case, with "-" as "_".
func providerLogVariable(address string) string {
	typ := address[strings.LastIndex(address, "/")+1:]
	return "TF_LOG_PROVIDER_" + strings.ToUpper(strings.ReplaceAll(typ, "-", "_"))
}
