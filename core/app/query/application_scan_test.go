package query_test

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
)

func (e *env) applicationScan(p access.Principal, memberID string) (query.ScanFile, error) {
	return query.NewApplicationScanHandler(e.store.Members(), e.files, e.policy).Handle(e.ctx,
		query.ApplicationScan{Principal: p, MemberID: memberID})
}

// attachScan stores a PNG for m's application and attaches it under name.
func (e *env) attachScan(m *member.Member, name string) []byte {
	e.t.Helper()
	data := apptest.PNG(4, 4)
	key := "scans/" + m.ID() + "/scan.png"
	require.NoError(e.t, e.files.Put(e.ctx, key, bytes.NewReader(data)))
	e.update(m, func(m *member.Member) error {
		_, err := m.AttachScan(application.Scan{Key: key, ContentType: application.ContentTypePNG,
			Size: int64(len(data)), FileName: name}, e.clock.Now())
		return err
	})
	return data
}

// The stamped scan opens for its owner and for staff who read applications,
// under its uploaded name or a default one.
func TestApplicationScan(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusDraft)
	data := e.attachScan(m, "")

	for _, p := range []access.Principal{apptest.MemberOf(m), apptest.StaffOf(access.RoleReviewer)} {
		f, err := e.applicationScan(p, m.ID())
		require.NoError(t, err)
		got, err := io.ReadAll(f.Body)
		require.NoError(t, err)
		require.NoError(t, f.Body.Close())
		assert.Equal(t, data, got)
		assert.Equal(t, application.ContentTypePNG, f.ContentType)
		assert.Equal(t, int64(len(data)), f.Size)
		assert.Equal(t, "入会申请表盖章扫描件.png", f.FileName)
	}
	e.attachScan(m, "盖章.png")
	f, err := e.applicationScan(apptest.MemberOf(m), "")
	require.NoError(t, err)
	assert.Equal(t, "盖章.png", f.FileName)
}

// Refusals: no scan, a scan whose file is gone, another member's scan,
// finance, nobody.
func TestApplicationScanRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	none := e.member(member.Enterprise, "草稿公司", member.StatusDraft)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusDraft)
	e.attachScan(m, "a.png")
	_, err := e.applicationScan(apptest.MemberOf(none), "")
	wantErr(t, err, apperr.KindNotFound, "scan_not_found")
	_, err = e.applicationScan(apptest.MemberOf(none), m.ID())
	wantErr(t, err, apperr.KindNotFound, "not_found")
	_, err = e.applicationScan(apptest.StaffOf(access.RoleFinance), m.ID())
	wantErr(t, err, apperr.KindForbidden, "forbidden")
	_, err = e.applicationScan(access.Guest, m.ID())
	wantErr(t, err, apperr.KindUnauthorized, "login_required")

	require.NoError(t, e.files.Delete(context.Background(), "scans/"+m.ID()+"/scan.png"))
	_, err = e.applicationScan(apptest.MemberOf(m), "")
	wantErr(t, err, apperr.KindNotFound, "scan_not_found")
}
