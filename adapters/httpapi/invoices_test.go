package httpapi_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member/membertest"
)

const apiInvoicePDF = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\nstartxref\n9\n%%EOF\n"

// issueBody is the multipart body of finance's issue: the fields and one file.
func issueBody(t *testing.T, amount, name, content string) (string, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range map[string]string{"number": "24112000000012345678", "date": "2024-03-01", "amount_fen": amount} {
		require.NoError(t, mw.WriteField(k, v))
	}
	w, err := mw.CreateFormFile("file", name)
	require.NoError(t, err)
	_, err = w.Write([]byte(content))
	require.NoError(t, err)
	require.NoError(t, mw.Close())
	return b.String(), mw.FormDataContentType()
}

// Invoices through the API, every response checked against the document: the
// member sees its confirmed payment as invoiceable and requests the invoice
// (a wrong check character and a second request refused); finance lists the
// queue with counts, refuses an HTML page as the file, issues with a PDF
// (twice: 409), the member downloads it and another member gets 404; 红冲
// answers with the re-issue; a member may not list the queue.
func TestInvoicesThroughTheAPI(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	p, tok := a.approvedToken("enterprise", "api-inv@example.com", "接口开票公司")
	pid := a.env.PayByTransfer(t, p, "B-API-1")
	fin := a.staffToken("finance-inv", "finance")

	mine := a.do(call{Method: http.MethodGet, Path: "/me/invoices", Token: tok})
	require.Equal(t, http.StatusOK, mine.Status, string(mine.Body))
	assert.Len(t, mine.object()["invoiceable"], 1)

	body := map[string]any{"payment_id": pid, "title": "接口开票公司", "tax_id": membertest.ValidUSCC[:17] + "X",
		"kind": "plain", "email": "cw@example.com"}
	r := a.do(call{Method: http.MethodPost, Path: "/me/invoices", Token: tok, Body: body})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Contains(t, r.fields(), "tax_id")
	body["tax_id"] = membertest.ValidUSCC
	r = a.do(call{Method: http.MethodPost, Path: "/me/invoices", Token: tok, Body: body})
	require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
	id := r.str("id")
	assert.Equal(t, "pending", r.str("state"))
	r = a.do(call{Method: http.MethodPost, Path: "/me/invoices", Token: tok, Body: body})
	assert.Equal(t, http.StatusConflict, r.Status)

	q := a.do(call{Method: http.MethodGet, Path: "/invoices?tab=pending", Token: fin})
	require.Equal(t, http.StatusOK, q.Status, string(q.Body))
	assert.Equal(t, float64(1), q.object()["counts"].(map[string]any)["pending"])
	assert.Equal(t, http.StatusForbidden, a.do(call{Method: http.MethodGet, Path: "/invoices", Token: tok}).Status)

	raw, ct := issueBody(t, "500000", "fp.pdf", "<!DOCTYPE html><html></html>")
	r = a.do(call{Method: http.MethodPost, Path: "/invoices/" + id + "/issue", Token: fin, Raw: &raw, ContentType: ct})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Equal(t, "file_type", r.fields()["file"])
	raw, ct = issueBody(t, "500000", "fp.pdf", apiInvoicePDF)
	r = a.do(call{Method: http.MethodPost, Path: "/invoices/" + id + "/issue", Token: fin, Raw: &raw, ContentType: ct})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	r = a.do(call{Method: http.MethodPost, Path: "/invoices/" + id + "/issue", Token: fin, Raw: &raw, ContentType: ct})
	assert.Equal(t, http.StatusConflict, r.Status)

	file := a.do(call{Method: http.MethodGet, Path: "/invoices/" + id + "/file", Token: tok})
	require.Equal(t, http.StatusOK, file.Status)
	assert.Equal(t, apiInvoicePDF, string(file.Body))
	_, other := a.approvedToken("enterprise", "api-other@example.com", "别家接口公司")
	assert.Equal(t, http.StatusNotFound, a.do(call{Method: http.MethodGet, Path: "/invoices/" + id + "/file",
		Token: other}).Status)

	r = a.do(call{Method: http.MethodPost, Path: "/invoices/" + id + "/void", Token: fin,
		Body: map[string]any{"reason": "抬头有误"}})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	next := r.object()["invoice"].(map[string]any)
	assert.Equal(t, "pending", next["state"])
	assert.Equal(t, id, next["replaces"])
	assert.Len(t, r.object()["history"], 1, "the voided invoice is kept")
}

// 借发票 through the API: an amount other than the fee due is refused; the
// fee due is accepted and its stamped scan uploaded.
func TestAdvanceInvoiceThroughTheAPI(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	_, tok := a.approvedToken("enterprise", "api-adv@example.com", "接口借票公司")
	body := map[string]any{"title": "接口借票公司", "tax_id": membertest.ValidUSCC, "kind": "plain",
		"email": "cw@example.com", "amount_fen": 400000, "reason": "先开票", "expected_on": "2099-01-01",
		"contact": "李会计", "contact_phone": "13800138000"}
	r := a.do(call{Method: http.MethodPost, Path: "/me/advance-invoices", Token: tok, Body: body})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Equal(t, "amount_mismatch", r.fields()["amount"])
	body["amount_fen"] = 500000
	body["expected_on"] = a.env.App.Clock.Now().AddDate(0, 0, 10).Format("2006-01-02")
	r = a.do(call{Method: http.MethodPost, Path: "/me/advance-invoices", Token: tok, Body: body})
	require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
	id := r.str("id")
	assert.Equal(t, "requested", r.str("advance_state"))
	r = a.uploadTo("/me/advance-invoices/"+id+"/scan", tok, filePart{"scan", "scan.pdf", []byte(apiInvoicePDF)})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
}

// The admin reads and replaces 申请发票's notice; an empty title is refused;
// a member may not.
func TestInvoiceNoticeThroughTheAPI(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	admin := a.staffToken("admin-notice", "admin")
	r := a.do(call{Method: http.MethodGet, Path: "/settings/invoice-notice", Token: admin})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Contains(t, r.str("title"), "{年份}")
	r = a.do(call{Method: http.MethodPut, Path: "/settings/invoice-notice", Token: admin,
		Body: map[string]any{"title": "", "body": "正文"}})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	r = a.do(call{Method: http.MethodPut, Path: "/settings/invoice-notice", Token: admin,
		Body: map[string]any{"title": "{年份}年开票须知", "body": "第一段\n第二段"}})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, "{年份}年开票须知", r.str("title"))
	_, tok := a.approvedToken("enterprise", "notice-api@example.com", "须知公司")
	assert.Equal(t, http.StatusForbidden, a.do(call{Method: http.MethodGet, Path: "/settings/invoice-notice",
		Token: tok}).Status)
}
