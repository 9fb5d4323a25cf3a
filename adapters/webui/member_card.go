package webui

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"

	qrcode "github.com/skip2/go-qrcode"
	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/internal/httpkit"
	"github.com/openassoc/membership/ports"
)

// The card's pages: 我的会员卡 (individuals) and 会员证书 (enterprises), its
// downloads and the re-issue.
const (
	cardDownloadPath = cardPath + "/download"
	cardReissuePath  = cardPath + "/reissue"
)

// cardView is the data of 我的会员卡 / 会员证书.
type cardView struct {
	query.MemberCardView
	LogoURL string
	// QR is the verification link's QR code as a data: URL (the page's
	// Content-Security-Policy allows data: images).
	QR       template.URL
	Reissued bool
}

// memberCard is 我的会员卡 of an individual or 会员证书 of an enterprise: name,
// number, level, validity, status, the association's name and logo and the QR
// code of the signed verification link, with the downloads and 重新签发.
// Members without a validity yet get the page's refusal.
func (u *UI) memberCard(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	c, err := u.app.Queries.MemberCard.Handle(req.Context(), query.MemberCard{Principal: mc.Session.Principal})
	if err != nil {
		return u.showError(w, req, err)
	}
	png, err := qrcode.Encode(c.VerifyURL, qrcode.Medium, 264)
	if err != nil {
		return u.showError(w, req, fmt.Errorf("webui: card QR code: %w", err))
	}
	p := u.newPage(w, req, "")
	v := cardView{MemberCardView: c, LogoURL: p.Site.LogoURL, Reissued: req.URL.Query().Get("reissued") == "1",
		QR: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))} // #nosec G203 -- our own PNG
	active := "card"
	if c.Certificate {
		active = "certificate"
	}
	p.Portal = u.memberPortal(mc, active)
	p.Data = v
	u.render(w, req, http.StatusOK, "member_card.html", p)
	return nil
}

// memberCardDownload sends the card as ?format=png, pdf (card size) or a4.
func (u *UI) memberCardDownload(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	doc, err := u.app.Queries.MemberCardFile.Handle(u.docContext(req.Request), query.MemberCardFile{
		Principal: mc.Session.Principal, Format: ports.CardFormat(req.URL.Query().Get("format"))})
	if err != nil {
		return u.showError(w, req, err)
	}
	fallback := "card.pdf"
	if doc.ContentType == "image/png" {
		fallback = "card.png"
	}
	return writeFile(w, doc.ContentType, httpkit.ContentDisposition("attachment", doc.FileName, fallback),
		int64(len(doc.Content)), bytes.NewReader(doc.Content))
}

// memberCardReissue is 重新签发: the old card's QR links stop working.
func (u *UI) memberCardReissue(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	_, err := u.app.Commands.ReissueCard.Handle(req.Context(), command.ReissueCard{Principal: mc.Session.Principal})
	if err != nil {
		return u.showError(w, req, err)
	}
	http.Redirect(w, req.Request, cardPath+"?reissued=1", http.StatusSeeOther)
	return nil
}
