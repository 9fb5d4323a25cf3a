package webui

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/internal/httpkit"
)

// This file is the one place where errors become HTTP statuses and user messages.

// errMethod is a request with a method the route does not take.
var errMethod = errors.New("method not allowed")

// Messages of the errors the web layer itself raises.
const (
	msgCSRF     = "请求已失效，请刷新页面后重试"
	msgNotFound = "页面不存在"
	msgMethod   = "请求方法不被允许"
	msgInternal = "系统繁忙，请稍后再试"
)

// jsonStatusFor maps an error kind to the status of a JSON answer: bad input is a
// plain 400 there; the rest as pages (httpkit.Status).
func jsonStatusFor(k apperr.Kind) int {
	if k == apperr.KindInvalid {
		return http.StatusBadRequest
	}
	return httpkit.Status(k)
}

// titleFor is the heading of an error page.
func titleFor(status int) string {
	switch status {
	case http.StatusForbidden:
		return "无权访问"
	case http.StatusNotFound:
		return msgNotFound
	case http.StatusMethodNotAllowed:
		return msgMethod
	case http.StatusConflict:
		return "操作冲突"
	case http.StatusTooManyRequests:
		return "操作过于频繁"
	case http.StatusUnprocessableEntity, http.StatusBadRequest:
		return "提交的信息有误"
	}
	return "系统繁忙"
}

// errorView is the data of the error page.
type errorView struct {
	Status    int
	Title     string
	Message   string
	RequestID string
}

// showError answers a page request that failed: Unauthorized goes to the login
// page, everything else gets the error page with its status. Internal errors are
// logged with the request id, which the page shows.
func (u *UI) showError(w http.ResponseWriter, req bunrouter.Request, err error) error {
	if httpmw.ClientGone(req.Request) { // nobody reads the page: no 500, no error line
		httpmw.AnswerClientGone(w)
		return nil
	}
	ev := errorView{RequestID: httpmw.RequestID(req.Context())}
	switch {
	case errors.Is(err, errCSRF):
		ev.Status, ev.Title, ev.Message = http.StatusForbidden, "请求已失效", msgCSRF
	case errors.Is(err, errMethod):
		ev.Status, ev.Message = http.StatusMethodNotAllowed, msgMethod
	default:
		e := apperr.As(err)
		if e.Kind == apperr.KindUnauthorized {
			if u.sessionToken(req.Request) != "" {
				u.clearSessionCookie(w, req)
			}
			return redirect(w, req, loginURL(req))
		}
		ev.Status, ev.Message = httpkit.Status(e.Kind), e.Message
		switch e.Kind {
		case apperr.KindInternal:
			ev.Message = msgInternal
			httpmw.Logger(req.Context(), u.log).Error("request failed", "err", err,
				"method", req.Method, "path", req.URL.Path)
		case apperr.KindThrottled:
			httpkit.SetRetryAfter(w, e.RetryAfter)
		case apperr.KindNotFound:
			if ev.Message == "" {
				ev.Message = msgNotFound
			}
		}
	}
	if ev.Title == "" {
		ev.Title = titleFor(ev.Status)
	}
	if pt := u.errorPortal(req, ev.Status); pt != nil {
		p := u.newPage(w, req, "")
		p.Portal, p.Data = pt, ev
		u.render(w, req, ev.Status, "error_portal.html", p)
		return nil
	}
	p := u.publicPage(w, req, "")
	p.Data = ev
	u.render(w, req, ev.Status, "error.html", p)
	return nil
}

// formFailed answers a form whose command failed. Input errors (Invalid, a
// Conflict, Throttled) re-render the form with the messages, under their fields
// where they have one; anything else is showError's.
func (u *UI) formFailed(w http.ResponseWriter, req bunrouter.Request, err error, name string, p *page) error {
	e := apperr.As(err)
	switch e.Kind {
	case apperr.KindInvalid, apperr.KindConflict, apperr.KindThrottled:
	default:
		return u.showError(w, req, err)
	}
	if p.Form == nil {
		p.Form = newForm()
	}
	p.Form.fail(e)
	if e.Kind == apperr.KindThrottled && e.RetryAfter > 0 {
		httpkit.SetRetryAfter(w, e.RetryAfter)
		p.Form.Message = fmt.Sprintf("%s（%s 后可重试）", p.Form.Message, u.now().Add(e.RetryAfter).Format("15:04"))
	}
	u.render(w, req, httpkit.Status(e.Kind), name, p)
	return nil
}

// jsonError is the body of a failed JSON request.
type jsonError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// writeJSONError answers a JSON request that failed.
func (u *UI) writeJSONError(w http.ResponseWriter, req bunrouter.Request, err error) error {
	if httpmw.ClientGone(req.Request) {
		httpmw.AnswerClientGone(w)
		return nil
	}
	var body jsonError
	status := http.StatusForbidden
	if errors.Is(err, errCSRF) {
		body.Error.Code, body.Error.Message = "csrf_failed", msgCSRF
	} else {
		e := apperr.As(err)
		status = jsonStatusFor(e.Kind)
		body.Error.Code, body.Error.Message = e.Code, e.Message
		switch e.Kind {
		case apperr.KindInternal:
			body.Error.Message = msgInternal
			httpmw.Logger(req.Context(), u.log).Error("request failed", "err", err,
				"method", req.Method, "path", req.URL.Path)
		case apperr.KindThrottled:
			httpkit.SetRetryAfter(w, e.RetryAfter)
		}
	}
	body.Error.Message = u.t(req.Request, body.Error.Message) // in the page's language, like the page
	return writeJSON(w, status, body)
}

// writeJSON writes a JSON answer that no cache keeps.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(b)
	return nil
}

// NotFound is the router's 404 handler: the 「页面不存在」 page. Give it to
// bunrouter.WithNotFoundHandler.
func (u *UI) NotFound(w http.ResponseWriter, req bunrouter.Request) error {
	return u.showError(w, req, apperr.NotFound("page_not_found", msgNotFound))
}

// MethodNotAllowed is the router's 405 handler. Give it to
// bunrouter.WithMethodNotAllowedHandler.
func (u *UI) MethodNotAllowed(w http.ResponseWriter, req bunrouter.Request) error {
	return u.showError(w, req, errMethod)
}

// now is the application's time in the association's time zone.
func (u *UI) now() time.Time {
	if u.app.Clock == nil {
		return time.Now().In(u.cfg.Location)
	}
	return u.app.Clock.Now().In(u.cfg.Location)
}
