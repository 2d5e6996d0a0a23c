// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package release

import (
	"bytes"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"errors"
	"fmt"
)

// binaryPlatform reads the platform an executable was built for from its
// header, so that an archive named for one platform holding another's
// binary is caught before a user's CLI fails to start it.
func binaryPlatform(data []byte) (Platform, error) {
	r := bytes.NewReader(data)
	if f, err := elf.NewFile(r); err == nil {
		goos := "linux"
		if f.OSABI == elf.ELFOSABI_FREEBSD {
			goos = "freebsd"
		}
		arch, ok := map[elf.Machine]string{
			elf.EM_X86_64: "amd64", elf.EM_386: "386", elf.EM_ARM: "arm", elf.EM_AARCH64: "arm64",
		}[f.Machine]
		if !ok {
			return Platform{}, fmt.Errorf("ELF executable for an unexpected machine %s", f.Machine)
		}
		return Platform{goos, arch}, nil
	}
	if f, err := pe.NewFile(r); err == nil {
		arch, ok := map[uint16]string{
			pe.IMAGE_FILE_MACHINE_AMD64: "amd64", pe.IMAGE_FILE_MACHINE_I386: "386", pe.IMAGE_FILE_MACHINE_ARM64: "arm64",
		}[f.Machine]
		if !ok {
			return Platform{}, fmt.Errorf("PE executable for an unexpected machine %#x", f.Machine)
		}
		return Platform{"windows", arch}, nil
	}
	if f, err := macho.NewFile(r); err == nil {
		arch, ok := map[macho.Cpu]string{macho.CpuAmd64: "amd64", macho.CpuArm64: "arm64"}[f.Cpu]
		if !ok {
			return Platform{}, fmt.Errorf("Mach-O executable for an unexpected CPU %s", f.Cpu)
		}
		return Platform{"darwin", arch}, nil
	}
	return Platform{}, errors.New("not an executable (no ELF, PE or Mach-O header)")
}
