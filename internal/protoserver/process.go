// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package protoserver

// SetUpProcess prepares a provider process before it serves: the garbage
// collector (TuneGC), an exit when Terraform is gone (ExitWithParent) and
// the SDK's and the provider's logs (SilenceUnrequestedLogs). Call it first
// thing in main, with the address the process serves.
func SetUpProcess(address string) error {
	TuneGC()
	ExitWithParent()
	return SilenceUnrequestedLogs(address)
}
