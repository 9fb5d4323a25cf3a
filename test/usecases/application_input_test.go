package usecases_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/membershiptest"
)

// TestApplicationFormBadInputStoresNothing sends each kind of bad form: every
// one is refused with a field-level message and the stored draft is unchanged.
func TestApplicationFormBadInputStoresNothing(t *testing.T) {
	t.Parallel()
	env, _, _ := newAppEnv(t, time.Date(2024, 3, 1, 10, 0, 0, 0, cst))
	env.RegisterMember(t, "enterprise", "星河科技有限公司", "x@example.com", "abc123")
	p := env.LoginMember(t, "星河科技有限公司", "abc123")
	stored := membertest.EnterpriseForm("星河科技有限公司")
	stored.Address = "原地址"
	require.NoError(t, env.App.Commands.SaveApplicationDraft.Handle(ctx, command.SaveApplicationDraft{Principal: p, Enterprise: &stored}))

	cases := []struct {
		name     string
		edit     func(f *application.EnterpriseForm)
		complete bool
		want     map[string]string
	}{
		{"wrong USCC check character", func(f *application.EnterpriseForm) { f.USCC = "91350100M000100Y44" }, false, map[string]string{"uscc": "uscc_checksum"}},
		{"USCC with a forbidden letter", func(f *application.EnterpriseForm) { f.USCC = "91350100I000100Y43" }, false, map[string]string{"uscc": "uscc_invalid_char"}},
		{"USCC too short", func(f *application.EnterpriseForm) { f.USCC = "9135010" }, false, map[string]string{"uscc": "uscc_length"}},
		{"unknown industry code", func(f *application.EnterpriseForm) { f.Industry = "U" }, false, map[string]string{"industry": "unknown_choice"}},
		{"unknown province code", func(f *application.EnterpriseForm) { f.Province = "99" }, false, map[string]string{"province": "unknown_choice"}},
		{"province by name", func(f *application.EnterpriseForm) { f.Province = "北京" }, false, map[string]string{"province": "unknown_choice"}},
		{"postal code", func(f *application.EnterpriseForm) { f.PostalCode = "1000" }, false, map[string]string{"postal_code": "postal_code_invalid"}},
		{"mobile", func(f *application.EnterpriseForm) { f.ContactMobile = "1381234567" }, false, map[string]string{"contact_mobile": "mobile_invalid"}},
		{"phone", func(f *application.EnterpriseForm) { f.ContactPhone = "abc" }, false, map[string]string{"contact_phone": "phone_invalid"}},
		{"email", func(f *application.EnterpriseForm) { f.ContactEmail = "not-an-email" }, false, map[string]string{"contact_email": "email_invalid"}},
		{"over-long profile", func(f *application.EnterpriseForm) { f.Profile = strings.Repeat("简", 2001) }, false, map[string]string{"profile": "too_long"}},
		{"over-long address", func(f *application.EnterpriseForm) { f.Address = strings.Repeat("址", 201) }, false, map[string]string{"address": "too_long"}},
		{"missing fields on 下一步", func(f *application.EnterpriseForm) { f.LegalRepName, f.Industry = "", "" }, true,
			map[string]string{"legal_rep_name": "required", "industry": "required"}},
		{"two problems at once", func(f *application.EnterpriseForm) { f.USCC, f.Province = "91350100M000100Y44", "00" }, false,
			map[string]string{"uscc": "uscc_checksum", "province": "unknown_choice"}},
	}
	for _, tc := range cases {
		f := membertest.EnterpriseForm("星河科技有限公司")
		tc.edit(&f)
		err := env.App.Commands.SaveApplicationDraft.Handle(ctx, command.SaveApplicationDraft{Principal: p, Enterprise: &f,
			RequireComplete: tc.complete})
		requireInvalid(t, err, tc.want, tc.name)
		v, err := env.App.Queries.MemberApplication.Handle(ctx, query.MemberApplication{Principal: p})
		require.NoError(t, err)
		assert.Equal(t, "原地址", v.Enterprise.Address, "%s: the stored draft is unchanged", tc.name)
		assert.Equal(t, stored.USCC, v.Enterprise.USCC, tc.name)
	}
	// The field messages are Chinese and name the field.
	f := membertest.EnterpriseForm("星河科技有限公司")
	f.USCC = "91350100M000100Y44"
	e := apperr.As(env.App.Commands.SaveApplicationDraft.Handle(ctx, command.SaveApplicationDraft{Principal: p, Enterprise: &f}))
	assert.Equal(t, "统一社会信用代码校验位错误，请核对", e.Fields[0].Message)

	// Submitting the draft with missing fields lists them all.
	partial := application.EnterpriseForm{Name: "星河科技有限公司"}
	require.NoError(t, env.App.Commands.SaveApplicationDraft.Handle(ctx, command.SaveApplicationDraft{Principal: p, Enterprise: &partial}))
	err := env.App.Commands.SubmitApplication.Handle(ctx, command.SubmitApplication{Principal: p, ConfirmStamped: true})
	got := fieldCodes(err)
	assert.Len(t, got, 19, "18 empty fields and the scan: %v", got)
	assert.Equal(t, "scan_required", got["scan"])
	v, _ := env.App.Queries.MemberApplication.Handle(ctx, query.MemberApplication{Principal: p})
	assert.Equal(t, member.StatusDraft, v.Status)
}

// pngWithSize returns a valid PNG whose header claims another size (a
// decompression bomb's header), with a correct CRC.
func pngWithSize(t *testing.T, w, h uint32) []byte {
	t.Helper()
	b := membershiptest.PNG(t, 4, 4)
	// signature (8) + IHDR length (4) + "IHDR" (4): width and height follow.
	binary.BigEndian.PutUint32(b[16:], w)
	binary.BigEndian.PutUint32(b[20:], h)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	return b
}

// TestScanUploadChecksSizeAndContent refuses everything that is not one whole PNG
// or JPEG of at most 10 MB, storing nothing.
func TestScanUploadChecksSizeAndContent(t *testing.T) {
	t.Parallel()
	env, _, _ := newAppEnv(t, time.Date(2024, 3, 1, 10, 0, 0, 0, cst))
	env.RegisterMember(t, "enterprise", "上传测试公司", "u@example.com", "abc123")
	p := env.LoginMember(t, "上传测试公司", "abc123")

	err := upload(env, p, "early.png", membershiptest.PNG(t, 10, 10))
	requireKindCode(t, err, apperr.KindConflict, member.ErrFormIncomplete, "no scan before the form is complete")
	form := membertest.EnterpriseForm("上传测试公司")
	require.NoError(t, env.App.Commands.SaveApplicationDraft.Handle(ctx, command.SaveApplicationDraft{Principal: p,
		Enterprise: &form, RequireComplete: true}))

	png := membershiptest.PNG(t, 120, 80)
	jpg := membershiptest.JPEG(t, 120, 80)
	require.NoError(t, upload(env, p, "first.png", png))
	first := scanFiles(t, env, p.ID)
	require.Len(t, first, 1)

	tooBig := make([]byte, application.MaxScanBytes+1)
	copy(tooBig, png)
	cases := []struct {
		name, file string
		data       []byte
		code       string
	}{
		{"a PDF named .png", "scan.png", []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"), "file_type"},
		{"an HTML page named .png", "scan.png", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"), "file_type"},
		{"a GIF", "scan.gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), "file_type"},
		{"a truncated PNG", "scan.png", png[:len(png)/2], "file_corrupt"},
		{"a truncated JPEG", "scan.jpg", jpg[:len(jpg)/2], "file_corrupt"},
		{"a PNG header and garbage", "scan.png", append(append([]byte{}, png[:40]...), bytes.Repeat([]byte{7}, 500)...), "file_corrupt"},
		{"a decompression bomb", "scan.png", pngWithSize(t, 100000, 100000), "image_too_large"},
		{"10 MB + 1 byte", "scan.png", tooBig, "file_too_large"},
		{"an empty file", "scan.png", nil, "file_required"},
	}
	for _, tc := range cases {
		err := upload(env, p, tc.file, tc.data)
		requireInvalid(t, err, map[string]string{"scan": tc.code}, tc.name)
		assert.Equal(t, first, scanFiles(t, env, p.ID), "%s: nothing stored, the old scan kept", tc.name)
		v, err := env.App.Queries.MemberApplication.Handle(ctx, query.MemberApplication{Principal: p})
		require.NoError(t, err)
		require.NotNil(t, v.Scan, tc.name)
		assert.Equal(t, "first.png", v.Scan.FileName, tc.name)
	}
	assert.Equal(t, "只能上传PNG或JPG格式的图片文件", apperr.As(upload(env, p, "x.png", []byte("<html>"))).Fields[0].Message)
	assert.Equal(t, "文件不能超过10MB", apperr.As(upload(env, p, "x.png", tooBig)).Fields[0].Message)

	// A JPEG named .png is stored as what it is.
	require.NoError(t, upload(env, p, "photo.png", jpg))
	v, _ := env.App.Queries.MemberApplication.Handle(ctx, query.MemberApplication{Principal: p})
	assert.Equal(t, application.ContentTypeJPEG, v.Scan.ContentType)
	files := scanFiles(t, env, p.ID)
	require.Len(t, files, 1)
	assert.True(t, strings.HasSuffix(files[0], ".jpg"))

	// A changed form detaches the scan and deletes its file.
	form.Address = "新地址"
	require.NoError(t, env.App.Commands.SaveApplicationDraft.Handle(ctx, command.SaveApplicationDraft{Principal: p, Enterprise: &form}))
	v, _ = env.App.Queries.MemberApplication.Handle(ctx, query.MemberApplication{Principal: p})
	assert.Nil(t, v.Scan)
	assert.Empty(t, scanFiles(t, env, p.ID))
}
