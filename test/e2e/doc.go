// Package e2e holds the real-browser end-to-end tests of the web app: a headless
// Debian chromium driven with chromedp against the module served by httptest.
//
// Run them with `make e2e` (which installs chromium when it is missing) or
// `go test -count=1 -v ./test/e2e/...`. Under `go test -short` they skip; without
// /usr/bin/chromium they skip with a message, or fail when the environment
// variable CI is set. Screenshots of the main steps are written to
// test/e2e/artifacts/ (git-ignored).
package e2e
