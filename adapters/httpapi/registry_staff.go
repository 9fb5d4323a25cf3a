package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
)

// memberEditRequest is the staff's 编辑资料 (schema MemberEdit).
type memberEditRequest struct {
	Version    int64                       `json:"version"`
	Name       string                      `json:"name"`
	Enterprise *application.EnterpriseForm `json:"enterprise"`
	Individual *application.IndividualForm `json:"individual"`
	Reason     string                      `json:"reason"`
}

// memberLevelRequest is 调整级别 (schema MemberLevelChange).
type memberLevelRequest struct {
	Level  string `json:"level"`
	DocNo  string `json:"doc_no"`
	Reason string `json:"reason"`
}

// memberStatusRequest is 暂停会籍 / 恢复会籍 (schema MemberStatusChange).
type memberStatusRequest struct {
	Reason string `json:"reason"`
}

// memberWithdrawRequest is 退会 (schema MemberWithdrawal).
type memberWithdrawRequest struct {
	Reason    string `json:"reason"`
	ByRequest bool   `json:"by_request"`
}

// memberEntryRequest is 新建会员 (schema MemberEntry).
type memberEntryRequest struct {
	Kind       string                      `json:"kind"`
	Name       string                      `json:"name"`
	Email      string                      `json:"email"`
	Level      string                      `json:"level"`
	Number     string                      `json:"number"`
	ValidFrom  string                      `json:"valid_from"`
	ValidUntil string                      `json:"valid_until"`
	DocNo      string                      `json:"doc_no"`
	Enterprise *application.EnterpriseForm `json:"enterprise"`
	Individual *application.IndividualForm `json:"individual"`
}

// memberEntryJSON is the member 新建会员 created (schema MemberEntryResult).
type memberEntryJSON struct {
	MemberID string `json:"member_id"`
}

// editMember is PATCH /members/{member_id}: the staff's edit with a reason;
// the version comes from If-Match (the ETag of GET /members/{member_id}) or
// the body. A stale version is 409 and nothing is saved. Answers the member.
func (a *API) editMember(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var in memberEditRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	if m := req.Header.Get("If-Match"); m != "" {
		v, err := strconv.ParseInt(strings.Trim(strings.TrimPrefix(strings.TrimSpace(m), "W/"), `"`), 10, 64)
		if err != nil {
			return apperr.FieldConflict("version", "stale_version", "该会员资料已被他人修改，请刷新后重试")
		}
		in.Version = v
	}
	if _, err := a.app.Commands.StaffEditMember.Handle(req.Context(), command.StaffEditMember{
		Principal: s.Principal, MemberID: req.Param("member_id"), Version: in.Version, Name: in.Name,
		Enterprise: in.Enterprise, Individual: in.Individual, Reason: in.Reason}); err != nil {
		return err
	}
	return a.getMember(w, req)
}

// changeMemberLevel is POST /members/{member_id}/level.
func (a *API) changeMemberLevel(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var in memberLevelRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	if err := a.app.Commands.ChangeMemberLevel.Handle(req.Context(), command.ChangeMemberLevel{
		Principal: s.Principal, MemberID: req.Param("member_id"), Level: in.Level, DocNo: in.DocNo,
		Reason: in.Reason}); err != nil {
		return err
	}
	return a.getMember(w, req)
}

// suspendMember is POST /members/{member_id}/suspend.
func (a *API) suspendMember(w http.ResponseWriter, req bunrouter.Request) error {
	return a.memberStatus(w, req, a.app.Commands.SuspendMember.Handle)
}

// reinstateMember is POST /members/{member_id}/reinstate.
func (a *API) reinstateMember(w http.ResponseWriter, req bunrouter.Request) error {
	return a.memberStatus(w, req, a.app.Commands.ReinstateMember.Handle)
}

// memberStatus runs a suspension or reinstatement and answers the member.
func (a *API) memberStatus(w http.ResponseWriter, req bunrouter.Request,
	handle func(context.Context, command.MemberStatusChange) error) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var in memberStatusRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	if err := handle(req.Context(), command.MemberStatusChange{Principal: s.Principal,
		MemberID: req.Param("member_id"), Reason: in.Reason}); err != nil {
		return err
	}
	return a.getMember(w, req)
}

// withdrawMember is POST /members/{member_id}/withdraw: 退会, at the member's
// request (by_request) or by the association's decision.
func (a *API) withdrawMember(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var in memberWithdrawRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	if err := a.app.Commands.WithdrawMember.Handle(req.Context(), command.WithdrawMember{
		MemberStatusChange: command.MemberStatusChange{Principal: s.Principal, MemberID: req.Param("member_id"),
			Reason: in.Reason}, ByRequest: in.ByRequest}); err != nil {
		return err
	}
	return a.getMember(w, req)
}

// createMember is POST /member-entries: 新建会员, a member entered by hand.
func (a *API) createMember(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var in memberEntryRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	var v apperr.Validation
	cmd := command.StaffCreateMember{Principal: s.Principal, Kind: in.Kind, Name: in.Name, Email: in.Email,
		Level: in.Level, Number: in.Number, DocNo: in.DocNo, Enterprise: in.Enterprise, Individual: in.Individual,
		ValidFrom: dayParam(&v, "valid_from", in.ValidFrom), ValidUntil: dayParam(&v, "valid_until", in.ValidUntil)}
	if err := v.Err(); err != nil {
		return err
	}
	id, err := a.app.Commands.StaffCreateMember.Handle(req.Context(), cmd)
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusCreated, memberEntryJSON{MemberID: id})
}

// dayParam reads a yyyy-mm-dd value (zero when empty).
func dayParam(v *apperr.Validation, field, s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		v.Add(field, "date_invalid", "日期格式应为 2024-03-01")
	}
	return t
}
