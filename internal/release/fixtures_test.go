// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package release

import (
	"bytes"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"encoding/binary"
	"testing"
)

// fakeExecutable is the smallest file whose header says it is an executable
// for p: what the release checks read, without building one.
func fakeExecutable(t *testing.T, p Platform) []byte {
	t.Helper()
	var b bytes.Buffer
	le := binary.LittleEndian
	switch p.OS {
	case "linux", "freebsd":
		h := elf.Header64{Type: uint16(elf.ET_EXEC), Version: uint32(elf.EV_CURRENT), Ehsize: 64, Phentsize: 56, Shentsize: 64}
		copy(h.Ident[:], elf.ELFMAG)
		h.Ident[elf.EI_CLASS] = byte(elf.ELFCLASS64)
		h.Ident[elf.EI_DATA] = byte(elf.ELFDATA2LSB)
		h.Ident[elf.EI_VERSION] = byte(elf.EV_CURRENT)
		if p.OS == "freebsd" {
			h.Ident[elf.EI_OSABI] = byte(elf.ELFOSABI_FREEBSD)
		}
		h.Machine = uint16(map[string]elf.Machine{"amd64": elf.EM_X86_64, "386": elf.EM_386, "arm": elf.EM_ARM, "arm64": elf.EM_AARCH64}[p.Arch])
		_ = binary.Write(&b, le, h)
	case "windows":
		dos := make([]byte, 0x40)
		copy(dos, "MZ")
		le.PutUint32(dos[0x3c:], 0x40)
		b.Write(dos)
		b.WriteString("PE\x00\x00")
		machine := map[string]uint16{"amd64": pe.IMAGE_FILE_MACHINE_AMD64, "386": pe.IMAGE_FILE_MACHINE_I386, "arm64": pe.IMAGE_FILE_MACHINE_ARM64}[p.Arch]
		_ = binary.Write(&b, le, pe.FileHeader{Machine: machine})
		b.Write(make([]byte, 64)) // debug/pe reads past the header for a string table
	case "darwin":
		cpu := map[string]macho.Cpu{"amd64": macho.CpuAmd64, "arm64": macho.CpuArm64}[p.Arch]
		_ = binary.Write(&b, le, macho.FileHeader{Magic: macho.Magic64, Cpu: cpu, Type: macho.TypeExec})
		b.Write(make([]byte, 4)) // the 64-bit header's reserved word
	default:
		t.Fatalf("no fake executable for %s", p)
	}
	return b.Bytes()
}
