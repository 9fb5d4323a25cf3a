package usecases_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/membershiptest"
	"github.com/openassoc/membership/ports"
)

// cst is the association's zone.
var cst = time.FixedZone("CST", 8*3600)

// fakeRenderer records the documents it is asked to render.
type fakeRenderer struct {
	mu   sync.Mutex
	docs []ports.FormDocument
}

func (f *fakeRenderer) RenderForm(_ context.Context, doc ports.FormDocument) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.docs = append(f.docs, doc)
	return []byte("%PDF-1.4 fake"), nil
}

func (f *fakeRenderer) last() ports.FormDocument {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.docs[len(f.docs)-1]
}

// newAppEnv builds a module whose clock stands at a fixed time and whose PDF
// renderer is a fake.
func newAppEnv(t *testing.T, at time.Time) (*membershiptest.Env, *membershiptest.Clock, *fakeRenderer) {
	t.Helper()
	clock := &membershiptest.Clock{}
	clock.Set(at)
	r := &fakeRenderer{}
	env := membershiptest.New(t, membershiptest.WithClock(clock),
		membershiptest.WithModuleOption(membership.WithDocumentRenderer(r)))
	return env, clock, r
}

// waitNotifications waits until the member has n notifications and returns them,
// newest first.
func waitNotifications(t *testing.T, env *membershiptest.Env, p access.Principal, n int) []query.NotificationItem {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		list, err := env.App.Queries.MemberNotifications.Handle(ctx, query.MemberNotifications{Principal: p})
		require.NoError(t, err)
		if len(list.Items) >= n || time.Now().After(deadline) {
			require.Len(t, list.Items, n, "notifications of %s", p.ID)
			return list.Items
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// mailsWith counts the messages to addr whose subject contains subject.
func mailsWith(t *testing.T, env *membershiptest.Env, addr, subject string) int {
	t.Helper()
	ms, err := env.Mailbox.To(addr)
	require.NoError(t, err)
	n := 0
	for _, m := range ms {
		if strings.Contains(m.Subject, subject) {
			n++
		}
	}
	return n
}

// scanFiles lists the stored scan files of a member.
func scanFiles(t *testing.T, env *membershiptest.Env, memberID string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(env.DataDir, "files", "scans", memberID))
	if os.IsNotExist(err) {
		return nil
	}
	require.NoError(t, err)
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

// requireInvalid asserts err is Invalid with exactly the field codes given, each
// with a message.
func requireInvalid(t *testing.T, err error, want map[string]string, msgAndArgs ...any) {
	t.Helper()
	require.Error(t, err, msgAndArgs...)
	e := apperr.As(err)
	require.Equal(t, apperr.KindInvalid, e.Kind, "%v %v", err, msgAndArgs)
	for _, f := range e.Fields {
		assert.NotEmpty(t, f.Message, f.Field)
	}
	assert.Equal(t, want, fieldCodes(err), msgAndArgs...)
}

// requireKindCode asserts err's kind and code and that it carries a message.
func requireKindCode(t *testing.T, err error, kind apperr.Kind, code string, msgAndArgs ...any) {
	t.Helper()
	require.Error(t, err, msgAndArgs...)
	e := apperr.As(err)
	assert.Equal(t, kind, e.Kind, "%v %v", err, msgAndArgs)
	if code != "" {
		assert.Equal(t, code, e.Code, msgAndArgs...)
	}
	assert.NotEmpty(t, e.Message)
}

func upload(env *membershiptest.Env, p access.Principal, name string, data []byte) error {
	_, err := env.App.Commands.UploadApplicationScan.Handle(ctx, command.UploadApplicationScan{Principal: p,
		FileName: name, Content: bytes.NewReader(data)})
	return err
}
