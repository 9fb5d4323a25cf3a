package httpapi_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
)

// staffToken creates a staff account of a role and logs it in through the API.
func (a *testAPI) staffToken(username, role string) string {
	a.t.Helper()
	a.env.CreateStaff(a.t, username, role, staffPassword)
	r := a.do(call{Method: http.MethodPost, Path: "/staff/sessions", Body: map[string]any{
		"username": username, "password": staffPassword, "captcha_token": a.captcha("staff_login")}})
	require.Equal(a.t, http.StatusCreated, r.Status, string(r.Body))
	return r.str("token")
}

// memberToken registers an account through the API and logs it in.
func (a *testAPI) memberToken(kind, email, name string) (string, string) {
	a.t.Helper()
	id := a.register(kind, email, name)
	return id, a.loginToken(name, goodPassword)
}

// stored returns the member as stored.
func (a *testAPI) stored(id string) *member.Member {
	a.t.Helper()
	m, err := a.env.Module.Ports().Members.Get(context.Background(), id)
	require.NoError(a.t, err)
	return m
}

// filePart is one file of a multipart upload.
type filePart struct {
	field, name string
	content     []byte
}

// multipartBody builds a multipart/form-data body and its content type.
func multipartBody(t *testing.T, files ...filePart) (string, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, f := range files {
		w, err := mw.CreateFormFile(f.field, f.name)
		require.NoError(t, err)
		_, err = w.Write(f.content)
		require.NoError(t, err)
	}
	require.NoError(t, mw.Close())
	return b.String(), mw.FormDataContentType()
}

// upload posts files to POST /me/application/scan.
func (a *testAPI) upload(token string, files ...filePart) reply {
	a.t.Helper()
	body, ct := multipartBody(a.t, files...)
	return a.do(call{Method: http.MethodPost, Path: "/me/application/scan", Raw: &body, ContentType: ct, Token: token})
}

// enterpriseDraft is a complete enterprise form as the API takes it.
func enterpriseDraft(name string, complete bool) map[string]any {
	f := membertest.EnterpriseForm(name)
	return map[string]any{"enterprise": f, "require_complete": complete}
}

// individualDraft is a complete individual form as the API takes it.
func individualDraft(name, email string) map[string]any {
	return map[string]any{"individual": membertest.IndividualForm(name, email), "require_complete": true}
}

// withField changes one field of the form of a draft body.
func withField(draft map[string]any, field, value string) map[string]any {
	out := map[string]any{"require_complete": draft["require_complete"]}
	for _, kind := range []string{"enterprise", "individual"} {
		f, ok := draft[kind]
		if !ok {
			continue
		}
		var fields map[string]any
		switch v := f.(type) {
		case application.EnterpriseForm:
			fields = toMap(v.Fields())
		case application.IndividualForm:
			fields = toMap(v.Fields())
		}
		fields[field] = value
		out[kind] = fields
	}
	return out
}

func toMap(fs []application.Field) map[string]any {
	out := map[string]any{}
	for _, f := range fs {
		out[f.Name] = f.Value
	}
	return out
}
