package command_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
)

func (e *env) uploadScan() *command.UploadApplicationScanHandler {
	return command.NewUploadApplicationScanHandler(e.store.Members(), e.files, e.policy, e.clock, nil)
}

// A PNG or JPEG of a complete enterprise draft is stored under a new key and
// attached; a second upload replaces the first and deletes its file.
func TestUploadApplicationScan(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusDraft)
	p := apptest.MemberOf(m)

	png := apptest.PNG(8, 8)
	first, err := e.uploadScan().Handle(e.ctx, command.UploadApplicationScan{Principal: p,
		FileName: `C:\扫描\入会申请表.png`, Content: bytes.NewReader(png)})
	require.NoError(t, err)
	assert.Equal(t, application.ContentTypePNG, first.ContentType)
	assert.Equal(t, int64(len(png)), first.Size)
	assert.Equal(t, "入会申请表.png", first.FileName, "the base name only")
	assert.Regexp(t, `^scans/`+m.ID()+`/[0-9a-f]{32}\.png$`, first.Key)
	assert.Equal(t, e.clock.Now(), first.UploadedAt)
	assert.Equal(t, first.Key, e.get(m.ID()).Application().Scan.Key)
	assert.Equal(t, []string{first.Key}, e.files.Keys())

	second, err := e.uploadScan().Handle(e.ctx, command.UploadApplicationScan{Principal: p, FileName: "photo.jpg",
		Content: bytes.NewReader(apptest.JPEG(8, 8))})
	require.NoError(t, err)
	assert.Equal(t, application.ContentTypeJPEG, second.ContentType, "the content decides the type")
	assert.Equal(t, second.Key, e.get(m.ID()).Application().Scan.Key)
	assert.Equal(t, []string{second.Key}, e.files.Keys(), "the replaced file is deleted")
}

// Refused files — none, empty, over 10 MB, not a picture, corrupt, a
// decompression bomb — are named on "scan" and leave nothing behind.
func TestUploadApplicationScanRefusesBadFiles(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusDraft)
	before := e.state(m.ID())
	png := apptest.PNG(8, 8)
	cases := []struct {
		content io.Reader
		code    string
	}{
		{nil, "file_required"},
		{bytes.NewReader(nil), "file_required"},
		{bytes.NewReader(make([]byte, application.MaxScanBytes+1)), "file_too_large"},
		{bytes.NewReader([]byte("GIF89a not accepted")), "file_type"},
		{bytes.NewReader(png[:len(png)-20]), "file_corrupt"},
		{bytes.NewReader(append([]byte("\x89PNG\r\n\x1a\n"), "garbage"...)), "file_corrupt"},
		{bytes.NewReader(apptest.JPEG(8, 8)[:40]), "file_corrupt"},
		{bytes.NewReader(apptest.HugePNG()), "image_too_large"},
	}
	for _, c := range cases {
		_, err := e.uploadScan().Handle(e.ctx, command.UploadApplicationScan{Principal: apptest.MemberOf(m),
			FileName: "x.png", Content: c.content})
		wantErr(t, err, apperr.KindInvalid, "invalid_input")
		assert.Equal(t, map[string]string{command.ScanField: c.code}, fieldCodes(err))
	}
	e.unchanged(before, m.ID())
}

// Refusals of the member: an individual (no scan), an incomplete form, an
// application under review, staff and nobody; and a store that cannot keep
// the file. None attaches anything or leaves a file.
func TestUploadApplicationScanRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	person := e.member(member.Individual, "张三", member.StatusDraft)
	fresh := e.member(member.Enterprise, "新公司有限公司", member.StatusRegistered)
	submitted := e.member(member.Enterprise, "星河科技有限公司", member.StatusSubmitted)
	draft := e.member(member.Enterprise, "草稿公司", member.StatusDraft)
	ids := []string{person.ID(), fresh.ID(), submitted.ID(), draft.ID()}
	before := e.state(ids...)
	upload := func(p access.Principal) error {
		_, err := e.uploadScan().Handle(e.ctx, command.UploadApplicationScan{Principal: p, FileName: "a.png",
			Content: bytes.NewReader(apptest.PNG(4, 4))})
		return err
	}
	wantErr(t, upload(apptest.MemberOf(person)), apperr.KindInvalid, member.ErrScanNotNeeded)
	wantErr(t, upload(apptest.MemberOf(fresh)), apperr.KindConflict, member.ErrFormIncomplete)
	wantErr(t, upload(apptest.MemberOf(submitted)), apperr.KindConflict, member.ErrTransition)
	wantErr(t, upload(apptest.StaffOf(access.RoleReviewer)), apperr.KindForbidden, "forbidden")
	wantErr(t, upload(access.Guest), apperr.KindUnauthorized, "login_required")

	e.files.PutErr = errors.New("disk full")
	wantErr(t, upload(apptest.MemberOf(draft)), apperr.KindInternal, "internal")
	e.unchanged(before, ids...)
}

// A form made incomplete while the file was being stored: the scan is not
// attached and its file is deleted again.
func TestUploadApplicationScanCleansUpWhenTheAttachFails(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusDraft)
	e.files.AfterPut = func() {
		require.NoError(t, e.store.Members().Update(e.ctx, m.ID(), func(_ context.Context, m *member.Member) error {
			f := m.Application().Enterprise
			f.Address = ""
			return m.SaveEnterpriseForm(f, false, e.clock.Now())
		}))
	}
	_, err := e.uploadScan().Handle(e.ctx, command.UploadApplicationScan{Principal: apptest.MemberOf(m),
		FileName: "a.png", Content: bytes.NewReader(apptest.PNG(4, 4))})
	wantErr(t, err, apperr.KindConflict, member.ErrFormIncomplete)
	assert.False(t, e.get(m.ID()).Application().Scan.Present())
	assert.Empty(t, e.files.Keys(), "the stored file is deleted again")
}
