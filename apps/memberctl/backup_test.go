package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/membershiptest"
)

// snapshot is what staff see of a member, and its stamped scan.
type snapshot struct {
	detail query.MemberDetailView
	scan   []byte
}

func snapshotOf(t *testing.T, env *membershiptest.Env, admin access.Principal, id string) snapshot {
	t.Helper()
	ctx := context.Background()
	d, err := env.App.Queries.MemberDetail.Handle(ctx, query.MemberDetail{Principal: admin, MemberID: id})
	require.NoError(t, err)
	s := snapshot{detail: d}
	f, err := env.App.Queries.ApplicationScan.Handle(ctx, query.ApplicationScan{Principal: admin, MemberID: id})
	if err == nil {
		s.scan, err = io.ReadAll(f.Body)
		require.NoError(t, errors.Join(err, f.Body.Close()))
	}
	return s
}

// chineseNumber writes n in Chinese digits (names take no Arabic digits).
func chineseNumber(n int) string {
	digits := []rune("零一二三四五六七八九")
	var b strings.Builder
	for _, d := range fmt.Sprint(n) {
		b.WriteRune(digits[d-'0'])
	}
	return b.String()
}

// keepRegistering registers accounts until ctx ends: the writes a running
// memberd goes on with while the backup is taken. It closes first after the
// first one.
func keepRegistering(ctx context.Context, env *membershiptest.Env, first chan<- struct{}) (int, error) {
	n := 0
	for {
		err := registerOne(ctx, env, n)
		switch {
		case ctx.Err() != nil:
			return n, nil // stopped, whatever the last attempt met
		case err != nil:
			return n, err
		}
		if n++; n == 1 {
			close(first)
		}
	}
}

// registerOne registers the nth busy account.
func registerOne(ctx context.Context, env *membershiptest.Env, n int) error {
	ch, err := env.App.Captcha.Issue(ctx, command.IssueCaptcha{Purpose: captcha.PurposeRegister})
	if err != nil {
		return err
	}
	env.AwaitDrag(membershiptest.DragTime)
	tok, err := env.App.Captcha.Verify(ctx, ch.ID, captcha.Answer{X: *ch.TargetX, Duration: membershiptest.DragTime})
	if err != nil {
		return err
	}
	_, err = env.App.Commands.RegisterMember.Handle(ctx, command.RegisterMember{Kind: "individual",
		Name: "忙碌" + chineseNumber(n), Email: fmt.Sprintf("busy%d@example.org", n), Password: "abc123",
		PasswordConfirm: "abc123", CaptchaToken: tok})
	return err
}

// A backup taken while writes go on restores into a fresh folder, and the
// module started on it has every member, payment, file and notification as
// they were.
func TestBackupRestoreRoundTrip(t *testing.T) {
	env := membershiptest.New(t)
	admin := env.Staff(t, access.RoleAdmin)
	var ids []string
	for i, kind := range []string{"enterprise", "enterprise", "individual"} {
		ids = append(ids, env.ActiveMember(t, kind, "备份测试"+chineseNumber(i), fmt.Sprintf("b%d@example.org", i)).ID)
	}
	ids = append(ids, env.ApprovedMember(t, "enterprise", "只已通过", "approved@example.org").ID)
	want := map[string]int{ids[0]: 5, ids[1]: 5, ids[2]: 5, ids[3]: 2} // one per step taken
	require.True(t, env.WaitUntil(30*time.Second, func() bool {        // the events' notifications are in
		for id, n := range want {
			d, err := env.App.Queries.MemberDetail.Handle(context.Background(), query.MemberDetail{Principal: admin, MemberID: id})
			if err != nil || d.Notifications.Total < n {
				return false
			}
		}
		return true
	}))
	before := map[string]snapshot{}
	for _, id := range ids {
		before[id] = snapshotOf(t, env, admin, id)
	}
	require.NotEmpty(t, before[ids[0]].scan)
	require.NotEmpty(t, before[ids[0]].detail.Payments)

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var written int
	var writeErr error
	first := make(chan struct{})
	wg.Go(func() { written, writeErr = keepRegistering(ctx, env, first) })
	select { // writes are under way
	case <-first:
	case <-time.After(30 * time.Second):
		t.Fatal("no registration")
	}
	archive := filepath.Join(t.TempDir(), "backup.tar.gz")
	var out bytes.Buffer
	err := run([]string{"-data", env.DataDir, "backup", archive}, nil, &out)
	cancel()
	wg.Wait()
	require.NoError(t, err)
	require.NoError(t, writeErr)
	t.Logf("%s; %d accounts registered meanwhile", strings.TrimSpace(out.String()), written)
	assert.Contains(t, out.String(), "backup written to")

	fresh := t.TempDir()
	out.Reset()
	require.NoError(t, run([]string{"-data", fresh, "restore", archive}, nil, &out))
	assert.Contains(t, out.String(), "restored")
	restored := membershiptest.New(t, membershiptest.WithConfig(func(c *membership.Config) { c.DataDir = fresh }))
	for _, id := range ids {
		got := snapshotOf(t, restored, admin, id)
		assert.Equal(t, before[id], got, "member %s after the restore", id)
	}
	err = run([]string{"-data", fresh, "restore", archive}, nil, &out)
	require.Error(t, err, "existing data is not replaced without -force")
	assert.Contains(t, err.Error(), "-force")
}

// A damaged archive, a truncated one and one of a newer schema are refused,
// and nothing is put in place.
func TestRestoreRefusesBadArchives(t *testing.T) {
	src := t.TempDir()
	var out bytes.Buffer
	require.NoError(t, run([]string{"-data", src, "migrate"}, nil, &out))
	require.NoError(t, os.MkdirAll(filepath.Join(src, "files", "ab"), 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(src, "files", "ab", "scan"), bytes.Repeat([]byte("扫描件"), 4000), 0o600))
	dir := t.TempDir()
	good := filepath.Join(dir, "good.tar.gz")
	require.NoError(t, run([]string{"-data", src, "backup", good}, nil, &out))
	require.Error(t, run([]string{"-data", src, "backup", good}, nil, &out), "an existing archive is not overwritten")
	body, err := os.ReadFile(good)
	require.NoError(t, err)

	truncated := filepath.Join(dir, "truncated.tar.gz")
	require.NoError(t, os.WriteFile(truncated, body[:len(body)*2/3], 0o600))
	corrupt := filepath.Join(dir, "corrupt.tar.gz")
	bad := bytes.Clone(body)
	bad[len(bad)/2] ^= 0xff
	require.NoError(t, os.WriteFile(corrupt, bad, 0o600))
	newer := filepath.Join(dir, "newer.tar.gz")
	work := t.TempDir()
	dbCopy := filepath.Join(work, "db")
	require.NoError(t, os.WriteFile(dbCopy, []byte("not used"), 0o600))
	require.NoError(t, writeArchive(newer, dbCopy, filepath.Join(src, "files"),
		&manifest{Format: backupFormat, Version: backupVersion, Database: "sqlite", Schema: "9999", Tool: "memberctl v9"}))

	for name, want := range map[string]string{truncated: "truncated", corrupt: "not a usable backup",
		newer: "newer than this memberctl"} {
		fresh := t.TempDir()
		err := run([]string{"-data", fresh, "restore", name}, nil, &out)
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), want, name)
		_, statErr := os.Stat(filepath.Join(fresh, "membership.db"))
		assert.True(t, os.IsNotExist(statErr), "%s: nothing restored", name)
	}
	fresh := t.TempDir()
	require.NoError(t, run([]string{"-data", fresh, "restore", good}, nil, &out))
	got, err := os.ReadFile(filepath.Join(fresh, "files", "ab", "scan"))
	require.NoError(t, err)
	assert.Equal(t, bytes.Repeat([]byte("扫描件"), 4000), got)
}
