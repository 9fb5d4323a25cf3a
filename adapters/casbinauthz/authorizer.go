// Package casbinauthz implements ports.Authorizer with Casbin: the RBAC model and
// policy come from the embedded files of package policies, or from a policy the
// host system provides. Nothing is read from disk at run time unless the host
// passes a file system.
package casbinauthz

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	stringadapter "github.com/casbin/casbin/v2/persist/string-adapter"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/policies"
	"github.com/openassoc/membership/ports"
)

// Authorizer answers role × object × action questions. It is safe for concurrent
// use.
type Authorizer struct {
	enforcer *casbin.SyncedEnforcer
	roles    map[access.Role]bool
	// decisions remembers the enforcer's answers: the policy is fixed once New
	// returns, so a (role, object, action) answer never changes, and every
	// request asks the same few questions (the policy check runs on each page).
	decisions sync.Map // decisionKey → bool
}

// decisionKey is one question asked of the policy.
type decisionKey struct {
	role           access.Role
	object, action string
}

var _ ports.Authorizer = (*Authorizer)(nil)

// config is what the options set.
type config struct {
	model  string
	policy string
	err    error
}

// Option changes where New takes the model or the policy from.
type Option func(*config)

// WithPolicy replaces the embedded policy with the given CSV text (Casbin policy
// lines "p, role, object, action" and "g, role, parent_role").
func WithPolicy(csv string) Option {
	return func(c *config) { c.policy = csv }
}

// WithPolicyFS replaces the embedded policy with the file name read from fsys, so
// an embedding system can ship its own policy (os.DirFS, embed.FS, …).
func WithPolicyFS(fsys fs.FS, name string) Option {
	return func(c *config) {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			c.err = fmt.Errorf("casbinauthz: read policy %s: %w", name, err)
			return
		}
		c.policy = string(b)
	}
}

// WithModel replaces the embedded Casbin model. The model must keep the request
// shape (role, object, action).
func WithModel(text string) Option {
	return func(c *config) { c.model = text }
}

// New builds an Authorizer from the embedded model and policy unless options
// replace them. A policy with a malformed line or no rules is an error, so that a
// broken replacement cannot silently deny (or allow) everything.
func New(opts ...Option) (*Authorizer, error) {
	c := config{model: policies.Model(), policy: policies.Policy()}
	for _, opt := range opts {
		opt(&c)
	}
	if c.err != nil {
		return nil, c.err
	}
	m, err := model.NewModelFromString(c.model)
	if err != nil {
		return nil, fmt.Errorf("casbinauthz: model: %w", err)
	}
	lines, err := normalizePolicy(c.policy)
	if err != nil {
		return nil, err
	}
	e, err := casbin.NewSyncedEnforcer(m, stringadapter.NewAdapter(lines))
	if err != nil {
		return nil, fmt.Errorf("casbinauthz: enforcer: %w", err)
	}
	roles := make(map[access.Role]bool)
	for _, r := range access.AllRoles() {
		roles[r] = true
	}
	return &Authorizer{enforcer: e, roles: roles}, nil
}

// Allowed reports whether the role may take the action on the object. Roles that
// are not among access.AllRoles (the policy's abstract helper roles, an empty
// role) are denied without asking the policy.
func (a *Authorizer) Allowed(role access.Role, object, action string) (bool, error) {
	if !a.roles[role] {
		return false, nil
	}
	key := decisionKey{role: role, object: object, action: action}
	if ok, found := a.decisions.Load(key); found {
		return ok.(bool), nil
	}
	ok, err := a.enforcer.Enforce(string(role), object, action)
	if err != nil {
		return false, fmt.Errorf("casbinauthz: enforce %s %s %s: %w", role, object, action, err)
	}
	a.decisions.Store(key, ok)
	return ok, nil
}

// normalizePolicy checks every policy line and returns them trimmed, one per line,
// without comments or blank lines. Casbin's string adapter skips lines it cannot
// parse; this refuses them instead.
func normalizePolicy(text string) (string, error) {
	var out []string
	rules := 0
	for i, raw := range strings.Split(text, "\n") {
		line := strings.TrimSpace(raw)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, ",")
		for j := range fields {
			fields[j] = strings.TrimSpace(fields[j])
			if fields[j] == "" {
				return "", fmt.Errorf("casbinauthz: policy line %d: empty field: %q", i+1, line)
			}
		}
		switch {
		case fields[0] == "p" && len(fields) == 4:
			rules++
		case fields[0] == "g" && len(fields) == 3:
		default:
			return "", fmt.Errorf("casbinauthz: policy line %d: want \"p, role, object, action\" or \"g, role, parent\": %q", i+1, line)
		}
		out = append(out, strings.Join(fields, ", "))
	}
	if rules == 0 {
		return "", errors.New("casbinauthz: policy has no rules")
	}
	return strings.Join(out, "\n"), nil
}
