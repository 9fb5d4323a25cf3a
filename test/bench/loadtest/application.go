package main

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/openassoc/membership/core/domain/member/membertest"
)

// The enterprise application form (入会申请 step ②) and where 保存草稿 sends the
// browser back to.
const (
	appFormPath  = "/member/application/form"
	appSavedPath = appFormPath + "?done=saved"
)

// formControl matches a named control of a page's form (the buttons included).
var formControl = regexp.MustCompile(`<(?:input|select|textarea|button)\b[^>]*\sname="([^"]+)"`)

// draftBody is the urlencoded body a browser posts when the member presses
// 保存草稿 on the filled-in enterprise form: every field of membertest's complete
// sample form (for the organisation name), the CSRF token field and the button.
func draftBody(orgName, csrf string) url.Values {
	v := url.Values{}
	for _, f := range membertest.EnterpriseForm(orgName).Fields() {
		v.Set(f.Name, f.Value)
	}
	v.Set("csrf_token", csrf)
	v.Set("action", "save")
	return v
}

// formHeader is what a browser sends with the form's post: the site's cookies,
// the form content type and its same-origin fetch metadata.
func (s *session) formHeader() http.Header {
	h := s.memberHeader()
	h.Set("Content-Type", "application/x-www-form-urlencoded")
	h.Set("Origin", s.base)
	h.Set("Sec-Fetch-Site", "same-origin")
	return h
}

// checkDraftSave checks, before the attack, that the body is what the page's form
// posts (the same control names, no more, no fewer), that posting it answers 303
// to the saved form, and that the form page then shows the saved values.
func (s *session) checkDraftSave(ctx context.Context, body url.Values) error {
	status, page, _, err := s.do(ctx, http.MethodGet, appFormPath, nil, nil)
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		return fmt.Errorf("GET %s: %d, want 200", appFormPath, status)
	}
	var names []string
	for _, m := range formControl.FindAllStringSubmatch(page, -1) {
		if !slices.Contains(names, m[1]) {
			names = append(names, m[1])
		}
	}
	var posted []string
	for k := range body {
		posted = append(posted, k)
	}
	slices.Sort(names)
	slices.Sort(posted)
	if !slices.Equal(names, posted) {
		return fmt.Errorf("GET %s: the form's controls are %v, the load test posts %v", appFormPath, names, posted)
	}

	status, _, hdr, err := s.do(ctx, http.MethodPost, appFormPath, []byte(body.Encode()), s.formHeader())
	if err != nil {
		return err
	}
	if status != http.StatusSeeOther || hdr.Get("Location") != appSavedPath {
		return fmt.Errorf("POST %s (保存草稿): %d to %q, want 303 to %s", appFormPath, status, hdr.Get("Location"),
			appSavedPath)
	}
	status, page, _, err = s.do(ctx, http.MethodGet, appSavedPath, nil, nil)
	if err != nil {
		return err
	}
	if want := html.EscapeString(body.Get("uscc")); status != http.StatusOK || !strings.Contains(page, want) {
		return fmt.Errorf("GET %s: %d, the saved 统一社会信用代码 %s is not on the page", appSavedPath, status, want)
	}
	return nil
}
