package httpapi

import (
	"log/slog"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOpenAPIDocumentShape(t *testing.T) {
	t.Parallel()
	d := LoadDoc(t)
	assert.True(t, strings.HasPrefix(d.Raw["openapi"].(string), "3.1."), "OpenAPI 3.1")
	info := Obj(d.Raw["info"])
	assert.NotEmpty(t, info["title"])
	assert.NotEmpty(t, info["version"])
	assert.Contains(t, info["description"], "CSRF", "the description explains why no CSRF token is needed")
	assert.Equal(t, "/api/v1", Obj(d.Raw["servers"].([]any)[0])["url"])

	bearer := Obj(Obj(Obj(d.Raw["components"])["securitySchemes"])["bearerAuth"])
	assert.Equal(t, "http", bearer["type"])
	assert.Equal(t, "bearer", bearer["scheme"])

	// Every $ref resolves.
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"]; ok {
				_, err := d.Resolve(x)
				assert.NoError(t, err, "ref %v", ref)
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(d.Raw)

	ids := map[string]bool{}
	for _, key := range d.Operations() {
		method, path, _ := strings.Cut(key, " ")
		op := d.Operation(method, path)
		id, _ := op["operationId"].(string)
		assert.NotEmpty(t, id, key)
		assert.False(t, ids[id], "operationId %s is unique", id)
		ids[id] = true
		assert.NotEmpty(t, op["summary"], key)
		assert.NotEmpty(t, op["description"], key)
		_, hasSecurity := op["security"]
		assert.True(t, hasSecurity, "%s states its security (empty for public operations)", key)
		responses := Obj(op["responses"])
		has2xx := false
		for code := range responses {
			has2xx = has2xx || strings.HasPrefix(code, "2")
		}
		assert.True(t, has2xx, "%s documents a success response", key)
		if path != "/openapi.json" {
			assert.Contains(t, responses, "500", key)
		}
		if sec, _ := op["security"].([]any); len(sec) > 0 {
			assert.Contains(t, Obj(sec[0]), "bearerAuth", key)
			assert.Contains(t, responses, "401", "%s needs a token, so documents 401", key)
		}
		if rb := Obj(op["requestBody"]); rb != nil {
			assert.Contains(t, responses, "400", "%s reads a body, so documents 400", key)
			content := Obj(rb["content"])
			if mp := Obj(content["multipart/form-data"]); mp != nil {
				assert.Contains(t, responses, "413", "%s takes an upload, so documents 413", key)
				continue
			}
			schema, err := d.Resolve(Obj(content["application/json"])["schema"])
			require.NoError(t, err, key)
			assert.Equal(t, false, schema["additionalProperties"], "%s refuses unknown fields", key)
		}
	}
}

// TestRoutesMatchDocument checks the route table Register mounts against the
// document, both ways.
func TestRoutesMatchDocument(t *testing.T) {
	t.Parallel()
	d := LoadDoc(t)
	var registered []string
	param := regexp.MustCompile(`:([a-z_]+)`)
	for _, r := range New(nil, slog.New(slog.DiscardHandler)).routes() {
		registered = append(registered, r.method+" "+param.ReplaceAllString(r.path, "{$1}"))
	}
	sort.Strings(registered)
	assert.Equal(t, d.Operations(), registered)
}

// TestRequestSchemasMatchStructs checks each documented request body against the
// Go type the handler decodes into: the same JSON fields and JSON types.
func TestRequestSchemasMatchStructs(t *testing.T) {
	t.Parallel()
	d := LoadDoc(t)
	bodies := map[string]any{
		"POST /captcha":                             issueCaptchaRequest{},
		"POST /captcha/verify":                      verifyCaptchaRequest{},
		"POST /members":                             registerRequest{},
		"POST /sessions":                            loginRequest{},
		"POST /staff/sessions":                      staffLoginRequest{},
		"PUT /me/password":                          changePasswordRequest{},
		"POST /password-resets":                     resetRequest{},
		"POST /password-resets/confirm":             resetConfirmRequest{},
		"POST /email-verifications/confirm":         verifyEmailRequest{},
		"PUT /me/application":                       applicationDraftRequest{},
		"POST /me/application/submit":               submitRequest{},
		"POST /me/notifications/read":               markReadRequest{},
		"POST /applications/{member_id}/reject":     rejectRequest{},
		"POST /payments/{payment_id}/confirm":       confirmPaymentRequest{},
		"POST /payments/{payment_id}/reject":        rejectRequest{},
		"POST /payments/{payment_id}/refunded":      refundedRequest{}, // the money cases
		"POST /statements/{statement_id}/confirm":   confirmStatementRequest{},
		"POST /statement-lines/{line_id}/assign":    assignLineRequest{},
		"POST /memberships/approve":                 approveMembershipsRequest{},
		"PUT /settings/fees":                        feeSettingsRequest{},
		"POST /me/invoices":                         invoiceRequest{},
		"POST /me/contacts":                         contactRequest{},
		"PUT /me/contacts/{contact_id}":             contactRequest{},
		"POST /me/advance-invoices":                 advanceRequest{},
		"POST /invoices/{invoice_id}/return":        reasonRequest{},
		"POST /invoices/{invoice_id}/void":          reasonRequest{},
		"POST /invoices/{invoice_id}/write-off":     reasonRequest{},
		"PUT /settings/invoice-notice":              invoiceNoticeJSON{},
		"POST /articles":                            articleRequest{},
		"PUT /articles/{article_id}":                articleRequest{},
		"POST /articles/{article_id}/status":        articleStatusRequest{},
		"PUT /settings/site":                        siteSettingsJSON{},
		"POST /bulk-notices":                        bulkNoticeRequest{},
		"POST /submissions/{submission_id}/approve": approveSubmissionRequest{},
		"POST /submissions/{submission_id}/reject":  rejectRequest{},
		// The registry's staff changes.
		"PATCH /members/{member_id}":          memberEditRequest{},
		"POST /members/{member_id}/level":     memberLevelRequest{},
		"POST /members/{member_id}/suspend":   memberStatusRequest{},
		"POST /members/{member_id}/reinstate": memberStatusRequest{},
		"POST /members/{member_id}/withdraw":  memberWithdrawRequest{},
		"POST /member-entries":                memberEntryRequest{},
		"POST /members/export-selected":       exportSelectedRequest{},
		"POST /export-jobs":                   exportJobRequest{},

		"POST /staff-accounts":                    createStaffRequest{},
		"PUT /staff-accounts/{staff_id}/role":     staffRoleRequest{},
		"PUT /staff-accounts/{staff_id}/password": staffPasswordRequest{},

		"POST /members/{member_id}/account-help/email": memberEmailRequest{},
		"POST /email-changes/confirm":                  emailChangeConfirmRequest{},

		"POST /info-changes/{change_id}/reject": reasonRequest{}, // 信息变更
		// 完善理事资料.
		"PUT /me/council/contact":              councilContactJSON{},
		"PUT /me/council/forms/{kind}":         councilFormRequest{},
		"POST /council-forms/{form_id}/return": reasonRequest{},
	}
	bodies["PUT /settings/site/texts"] = siteTextsJSON{} // 文字替换
	// Uploads are multipart: their parts are documented, not decoded into a type.
	uploads := map[string]string{"POST /me/application/scan": "scan", "POST /me/fees/voucher": "voucher",
		"POST /statements": "statement", "POST /me/advance-invoices/{invoice_id}/scan": "scan",
		"POST /invoices/{invoice_id}/issue": "file",
		"POST /me/info-changes":             "proof"}
	uploads["POST /me/submissions"] = "file"                                    // 企业投稿 (issue 13)
	uploads["POST /imports/preview"], uploads["POST /imports"] = "file", "file" // 导入老会员
	for _, key := range d.Operations() {
		method, path, _ := strings.Cut(key, " ")
		rb := Obj(d.Operation(method, path)["requestBody"])
		if part, ok := uploads[key]; ok {
			mp := Obj(Obj(rb["content"])["multipart/form-data"])
			require.NotNil(t, mp, "%s documents its multipart body", key)
			assert.Contains(t, Obj(Obj(mp["schema"])["properties"]), part, key)
			continue
		}
		v, ok := bodies[key]
		if !assert.Equal(t, ok, rb != nil, "%s: request body documented iff decoded", key) || !ok {
			continue
		}
		schema, err := d.Resolve(Obj(Obj(rb["content"])["application/json"])["schema"])
		require.NoError(t, err)
		props := Obj(schema["properties"])
		typ := reflect.TypeOf(v)
		var names []string
		for i := range typ.NumField() {
			f := typ.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			names = append(names, name)
			ps, err := d.Resolve(props[name])
			if !assert.NoError(t, err, "%s: field %s documented", key, name) {
				continue
			}
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			want := map[reflect.Kind]string{reflect.String: "string", reflect.Int: "integer",
				reflect.Int64: "integer", reflect.Bool: "boolean", reflect.Struct: "object",
				reflect.Slice: "array", reflect.Map: "object"}[ft.Kind()]
			assert.Equal(t, want, ps["type"], "%s: type of %s", key, name)
		}
		var documented []string
		for k := range props {
			documented = append(documented, k)
		}
		assert.ElementsMatch(t, documented, names, key)
	}
}
