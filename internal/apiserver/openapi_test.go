// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
	"gopkg.in/yaml.v3"
)

const openAPIPath = "../../api/openapi.yaml"

// loadOpenAPI parses api/openapi.yaml (YAML anchors resolved).
func loadOpenAPI(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile(openAPIPath)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", openAPIPath, err)
	}
	if v := doc["openapi"]; v != "3.0.3" {
		t.Fatalf("openapi version %v, want 3.0.3", v)
	}
	return doc
}

// TestOpenAPIMatchesRoutes keeps the document and the server's route table
// from drifting apart: both must name the same (method, path) pairs.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	t.Parallel()
	doc := loadOpenAPI(t)
	paths, ok := doc["paths"].(map[string]any)
	if !ok || len(paths) == 0 {
		t.Fatal("the document has no paths")
	}
	documented := map[string]bool{}
	for p, item := range paths {
		ops, ok := item.(map[string]any)
		if !ok {
			t.Fatalf("path %s is not an object", p)
		}
		for method := range ops {
			switch method {
			case "get", "put", "post", "delete", "options", "head", "patch", "trace":
				documented[strings.ToUpper(method)+" "+p] = true
			}
		}
	}
	served := map[string]bool{}
	for _, r := range apiserver.Routes() {
		served[r] = true
	}
	for _, r := range slices.Sorted(maps.Keys(served)) {
		if !documented[r] {
			t.Errorf("route %q is served but not documented in %s", r, openAPIPath)
		}
	}
	for _, r := range slices.Sorted(maps.Keys(documented)) {
		if !served[r] {
			t.Errorf("operation %q is documented in %s but not served", r, openAPIPath)
		}
	}
}

// messagePattern picks the fixed sentences out of the server's string
// literals; format strings (with %) are left out.
var messagePattern = regexp.MustCompile(`^[A-Z][^%]*\.$`)

// TestOpenAPIDocumentsMessages checks that every fixed message sentence the
// server passes to a function (error and success messages, fixed
// validation messages) appears somewhere in the document.
func TestOpenAPIDocumentsMessages(t *testing.T) {
	t.Parallel()
	var text strings.Builder
	var collect func(any)
	collect = func(v any) {
		switch v := v.(type) {
		case string:
			text.WriteString(v)
			text.WriteByte('\n')
		case map[string]any:
			for _, e := range v {
				collect(e)
			}
		case []any:
			for _, e := range v {
				collect(e)
			}
		}
	}
	collect(loadOpenAPI(t))
	// Descriptions may wrap a sentence over lines.
	documented := strings.Join(strings.Fields(text.String()), " ")

	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	messages := map[string]string{} // message → where
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			for _, arg := range call.Args {
				lit, ok := arg.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					continue
				}
				if s, err := strconv.Unquote(lit.Value); err == nil && messagePattern.MatchString(s) {
					messages[s] = fset.Position(lit.Pos()).String()
				}
			}
			return true
		})
	}
	if len(messages) < 20 {
		t.Fatalf("found only %d messages in the server's source: %v", len(messages), messages)
	}
	for _, m := range slices.Sorted(maps.Keys(messages)) {
		if !strings.Contains(documented, m) {
			t.Errorf("%s: message %q is not in %s", messages[m], m, openAPIPath)
		}
	}
}
