// Package oascheck checks HTTP traffic against Codat's published OpenAPI
// contract, so tests can prove that the client and the sandbox speak the same
// JSON as the real API.
//
// It understands the subset of OpenAPI 3.1 and JSON Schema that the Platform
// contract uses (see the keyword lists in schema.go), not the whole standard.
// The contract itself is reference data kept outside the repository; tests
// find it with LoadForTest.
package oascheck

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"gopkg.in/yaml.v3"
)

// SpecEnv names the environment variable that overrides where LoadForTest
// looks for the contract.
const SpecEnv = "CODAT_OPENAPI_SPEC"

// specRelPath is where the contract lives relative to the repository root:
// the shared reference folder sits beside the clone.
const specRelPath = "../shared/codat/Codat-Platform.yaml"

// Spec is a parsed OpenAPI document ready to validate requests and responses.
// It is safe for concurrent use.
type Spec struct {
	root     map[string]any // the document as plain JSON-like values
	basePath string         // path part of the first server URL, without a trailing slash
	routes   []route        // every (path template, method) pair, see operation.go

	regexMu sync.Mutex
	regexes map[string]*regexpEntry
}

// Load reads and parses the OpenAPI document at path.
func Load(path string) (*Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load OpenAPI spec: %w", err)
	}
	spec, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("load OpenAPI spec %s: %w", path, err)
	}
	return spec, nil
}

// Parse builds a Spec from the text of an OpenAPI document (YAML or JSON).
func Parse(data []byte) (*Spec, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("parse OpenAPI spec: %w", err)
	}
	tree, err := plain(&doc)
	if err != nil {
		return nil, fmt.Errorf("parse OpenAPI spec: %w", err)
	}
	root, ok := tree.(map[string]any)
	if !ok {
		return nil, errors.New("parse OpenAPI spec: top level is not a mapping")
	}
	s := &Spec{root: root, regexes: map[string]*regexpEntry{}}
	if servers, ok := root["servers"].([]any); ok && len(servers) > 0 {
		if server, ok := servers[0].(map[string]any); ok {
			raw, _ := server["url"].(string)
			u, err := url.Parse(raw)
			if err != nil {
				return nil, fmt.Errorf("parse OpenAPI spec: server url %q: %w", raw, err)
			}
			s.basePath = strings.TrimSuffix(u.Path, "/")
		}
	}
	if err := s.buildRoutes(); err != nil {
		return nil, fmt.Errorf("parse OpenAPI spec: %w", err)
	}
	return s, nil
}

var (
	testSpecMu    sync.Mutex
	testSpecCache = map[string]*Spec{}
)

// LoadForTest returns the Codat contract for a test, parsing it once per test
// binary. It honours CODAT_OPENAPI_SPEC; otherwise it walks up from the working
// directory to the module root (the directory holding go.mod) and looks for
// ../shared/codat/Codat-Platform.yaml beside the repository. When the contract
// is not there the test is skipped on a developer's machine, but fails in CI
// (CI set), where a missing contract would silently stop every check; a path
// named by the environment variable that does not exist fails the test too,
// since someone asked for it.
func LoadForTest(t testing.TB) *Spec {
	t.Helper()
	path := os.Getenv(SpecEnv)
	explicit := path != ""
	if !explicit {
		root, err := moduleRoot()
		if err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("Codat OpenAPI contract not checked: %v", err)
			}
			t.Skipf("Codat OpenAPI contract not checked: %v", err)
		}
		path = filepath.Join(root, filepath.FromSlash(specRelPath))
	}
	if _, err := os.Stat(path); err != nil {
		if explicit {
			t.Fatalf("%s=%s: %v", SpecEnv, path, err)
		}
		if os.Getenv("CI") != "" {
			t.Fatalf("Codat OpenAPI contract not found at %s, and CI must check it (set %s, or place it there)", path, SpecEnv)
		}
		t.Skipf("Codat OpenAPI contract not found at %s (place it there or set %s)", path, SpecEnv)
	}

	testSpecMu.Lock()
	defer testSpecMu.Unlock()
	if s, ok := testSpecCache[path]; ok {
		return s
	}
	s, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	testSpecCache[path] = s
	return s
}

// moduleRoot finds the nearest directory at or above the working directory
// that holds a go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// plain turns a YAML node into the values encoding/json would produce
// (map[string]any, []any, string, float64, bool, nil), so documents and
// schemas share one representation. Timestamps stay strings, as in JSON.
func plain(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return plain(n.Content[0])
	case yaml.AliasNode:
		return plain(n.Alias)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := plain(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := plain(c)
			if err != nil {
				return nil, err
			}
			s = append(s, v)
		}
		return s, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil, nil
		case "!!bool":
			var b bool
			if err := n.Decode(&b); err != nil {
				return nil, fmt.Errorf("line %d: %w", n.Line, err)
			}
			return b, nil
		case "!!int", "!!float":
			var f float64
			if err := n.Decode(&f); err != nil {
				return nil, fmt.Errorf("line %d: %w", n.Line, err)
			}
			return f, nil
		default:
			return n.Value, nil
		}
	}
	return nil, fmt.Errorf("line %d: unexpected YAML node kind %v", n.Line, n.Kind)
}

// pointerUnescaper undoes JSON pointer escaping in one reference token.
var pointerUnescaper = strings.NewReplacer("~1", "/", "~0", "~")

// resolve follows a local reference ("#/components/schemas/Company",
// "#/paths/~1companies~1%7BcompanyId%7D/..."): the fragment is percent-decoded,
// then each JSON pointer token is unescaped (~1 is "/", ~0 is "~").
func (s *Spec) resolve(ref string) (any, error) {
	frag, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil, fmt.Errorf("$ref %q: only local references are supported", ref)
	}
	frag, err := url.PathUnescape(frag)
	if err != nil {
		return nil, fmt.Errorf("$ref %q: %w", ref, err)
	}
	var node any = s.root
	if frag == "" {
		return node, nil
	}
	if !strings.HasPrefix(frag, "/") {
		return nil, fmt.Errorf("$ref %q: not a JSON pointer", ref)
	}
	for _, tok := range strings.Split(frag[1:], "/") {
		tok = pointerUnescaper.Replace(tok)
		switch n := node.(type) {
		case map[string]any:
			next, ok := n[tok]
			if !ok {
				return nil, fmt.Errorf("$ref %q: no %q", ref, tok)
			}
			node = next
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n) {
				return nil, fmt.Errorf("$ref %q: no index %q", ref, tok)
			}
			node = n[i]
		default:
			return nil, fmt.Errorf("$ref %q: %q is inside a scalar", ref, tok)
		}
	}
	return node, nil
}

// deref follows $ref chains on an OpenAPI object (parameter, response,
// request body) until it reaches the object itself.
func (s *Spec) deref(v any) (map[string]any, error) {
	for range maxDepth {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("expected an object, got %s", kind(v))
		}
		ref, ok := m["$ref"].(string)
		if !ok {
			return m, nil
		}
		target, err := s.resolve(ref)
		if err != nil {
			return nil, err
		}
		v = target
	}
	return nil, errors.New("$ref chain too long")
}
