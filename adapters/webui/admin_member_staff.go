package webui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/internal/httpkit"
)

// memberStaffView is what the member detail offers the staff member: the
// forms it may use, where they post and the level choices.
type memberStaffView struct {
	MemberID string
	Version  int64
	// EditURL opens 编辑资料 ("" when not allowed).
	EditURL string
	// LevelURL posts 调整级别 ("" when not allowed or not an enterprise).
	LevelURL string
	Levels   []application.Option
	// SuspendURL, ReinstateURL and WithdrawURL post the lifecycle changes the
	// member's status allows ("" otherwise).
	SuspendURL, ReinstateURL, WithdrawURL string
	StatusReason                          string
}

// Any reports whether any staff change is offered.
func (v memberStaffView) Any() bool {
	return v.EditURL != "" || v.LevelURL != "" || v.SuspendURL != "" || v.ReinstateURL != "" || v.WithdrawURL != ""
}

// memberStaffNotices are the flashes after a staff change (?done=…).
var memberStaffNotices = map[string]string{
	"edited":     "会员资料已修改，修改记录已写入会员动态和操作日志",
	"level":      "会员级别已调整，新级别自下一次缴费起生效，系统已通知该会员",
	"suspended":  "会籍已暂停，会员登录后可看到暂停原因",
	"reinstated": "会籍已恢复",
	"withdrawn":  "已办理退会",
	"created":    "会员已新建，会员可通过「忘记密码」设置登录密码",
}

// memberStaffOf decides the staff changes offered for the member.
func (u *UI) memberStaffOf(p access.Principal, a query.MemberAccount) memberStaffView {
	base := adminMembersPath + "/" + url.PathEscape(a.ID)
	v := memberStaffView{MemberID: a.ID, Version: a.Version, StatusReason: a.StatusReason}
	if ok, _ := u.app.Can(p, access.EditMember); ok {
		v.EditURL = base + "/edit"
	}
	if ok, _ := u.app.Can(p, access.ChangeMemberLevel); ok && a.Kind == member.Enterprise &&
		a.Status != member.StatusWithdrawn {
		v.LevelURL = base + "/level"
		for _, l := range u.app.Commands.ChangeMemberLevel.Levels() {
			v.Levels = append(v.Levels, application.Option{Code: string(l), Label: string(l)})
		}
	}
	if ok, _ := u.app.Can(p, access.ChangeMembershipStatus); ok {
		switch a.Status {
		case member.StatusActive, member.StatusExpiring, member.StatusLapsed:
			v.SuspendURL = base + "/suspend"
		case member.StatusSuspended:
			v.ReinstateURL = base + "/reinstate"
		}
		if a.Number != "" && a.Status != member.StatusWithdrawn && a.Status != member.StatusPaymentClaimed {
			v.WithdrawURL = base + "/withdraw"
		}
	}
	return v
}

// adminMemberLevel posts 调整级别.
func (u *UI) adminMemberLevel(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	f := newForm().set("level", req.PostFormValue("level")).set("doc_no", req.PostFormValue("doc_no")).
		set("level_reason", req.PostFormValue("level_reason"))
	err := u.app.Commands.ChangeMemberLevel.Handle(req.Context(), command.ChangeMemberLevel{
		Principal: sc.Session.Principal, MemberID: req.Param("id"), Level: f.Value("level"),
		DocNo: f.Value("doc_no"), Reason: f.Value("level_reason")})
	return u.memberStaffDone(w, req, sc, f, err, "level_", "level")
}

// adminMemberStatus posts 暂停会籍, 恢复会籍 or 退会 (action).
func (u *UI) adminMemberStatus(action string) func(http.ResponseWriter, bunrouter.Request, *staffCtx) error {
	return func(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
		field := action + "_reason"
		f := newForm().set(field, req.PostFormValue(field))
		cmd := command.MemberStatusChange{Principal: sc.Session.Principal, MemberID: req.Param("id"),
			Reason: f.Value(field)}
		var err error
		done := ""
		switch action {
		case "suspend":
			err, done = u.app.Commands.SuspendMember.Handle(req.Context(), cmd), "suspended"
		case "reinstate":
			err, done = u.app.Commands.ReinstateMember.Handle(req.Context(), cmd), "reinstated"
		default:
			byRequest := req.PostFormValue("by_request") == "1"
			err, done = u.app.Commands.WithdrawMember.Handle(req.Context(),
				command.WithdrawMember{MemberStatusChange: cmd, ByRequest: byRequest}), "withdrawn"
		}
		return u.memberStaffDone(w, req, sc, f, err, action+"_", done)
	}
}

// memberStaffDone redirects back to the member with the notice done, or shows
// the member again with the form's field-level errors; a field "reason" of the
// command is shown on the form's own reason field (prefix + "reason"), since
// several forms of the page ask for one.
func (u *UI) memberStaffDone(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, f *form, err error,
	prefix, done string) error {
	if err == nil {
		return redirectDone(w, req, adminMembersPath+"/"+url.PathEscape(req.Param("id")), done)
	}
	e := apperr.As(err)
	switch e.Kind {
	case apperr.KindInvalid, apperr.KindConflict:
	default:
		return u.showError(w, req, err)
	}
	c := *e
	c.Fields = append([]apperr.FieldError(nil), e.Fields...)
	for i := range c.Fields {
		if c.Fields[i].Field == "reason" {
			c.Fields[i].Field = prefix + "reason"
		}
	}
	f.fail(&c)
	p := u.newPage(w, req, "")
	p.Form = f
	return u.renderMemberDetail(w, req, sc, p, httpkit.Status(e.Kind))
}

// versionOf reads the hidden version field (0 when missing or malformed).
func versionOf(req bunrouter.Request) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(req.PostFormValue("version")), 10, 64)
	if err != nil {
		return 0
	}
	return n
}
