// Command pprofprovider is terraform-provider-contacts with CPU and heap
// profiling, for `go run ./internal/bench -pprof DIR`: each provider process
// Terraform starts writes DIR/proc-PID.cpu.pprof and, once Terraform has
// shut it down, DIR/proc-PID.heap.pprof. The provider code is the same
// internal/provider package the release binary serves.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/contactsapi/terraform-provider-contacts/internal/provider"
)

func main() {
	dir := os.Getenv("BENCH_PPROF_DIR")
	if dir == "" {
		log.Fatal("BENCH_PPROF_DIR is not set")
	}
	base := filepath.Join(dir, fmt.Sprintf("proc-%d", os.Getpid()))
	cpu, err := os.Create(base + ".cpu.pprof")
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.StartCPUProfile(cpu); err != nil {
		log.Fatal(err)
	}
	serveErr := providerserver.Serve(context.Background(), provider.New("bench"), providerserver.ServeOpts{
		Address:         "registry.terraform.io/contactsapi/contacts",
		ProtocolVersion: 6,
	})
	pprof.StopCPUProfile()
	if err := cpu.Close(); err != nil {
		log.Print(err)
	}
	if err := writeHeap(base + ".heap.pprof"); err != nil {
		log.Print(err)
	}
	if serveErr != nil {
		log.Fatal(serveErr)
	}
}

func writeHeap(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	runtime.GC()
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
