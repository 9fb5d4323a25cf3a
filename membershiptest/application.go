package membershiptest

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
)

// LoginMember logs a member in through the real use case and returns its principal.
func (e *Env) LoginMember(tb testing.TB, login, password string) access.Principal {
	tb.Helper()
	res, err := e.App.Commands.Login.Handle(context.Background(), command.Login{Login: login, Password: password,
		CaptchaToken: e.PassCaptcha(tb, captcha.PurposeLogin)})
	require.NoError(tb, err)
	return res.Session.Principal
}

// LoginStaff logs a staff account in through the real use case and returns its
// principal.
func (e *Env) LoginStaff(tb testing.TB, username, password string) access.Principal {
	tb.Helper()
	res, err := e.App.Commands.StaffLogin.Handle(context.Background(), command.StaffLogin{Username: username,
		Password: password, CaptchaToken: e.PassCaptcha(tb, captcha.PurposeStaffLogin)})
	require.NoError(tb, err)
	return res.Session.Principal
}

// MemberPrincipal returns the principal a login of the member would have,
// without a session (for tests that need many members quickly).
func (e *Env) MemberPrincipal(tb testing.TB, memberID string) access.Principal {
	tb.Helper()
	m, err := e.Module.Ports().Members.Get(context.Background(), memberID)
	require.NoError(tb, err)
	role := access.RoleEnterprise
	if m.Kind() == member.Individual {
		role = access.RoleIndividual
	} else if m.Level().IsCouncil() {
		role = access.RoleCouncil
	}
	return access.Principal{Kind: access.PrincipalMember, ID: m.ID(), Role: role}
}

// StaffPrincipal returns the principal of a staff account of a role, without a
// session.
func StaffPrincipal(staffID string, role access.Role) access.Principal {
	return access.Principal{Kind: access.PrincipalStaff, ID: staffID, Role: role}
}

// SubmitApplication fills in a complete form of the member's kind (membertest's
// sample), uploads a stamped scan (enterprises) and submits, all through the use
// cases.
func (e *Env) SubmitApplication(tb testing.TB, p access.Principal) {
	tb.Helper()
	ctx := context.Background()
	m, err := e.Module.Ports().Members.Get(ctx, p.ID)
	require.NoError(tb, err)
	save := command.SaveApplicationDraft{Principal: p, RequireComplete: true}
	if m.Kind() == member.Individual {
		f := membertest.IndividualForm(m.Name(), m.Email())
		save.Individual = &f
	} else {
		f := membertest.EnterpriseForm(m.Name())
		save.Enterprise = &f
	}
	require.NoError(tb, e.App.Commands.SaveApplicationDraft.Handle(ctx, save))
	if m.Kind() == member.Enterprise {
		_, err := e.App.Commands.UploadApplicationScan.Handle(ctx, command.UploadApplicationScan{Principal: p,
			FileName: "入会申请表.png", Content: bytes.NewReader(PNG(tb, 40, 30))})
		require.NoError(tb, err)
	}
	require.NoError(tb, e.App.Commands.SubmitApplication.Handle(ctx, command.SubmitApplication{Principal: p,
		ConfirmStamped: true}))
}

func sample(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{R: uint8(x * 5), G: uint8(y * 7), B: 200, A: 255})
		}
	}
	return img
}

// PNG returns a small valid PNG picture, as a stamped scan.
func PNG(tb testing.TB, w, h int) []byte {
	tb.Helper()
	var b bytes.Buffer
	require.NoError(tb, png.Encode(&b, sample(w, h)))
	return b.Bytes()
}

// JPEG returns a small valid JPEG picture, as a photographed stamped form.
func JPEG(tb testing.TB, w, h int) []byte {
	tb.Helper()
	var b bytes.Buffer
	require.NoError(tb, jpeg.Encode(&b, sample(w, h), &jpeg.Options{Quality: 80}))
	return b.Bytes()
}
