package cli

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/store"
)

// How each API compares company names in a query (api.CaseRules), learnt
// once per API and kept in the state directory, so only the first command
// on a large account asks. The file is one of onboard's own
// (store.OpenPrivate, store.WriteAtomic).
const (
	caseRulesFileName = "name-case.json"
	maxCaseRulesBytes = 64 << 10
	caseRulesVersion  = 1
	maxCaseRulesKept  = 100
)

type caseRulesDoc struct {
	Version int                     `json:"version"`
	Rules   map[string]api.CaseRule `json:"rules"` // by API base URL
}

// caseRulesFile is api.CaseRules kept in a file; a file it cannot read or
// write only means the rule is learnt again.
type caseRulesFile struct {
	path string
	once sync.Once
	mu   sync.Mutex
	doc  caseRulesDoc
}

func (f *caseRulesFile) load() {
	f.once.Do(func() {
		f.doc = caseRulesDoc{Version: caseRulesVersion, Rules: map[string]api.CaseRule{}}
		file, err := store.OpenPrivate(f.path, os.O_RDONLY, 0)
		if err != nil {
			return
		}
		defer file.Close()
		data, err := store.ReadPrivate(file, maxCaseRulesBytes)
		var doc caseRulesDoc
		if err != nil || json.Unmarshal(data, &doc) != nil || doc.Version != caseRulesVersion || doc.Rules == nil {
			return
		}
		f.doc = doc
	})
}

func (f *caseRulesFile) CaseRule(baseURL string) api.CaseRule {
	f.load()
	f.mu.Lock()
	defer f.mu.Unlock()
	switch r := f.doc.Rules[baseURL]; r {
	case api.CaseInsensitive, api.CaseSensitive:
		return r
	}
	return api.CaseUnknown
}

func (f *caseRulesFile) LearnedCaseRule(baseURL string, rule api.CaseRule) {
	f.load()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.doc.Rules) >= maxCaseRulesKept {
		f.doc.Rules = map[string]api.CaseRule{}
	}
	f.doc.Rules[baseURL] = rule
	data, err := json.Marshal(f.doc)
	if err != nil {
		return
	}
	if err := os.MkdirAll(filepath.Dir(f.path), 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return
	}
	_ = store.WriteAtomic(f.path, data)
}
