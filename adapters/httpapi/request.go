package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/openassoc/membership/core/apperr"
)

// maxBodyBytes bounds every request body.
const maxBodyBytes = 64 << 10

// decodeJSON reads the request body into dst: an application/json (UTF-8) body of
// at most 64 KiB holding exactly one JSON object whose fields dst knows.
// Everything else is a requestError.
func decodeJSON(w http.ResponseWriter, r *http.Request, dst any) error {
	if err := checkContentType(r.Header.Get("Content-Type")); err != nil {
		return err
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return decodeError(err)
		}
		return badRequest("请求体只能包含一个 JSON 对象", err)
	}
	return nil
}

// checkContentType accepts application/json with no charset or a UTF-8 one.
func checkContentType(ct string) error {
	if ct == "" {
		return badRequest("请求缺少 Content-Type，应为 application/json", nil)
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return badRequest("不支持的 Content-Type，应为 application/json", err)
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return badRequest("请求体必须使用 UTF-8 编码", nil)
	}
	return nil
}

// decodeError turns a json.Decoder error into a requestError with a Chinese
// message and, where the field is known, a field error.
func decodeError(err error) error {
	var (
		tooLarge  *http.MaxBytesError
		syntax    *json.SyntaxError
		typeError *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &tooLarge):
		return badRequest("请求体不能超过 64 KB", err)
	case errors.Is(err, io.EOF):
		return badRequest("请求体不能为空", err)
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("请求体不是有效的 JSON", err)
	case errors.As(err, &typeError):
		if typeError.Field == "" {
			return badRequest("请求体必须是一个 JSON 对象", err)
		}
		msg := fmt.Sprintf("字段 %s 的类型不正确", typeError.Field)
		return badRequest(msg, err, apperr.FieldError{Field: typeError.Field, Code: "wrong_type", Message: msg})
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		msg := "不支持的字段：" + name
		return badRequest(msg, err, apperr.FieldError{Field: name, Code: "unknown_field", Message: msg})
	}
	return badRequest("无法读取请求体", err)
}

// codeLoginRequired is the code of a request that carries no bearer token.
const codeLoginRequired = "login_required"

// bearerToken returns the token of an "Authorization: Bearer <token>" header.
func bearerToken(r *http.Request) (string, error) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", apperr.Unauthorized(codeLoginRequired, "请先登录")
	}
	return token, nil
}
