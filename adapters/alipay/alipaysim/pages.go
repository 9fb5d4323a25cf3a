package alipaysim

import (
	"bytes"
	"html/template"
	"net/http"
)

// SandboxNotice is the banner every page of the simulator shows.
const SandboxNotice = "沙箱环境 — 不会产生真实扣款 / SANDBOX — no real money"

// field is a hidden input of the cashier's form.
type field struct{ Name, Value string }

// cashierData fills the cashier and the done page.
type cashierData struct {
	Subject    string
	Amount     string // yuan, two decimals
	OutTradeNo string
	AppID      string
	Fields     []field
}

// errorData fills the error page.
type errorData struct {
	Code    string
	Message string
}

const layoutHead = `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{block "title" .}}支付宝沙箱收银台{{end}}</title>
<style>
body{margin:0;font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Droid Sans Fallback",sans-serif;background:#f2f3f5;color:#333}
.sandbox{background:#c0392b;color:#fff;text-align:center;padding:10px;font-weight:bold;letter-spacing:1px}
header{background:#0958d9;color:#fff;padding:14px 24px;font-size:20px}
main{max-width:560px;margin:32px auto;background:#fff;border-radius:8px;padding:28px 32px;box-shadow:0 1px 4px rgba(0,0,0,.08)}
dl{display:grid;grid-template-columns:7em 1fr;gap:10px 12px;margin:0 0 24px}
dt{color:#5c6470}dd{margin:0;word-break:break-all}
.amount{font-size:32px;color:#b84a00;font-weight:bold}
button{background:#0958d9;color:#fff;border:0;border-radius:6px;font-size:18px;padding:12px 0;width:100%;cursor:pointer}
button:focus{outline:3px solid #ffb74d;outline-offset:2px}
.error h1{color:#c0392b;font-size:20px}
.note{color:#5c6470;font-size:13px;margin-top:18px}
</style></head><body>
<div class="sandbox" role="alert">` + SandboxNotice + `</div>
<header>支付宝沙箱收银台</header>
<main>`

const layoutFoot = `</main></body></html>`

var (
	cashierPage = template.Must(template.New("cashier").Parse(layoutHead + `
<h1 style="font-size:18px;margin-top:0">确认付款</h1>
<dl>
<dt>商品</dt><dd id="subject">{{.Subject}}</dd>
<dt>订单号</dt><dd id="out-trade-no">{{.OutTradeNo}}</dd>
<dt>收款方</dt><dd>沙箱商户（应用 {{.AppID}}）</dd>
<dt>付款金额</dt><dd class="amount" id="amount">¥{{.Amount}}</dd>
</dl>
<form method="post" action="">
{{range .Fields}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}<button type="submit" id="confirm-pay">确认付款</button>
</form>
<p class="note">这是模拟的支付宝网关：点击「确认付款」即视为付款成功，并向商户发送异步通知。不会产生真实扣款。</p>
` + layoutFoot))

	donePage = template.Must(template.New("done").Parse(layoutHead + `
<h1 style="font-size:18px;margin-top:0">付款成功</h1>
<dl>
<dt>商品</dt><dd>{{.Subject}}</dd>
<dt>订单号</dt><dd>{{.OutTradeNo}}</dd>
<dt>付款金额</dt><dd class="amount">¥{{.Amount}}</dd>
</dl>
<p class="note">商户未提供同步返回地址，您可以关闭此页面。</p>
` + layoutFoot))

	errorPage = template.Must(template.New("error").Parse(layoutHead + `
<div class="error">
<h1>支付请求有误</h1>
<dl>
<dt>错误代码</dt><dd id="error-code">{{.Code}}</dd>
<dt>错误原因</dt><dd id="error-message">{{.Message}}</dd>
</dl>
</div>
` + layoutFoot))
)

// render writes a page with headers that keep it self-contained.
func (s *Sim) render(w http.ResponseWriter, status int, t *template.Template, data any) {
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		http.Error(w, "alipaysim: "+err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	// No form-action: browsers apply it to the redirect after the form post,
	// which leads back to the merchant's return_url.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// errorPage shows a refused request as Alipay does: an error page with the code
// and the reason (HTTP 400).
func (s *Sim) errorPage(w http.ResponseWriter, e *simError) {
	s.render(w, http.StatusBadRequest, errorPage, errorData{Code: e.Code, Message: e.Message})
}
