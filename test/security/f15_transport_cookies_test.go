package security_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/membershiptest"
)

// Finding 15 (the HTTP and storage parts): HSTS over HTTPS, the __Host- session
// cookie, a CSRF token bound to the session, and a database only its owner can
// read.

// TestHSTSOverHTTPSOnly: responses served over HTTPS carry
// Strict-Transport-Security for a year (this host only); plain HTTP answers do
// not (a browser ignores it there, and a local trial must stay reachable).
func TestHSTSOverHTTPSOnly(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	secure := newClient(t, env)
	secure.https = true
	for _, path := range []string{"/login", "/no-such-page", "/api/v1/me"} {
		assert.Equal(t, "max-age=31536000", secure.get(path).Header.Get("Strict-Transport-Security"), path)
		assert.Empty(t, newClient(t, env).get(path).Header.Get("Strict-Transport-Security"), path)
	}
}

// TestSessionCookieHostPrefixOverHTTPS: a login over HTTPS sets
// __Host-member_session with Secure, Path=/ and no Domain — a cookie no sibling
// subdomain or plain-HTTP page can set — and plain HTTP keeps member_session.
func TestSessionCookieHostPrefixOverHTTPS(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	env.RegisterMember(t, "enterprise", "前缀安全公司", "host-cookie@example.com", "secret123")

	secure := newClient(t, env)
	secure.https = true
	res := secure.webLogin(env, "前缀安全公司", "secret123")
	require.Equal(t, http.StatusSeeOther, res.Status)
	var got *http.Cookie
	for _, c := range res.Cookies {
		assert.NotEqual(t, "member_session", c.Name, "no plain-named session cookie over HTTPS")
		if c.Name == "__Host-member_session" {
			got = c
		}
	}
	require.NotNil(t, got)
	assert.True(t, got.Secure)
	assert.True(t, got.HttpOnly)
	assert.Equal(t, "/", got.Path)
	assert.Empty(t, got.Domain)
	assert.Equal(t, http.StatusOK, secure.get("/member").Status)

	plain := newClient(t, env)
	require.Equal(t, http.StatusSeeOther, plain.webLogin(env, "前缀安全公司", "secret123").Status)
	assert.Contains(t, plain.cookies, "member_session")
	assert.NotContains(t, plain.cookies, "__Host-member_session")
}

// TestCSRFTokenOfBeforeLoginIsRefusedAfterIt: the CSRF token is bound to the
// session; the one a visitor's pages carried before the login (which another
// person at the same browser, or a page that captured it, might hold) does not
// pass once logged in, nor after the logout.
func TestCSRFTokenOfBeforeLoginIsRefusedAfterIt(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	env.RegisterMember(t, "enterprise", "令牌安全公司", "csrf-rotate@example.com", "secret123")
	c := newClient(t, env)
	before := c.csrf()
	require.Equal(t, http.StatusSeeOther, c.webLogin(env, "令牌安全公司", "secret123").Status)
	after := c.csrf()
	require.NotEqual(t, before, after)

	res := c.postForm("/logout", url.Values{"csrf_token": {before}})
	assert.Equal(t, http.StatusForbidden, res.Status, "the token of before the login")
	assert.Equal(t, http.StatusOK, c.get("/member").Status, "nothing was done")
	require.Equal(t, http.StatusSeeOther, c.postForm("/logout", url.Values{"csrf_token": {after}}).Status)
	res = c.postForm("/password/forgot", url.Values{"csrf_token": {before}, "email": {"csrf-rotate@example.com"}})
	assert.Equal(t, http.StatusForbidden, res.Status, "nor after the logout")
}

// TestDataFilesAreTheOwnersOnly: the SQLite database and its -wal and -shm
// files are 0600, the files/ and mail/ folders 0700.
func TestDataFilesAreTheOwnersOnly(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	env.RegisterMember(t, "enterprise", "文件权限公司", "file-mode@example.com", "secret123")
	// The module is running: its connections keep the -wal and -shm files.
	db := filepath.Join(env.DataDir, "membership.db")
	for _, name := range []string{db, db + "-wal", db + "-shm"} {
		fi, err := os.Stat(name)
		require.NoError(t, err, name)
		assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), filepath.Base(name))
	}
	for _, dir := range []string{"files", "mail"} {
		fi, err := os.Stat(filepath.Join(env.DataDir, dir))
		require.NoError(t, err, dir)
		assert.Equal(t, os.FileMode(0o700), fi.Mode().Perm(), dir)
	}
}
