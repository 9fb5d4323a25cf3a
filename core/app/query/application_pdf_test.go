package query_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

func (e *env) applicationPDF(r ports.DocumentRenderer, p access.Principal, memberID string) (query.Document, error) {
	return query.NewApplicationPDFHandler(e.store.Members(), r, e.policy, "星河协会").Handle(e.ctx,
		query.ApplicationPDF{Principal: p, MemberID: memberID})
}

// A complete form renders as a PDF named after the form and the applicant,
// for its owner and for staff who read applications.
func TestApplicationPDF(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := &apptest.Renderer{}
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusDraft)

	doc, err := e.applicationPDF(r, apptest.MemberOf(m), "")
	require.NoError(t, err)
	assert.Equal(t, "星河协会单位会员入会申请表-星河科技有限公司.pdf", doc.FileName)
	assert.Equal(t, "application/pdf", doc.ContentType)
	assert.Equal(t, "%PDF-1.7 星河协会单位会员入会申请表", string(doc.Content))
	require.Len(t, r.Rendered(), 1)
	assert.Contains(t, r.Rendered()[0].Footer, "请打印后签字盖章")

	_, err = e.applicationPDF(r, apptest.StaffOf(access.RoleReviewer), m.ID())
	require.NoError(t, err)
}

// Refusals: an incomplete form, no renderer, a renderer that fails (its own
// user error passes through), another member's form, finance, nobody.
func TestApplicationPDFRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := &apptest.Renderer{}
	fresh := e.member(member.Individual, "张三", member.StatusRegistered)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusDraft)
	p := apptest.MemberOf(m)

	_, err := e.applicationPDF(r, apptest.MemberOf(fresh), "")
	wantErr(t, err, apperr.KindConflict, member.ErrFormIncomplete)
	_, err = e.applicationPDF(nil, p, "")
	wantErr(t, err, apperr.KindInternal, "pdf_unavailable")
	_, err = e.applicationPDF(&apptest.Renderer{Err: errors.New("font missing")}, p, "")
	wantErr(t, err, apperr.KindInternal, "pdf_failed")
	assert.ErrorContains(t, err, "font missing")
	_, err = e.applicationPDF(&apptest.Renderer{Err: apperr.Conflict("too_long", "内容过长")}, p, "")
	wantErr(t, err, apperr.KindConflict, "too_long")
	_, err = e.applicationPDF(r, apptest.MemberOf(fresh), m.ID())
	wantErr(t, err, apperr.KindNotFound, "not_found")
	_, err = e.applicationPDF(r, apptest.StaffOf(access.RoleFinance), m.ID())
	wantErr(t, err, apperr.KindForbidden, "forbidden")
	_, err = e.applicationPDF(r, access.Guest, m.ID())
	wantErr(t, err, apperr.KindUnauthorized, "login_required")
	assert.Empty(t, r.Rendered())
}
