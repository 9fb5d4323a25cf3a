// Package policies embeds the Casbin RBAC model and policy of the membership system
// (spec §1), so that the binary needs no policy files at run time. A host system
// may replace the policy; see adapters/casbinauthz.
package policies

import (
	"embed"
)

// FS holds model.conf and policy.csv.
//
//go:embed model.conf policy.csv
var FS embed.FS

// The names of the embedded files in FS.
const (
	ModelFile  = "model.conf"
	PolicyFile = "policy.csv"
)

// Model returns the text of the Casbin model (model.conf).
func Model() string { return mustRead(ModelFile) }

// Policy returns the text of the default policy (policy.csv).
func Policy() string { return mustRead(PolicyFile) }

// mustRead reads an embedded file; the files are compiled in, so a failure is a
// build mistake, not a run-time condition.
func mustRead(name string) string {
	b, err := FS.ReadFile(name)
	if err != nil {
		panic("policies: embedded file missing: " + name)
	}
	return string(b)
}
