// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package protoserver

// SetUpProcess prepares a provider process before it serves: the garbage
// collector (TuneGC), an exit when Terraform is gone (ExitWithParent) and
// the SDK's logs (SilenceUnrequestedLogs). Call it first thing in main.
func SetUpProcess() error {
	TuneGC()
	ExitWithParent()
	return SilenceUnrequestedLogs()
}
