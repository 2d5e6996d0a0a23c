// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package protoserver

import (
	"log"
	"os"
	"time"
)

// parentPollInterval is how often a provider process checks that the
// Terraform process that started it is still there.
const parentPollInterval = time.Second

// ExitWithParent ends the process once the process that started it is gone.
// Terraform stops its providers when it exits, but a Terraform that is
// killed (kill -9, an out-of-memory kill, a cancelled CI job) cannot, and
// go-plugin has no watchdog of its own: the orphaned provider would stay
// idle, holding its connections and memory, until the machine stops. An
// orphan is adopted by another process, so its parent process id changes.
func ExitWithParent() {
	go watchParent(os.Getppid, parentPollInterval, func() {
		log.Printf("[INFO] the Terraform process that started this provider is gone; exiting")
		os.Exit(0)
	})
}

// watchParent calls gone once getppid no longer returns the parent it
// returned at the start, checking every interval.
func watchParent(getppid func() int, interval time.Duration, gone func()) {
	parent := getppid()
	for {
		time.Sleep(interval)
		if getppid() != parent {
			gone()
			return
		}
	}
}
