// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Machine is what the results were measured on.
type Machine struct {
	Date             string  `json:"date"`
	CPUModel         string  `json:"cpu_model"`
	Cores            int     `json:"cores"`
	MemoryGiB        float64 `json:"memory_gib"`
	OS               string  `json:"os"`
	Kernel           string  `json:"kernel"`
	GoVersion        string  `json:"go_version"`
	TerraformVersion string  `json:"terraform_version"`
	FrameworkVersion string  `json:"terraform_plugin_framework_version"`
	// LoadAverage is /proc/loadavg's 1, 5 and 15 minute figures when the
	// run started: a busy machine makes every target slower.
	LoadAverage string `json:"load_average_at_start"`
}

func describeMachine(ctx context.Context, terraform, moduleDir string) (Machine, error) {
	m := Machine{
		Date:      time.Now().UTC().Format(time.RFC3339),
		CPUModel:  procField("/proc/cpuinfo", "model name"),
		Cores:     runtime.NumCPU(),
		OS:        osName(),
		Kernel:    strings.TrimSpace(readFile("/proc/sys/kernel/osrelease")),
		GoVersion: runtime.Version(),
	}
	// MemTotal reads "24576000 kB".
	if f := strings.Fields(procField("/proc/meminfo", "MemTotal")); len(f) > 0 {
		if kb, err := strconv.ParseFloat(f[0], 64); err == nil {
			m.MemoryGiB = round(kb/(1<<20), 1)
		}
	}
	if f := strings.Fields(readFile("/proc/loadavg")); len(f) >= 3 {
		m.LoadAverage = strings.Join(f[:3], " ")
	}
	out, err := exec.CommandContext(ctx, terraform, "version", "-json").Output()
	if err != nil {
		return m, err
	}
	var v struct {
		Version  string `json:"terraform_version"`
		Platform string `json:"platform"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return m, err
	}
	m.TerraformVersion = v.Version + " " + v.Platform
	list := exec.CommandContext(ctx, "go", "list", "-m", "-f", "{{.Version}}", "github.com/hashicorp/terraform-plugin-framework")
	list.Dir = moduleDir
	if out, err := list.Output(); err == nil {
		m.FrameworkVersion = strings.TrimSpace(string(out))
	}
	return m, nil
}

// procField returns the value of the first "name : value" line.
func procField(path, name string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == name {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func osName() string {
	for _, line := range strings.Split(readFile("/etc/os-release"), "\n") {
		if v, ok := strings.CutPrefix(line, "PRETTY_NAME="); ok {
			return strings.Trim(v, `"`)
		}
	}
	return runtime.GOOS
}

func readFile(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return string(b)
}
