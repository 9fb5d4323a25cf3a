// Package webui is the server-rendered web application of the membership system:
// the public pages, member login and registration, the member portal and the
// back-office login, in Simplified Chinese with the strings of the member manual.
//
// Templates and static files are embedded and parsed once at start-up; static files
// are served under checksummed, immutable URLs. Every state-changing request is
// guarded against cross-site request forgery twice: a double-submit token and
// net/http's cross-origin protection. Errors of the core are mapped to HTTP status
// codes and pages in exactly one place (errors.go).
//
// The UI must be mounted at the root of a bunrouter router: build the router with
// [UI.RouterOptions] (custom 404/405 pages) after the shared middleware
// (httpmw.Chain), then call [UI.Register].
package webui
