package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/openassoc/membership/adapters/filemail"
)

// verifyLink finds the email verification link in a mail's text.
var verifyLink = regexp.MustCompile(`https?://\S+/email/verify\?token=(\S+)`)

// mailWait bounds the wait for the verification mail (memberd sends it in the
// background: the outbox relay, then the mail queue).
const mailWait = 30 * time.Second

// signUpVerifyAndLogIn is signUpAndLogIn, then verifyEmail: the member's
// address is verified with the link memberd mailed (as .eml files in mailDir),
// as applying needs.
func signUpVerifyAndLogIn(ctx context.Context, base, mailDir string, a account) (*session, error) {
	s, err := signUpAndLogIn(ctx, base, a)
	if err != nil {
		return nil, err
	}
	if err := verifyEmail(ctx, s, mailDir, a.Email); err != nil {
		return nil, err
	}
	return s, nil
}

// verifyEmail verifies the member's address as its owner would: it reads the
// verification mail memberd wrote to its data folder (mailDir, the embedded
// mailer's .eml files), opens the link's page and presses its button. memberd's
// BaseURL need not be this run's address: only the link's token is used.
func verifyEmail(ctx context.Context, s *session, mailDir, email string) error {
	token, err := awaitVerifyToken(ctx, mailDir, email)
	if err != nil {
		return err
	}
	page := "/email/verify?token=" + url.QueryEscape(token)
	status, body, _, err := s.do(ctx, http.MethodGet, page, nil, nil)
	if err != nil {
		return err
	}
	if status != http.StatusOK || !strings.Contains(body, "确认验证邮箱") {
		return fmt.Errorf("GET /email/verify: %d, no 确认验证邮箱 button", status)
	}
	status, body, _, err = s.postForm(ctx, "/email/verify", url.Values{"token": {token}})
	if err != nil {
		return err
	}
	if status != http.StatusOK || !strings.Contains(body, "邮箱验证成功") {
		return fmt.Errorf("POST /email/verify: %d, no 邮箱验证成功 in the page", status)
	}
	return nil
}

// awaitVerifyToken waits for a mail to email with a verification link and
// returns the link's token.
func awaitVerifyToken(ctx context.Context, mailDir, email string) (string, error) {
	deadline := time.Now().Add(mailWait)
	for {
		token, err := findVerifyToken(mailDir, email)
		if err != nil || token != "" {
			return token, err
		}
		if time.Now().After(deadline) {
			return "", fmt.Errorf("no verification mail to %s in %s within %s", email, mailDir, mailWait)
		}
		select {
		case <-time.After(50 * time.Millisecond):
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
}

// findVerifyToken returns the token of the first verification link mailed to
// email, or "" when there is none yet.
func findVerifyToken(mailDir, email string) (string, error) {
	files, err := filepath.Glob(filepath.Join(mailDir, "*"+filemail.Ext))
	if err != nil {
		return "", err
	}
	slices.Sort(files)
	for _, f := range files {
		msg, err := filemail.ReadFile(f)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return "", err
		}
		if !slices.ContainsFunc(msg.To, func(to string) bool { return strings.EqualFold(to, email) }) {
			continue
		}
		if m := verifyLink.FindStringSubmatch(msg.Text); m != nil {
			return url.QueryUnescape(m[1])
		}
	}
	return "", nil
}
