package webui_test

import (
	"bytes"
	"context"
	"html"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/membershiptest"
	"github.com/openassoc/membership/ports"
)

// fakePDF is a document renderer that returns a tiny PDF without a font.
type fakePDF struct {
	mu   sync.Mutex
	docs []ports.FormDocument
}

func (f *fakePDF) RenderForm(_ context.Context, doc ports.FormDocument) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.docs = append(f.docs, doc)
	return []byte("%PDF-1.4\n% fake\n%%EOF\n"), nil
}

// appFixture is a fixture whose PDF renderer is fakePDF.
type appFixture struct {
	*fixture
	pdf *fakePDF
}

func setupApp(tb testing.TB) *appFixture {
	tb.Helper()
	r := &fakePDF{}
	return &appFixture{fixture: setup(tb, membershiptest.WithModuleOption(membership.WithDocumentRenderer(r))), pdf: r}
}

// member registers an account of a kind, logs it in through the form and
// returns its id and browser.
func (f *appFixture) member(t *testing.T, kind, name, email string) (string, *browser) {
	t.Helper()
	id := f.registerMember(t, kind, name, email)
	b := f.browser(t)
	require.Equal(t, http.StatusSeeOther, b.login(name, goodPass, false).Status)
	return id, b
}

// staff creates a staff account of a role and logs it in.
func (f *appFixture) staff(t *testing.T, username, role string) *browser {
	t.Helper()
	f.env.CreateStaff(t, username, role, "staff12345")
	b := f.browser(t)
	require.Equal(t, http.StatusSeeOther, b.staffLogin(username, "staff12345").Status)
	return b
}

// stored returns the member as stored.
func (f *appFixture) stored(t *testing.T, id string) *member.Member {
	t.Helper()
	m, err := f.env.Module.Ports().Members.Get(context.Background(), id)
	require.NoError(t, err)
	return m
}

// files lists the files the module's file store keeps.
func (f *appFixture) files(t *testing.T) []string {
	t.Helper()
	var out []string
	root := filepath.Join(f.env.DataDir, "files")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if os.IsNotExist(err) {
			return nil
		}
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return err
	})
	require.NoError(t, err)
	return out
}

// enterpriseValues is a complete, valid enterprise form as posted.
func enterpriseValues(name string) url.Values {
	return formValues(membertest.EnterpriseForm(name).Fields())
}

// individualValues is a complete, valid individual form as posted.
func individualValues(name, email string) url.Values {
	return formValues(membertest.IndividualForm(name, email).Fields())
}

func formValues(fields []application.Field) url.Values {
	v := url.Values{}
	for _, f := range fields {
		v.Set(f.Name, f.Value)
	}
	return v
}

// with returns a copy of v with the given name/value pairs changed.
func with(v url.Values, kv ...string) url.Values {
	out := cloneValues(v)
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

// saveForm posts the application form with a button (save, next or submit).
func (b *browser) saveForm(v url.Values, action string) response {
	b.tb.Helper()
	return b.postForm("/member/application/form", with(v, "action", action))
}

// filePart is one file of a multipart upload.
type filePart struct {
	field, name string
	content     []byte
}

// upload posts a multipart form with the CSRF token field (unless token is "-")
// and the files, plus extra headers.
func (b *browser) upload(path, token string, files []filePart, hdr http.Header) response {
	b.tb.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if token != "-" {
		require.NoError(b.tb, mw.WriteField("csrf_token", token))
	}
	for _, f := range files {
		w, err := mw.CreateFormFile(f.field, f.name)
		require.NoError(b.tb, err)
		_, err = w.Write(f.content)
		require.NoError(b.tb, err)
	}
	require.NoError(b.tb, mw.Close())
	req := httptest.NewRequest(http.MethodPost, siteURL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for k, vs := range hdr {
		req.Header[k] = vs
	}
	return b.do(req)
}

// scan is a small valid PNG picture.
func scan(t testing.TB) []byte { return membershiptest.PNG(t, 40, 30) }

// fieldErrorOf returns the message shown under a field (by input id), unescaped.
func fieldErrorOf(body, id string) string {
	m := regexp.MustCompile(`<p class="field__error" id="` + regexp.QuoteMeta(id) + `-error">([^<]*)</p>`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// invalid reports whether the control with the id is marked aria-invalid and
// described by its error.
func invalid(body, id string) bool {
	tag := regexp.MustCompile(`<(?:input|select|textarea)[^>]*\sid="` + regexp.QuoteMeta(id) + `"[^>]*>`).FindString(body)
	described := regexp.MustCompile(`aria-describedby="[^"]*\b` + regexp.QuoteMeta(id) + `-error\b`)
	return strings.Contains(tag, `aria-invalid="true"`) && described.MatchString(tag)
}

// waitBody loads a page until its body contains want (again each time the
// module's background work moves on, see membershiptest.Env.WaitUntil).
func (b *browser) waitBody(path, want string) response {
	b.tb.Helper()
	var res response
	b.env.WaitUntil(10*time.Second, func() bool {
		res = b.get(path)
		return bytes.Contains([]byte(res.Body), []byte(want))
	})
	require.Contains(b.tb, res.Body, want, "page %s", path)
	return res
}
