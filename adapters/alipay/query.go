package alipay

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/openassoc/membership/adapters/alipay/internal/alipaysign"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/ports"
)

// queryResponseKey is the node of alipay.trade.query's response that is signed.
const queryResponseKey = "alipay_trade_query_response"

// maxResponse bounds a gateway response body.
const maxResponse = 1 << 20

// queryResponse is the part of alipay.trade.query's response this adapter uses.
type queryResponse struct {
	Code        string `json:"code"`
	Msg         string `json:"msg"`
	SubCode     string `json:"sub_code"`
	SubMsg      string `json:"sub_msg"`
	TradeNo     string `json:"trade_no"`
	OutTradeNo  string `json:"out_trade_no"`
	TradeStatus string `json:"trade_status"`
	TotalAmount string `json:"total_amount"`
	BuyerUserID string `json:"buyer_user_id"`
	BuyerOpenID string `json:"buyer_open_id"`
	SendPayDate string `json:"send_pay_date"`
}

// QueryTrade asks the gateway (alipay.trade.query, server to server, bounded by
// Config.Timeout) for the state of our order outTradeNo — for when a
// notification is late or a member asks. The response's signature is verified
// with Alipay's public key like a notification (CodeBadSignature). An order
// Alipay does not know (the member never paid or even opened the cashier) is an
// apperr NotFound error (CodeTradeNotFound); a failed call is an Internal error
// (CodeGateway). AppID of the result is ours: the query went to our app.
func (g *Gateway) QueryTrade(ctx context.Context, outTradeNo string) (ports.GatewayPayment, error) {
	if outTradeNo == "" || len(outTradeNo) > maxOutTradeNo {
		return ports.GatewayPayment{}, badOrder("订单号不能为空且不能超过64个字符")
	}
	biz, err := marshalJSON(struct {
		OutTradeNo string `json:"out_trade_no"`
	}{outTradeNo})
	if err != nil {
		return ports.GatewayPayment{}, apperr.Internal(err)
	}
	params, err := g.signedRequest(MethodTradeQuery, biz, nil)
	if err != nil {
		return ports.GatewayPayment{}, apperr.Internal(err)
	}
	form := url.Values{}
	for k, v := range params {
		form.Set(k, v)
	}
	ctx, cancel := context.WithTimeout(ctx, g.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, g.gatewayURL.String(), strings.NewReader(form.Encode()))
	if err != nil {
		return ports.GatewayPayment{}, gatewayError(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
	resp, err := g.client.Do(req)
	if err != nil {
		return ports.GatewayPayment{}, gatewayError(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse+1))
	if err != nil {
		return ports.GatewayPayment{}, gatewayError(err)
	}
	if resp.StatusCode != http.StatusOK || len(body) > maxResponse {
		return ports.GatewayPayment{}, gatewayError(fmt.Errorf("HTTP %d, %d bytes", resp.StatusCode, len(body)))
	}
	r, err := g.verifyResponse(body, queryResponseKey)
	if err != nil {
		return ports.GatewayPayment{}, err
	}
	var q queryResponse
	if err := json.Unmarshal(r, &q); err != nil {
		return ports.GatewayPayment{}, gatewayError(err)
	}
	switch {
	case q.Code == "10000":
	case q.SubCode == "ACQ.TRADE_NOT_EXIST":
		return ports.GatewayPayment{}, &apperr.Error{Kind: apperr.KindNotFound, Code: CodeTradeNotFound,
			Message: "支付宝没有这笔交易", Err: fmt.Errorf("%s %s", q.SubCode, q.SubMsg)}
	default:
		return ports.GatewayPayment{}, gatewayError(fmt.Errorf("%s %s %s %s", q.Code, q.Msg, q.SubCode, q.SubMsg))
	}
	if q.OutTradeNo != outTradeNo {
		return ports.GatewayPayment{}, badMessage("out_trade_no " + q.OutTradeNo + " answers " + outTradeNo)
	}
	p := map[string]string{"out_trade_no": q.OutTradeNo, "trade_no": q.TradeNo, "app_id": g.appID,
		"trade_status": q.TradeStatus, "total_amount": q.TotalAmount, "buyer_id": q.BuyerUserID,
		"buyer_open_id": q.BuyerOpenID}
	pay, err := g.payment(p)
	if err != nil {
		return ports.GatewayPayment{}, err
	}
	if q.SendPayDate != "" && pay.Paid {
		if t, err := time.ParseInLocation(alipaysign.TimeLayout, q.SendPayDate, alipaysign.Beijing); err == nil {
			pay.PaidAt = t
		}
	}
	return pay, nil
}

// verifyResponse checks the signature of a gateway response: sign is over the
// exact bytes of the JSON value of key, as sent.
func (g *Gateway) verifyResponse(body []byte, key string) (json.RawMessage, error) {
	var top map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&top); err != nil {
		return nil, gatewayError(err)
	}
	raw, ok := top[key]
	if !ok {
		return nil, gatewayError(fmt.Errorf("no %s in the response", key))
	}
	var sign string
	if s, ok := top["sign"]; ok {
		if err := json.Unmarshal(s, &sign); err != nil {
			return nil, badSignature(err)
		}
	}
	if sign == "" {
		return nil, badSignature(errors.New("response sign missing"))
	}
	if err := alipaysign.VerifyBytes(g.alipayKey, raw, sign); err != nil {
		return nil, badSignature(err)
	}
	return raw, nil
}

func gatewayError(cause error) error {
	return &apperr.Error{Kind: apperr.KindInternal, Code: CodeGateway,
		Message: "暂时无法连接支付宝，请稍后再试", Err: cause}
}
