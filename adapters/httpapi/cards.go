package httpapi

import (
	"bytes"
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/internal/httpkit"
	"github.com/openassoc/membership/ports"
)

// memberCardJSON is 我的会员卡 / 会员证书 (schema MemberCard).
type memberCardJSON struct {
	Certificate bool   `json:"certificate"`
	Title       string `json:"title"`
	Association string `json:"association"`
	Name        string `json:"name"`
	Number      string `json:"number"`
	KindLabel   string `json:"kind_label"`
	Level       string `json:"level"`
	ValidFrom   string `json:"valid_from"`
	ValidUntil  string `json:"valid_until"`
	Status      string `json:"status"`
	StatusLabel string `json:"status_label"`
	Valid       bool   `json:"valid"`
	Version     int    `json:"version"`
	VerifyURL   string `json:"verify_url"`
}

func newMemberCard(v query.MemberCardView) memberCardJSON {
	return memberCardJSON{Certificate: v.Certificate, Title: v.Title, Association: v.Association, Name: v.Name,
		Number: v.Number, KindLabel: v.KindLabel, Level: v.Level, ValidFrom: v.ValidFrom, ValidUntil: v.ValidUntil,
		Status: v.Status, StatusLabel: v.StatusLabel, Valid: v.Valid, Version: v.Version, VerifyURL: v.VerifyURL}
}

// cardVerificationJSON is the public answer of a card's QR link (schema
// CardVerification): public fields only.
type cardVerificationJSON struct {
	Valid       bool             `json:"valid"`
	Certificate bool             `json:"certificate"`
	Member      publicMemberJSON `json:"member"`
}

// getMyCard is GET /me/card.
func (a *API) getMyCard(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	v, err := a.app.Queries.MemberCard.Handle(req.Context(), query.MemberCard{Principal: p})
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusOK, newMemberCard(v))
}

// getMyCardFile is GET /me/card/file?format=png|pdf|a4.
func (a *API) getMyCardFile(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	doc, err := a.app.Queries.MemberCardFile.Handle(req.Context(), query.MemberCardFile{Principal: p,
		Format: ports.CardFormat(req.URL.Query().Get("format"))})
	if err != nil {
		return err
	}
	fallback := "card.pdf"
	if doc.ContentType == "image/png" {
		fallback = "card.png"
	}
	writeBinary(w, doc.ContentType, httpkit.ContentDisposition("attachment", doc.FileName, fallback),
		int64(len(doc.Content)), bytes.NewReader(doc.Content))
	return nil
}

// reissueMyCard is POST /me/card/reissue: the old card's links stop working.
func (a *API) reissueMyCard(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	if _, err := a.app.Commands.ReissueCard.Handle(req.Context(), command.ReissueCard{Principal: p}); err != nil {
		return err
	}
	v, err := a.app.Queries.MemberCard.Handle(req.Context(), query.MemberCard{Principal: p})
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusOK, newMemberCard(v))
}

// verifyCard is GET /public/card-verifications/{token}: the card's QR link
// checked; a forged, tampered or re-issued one is 404 card_invalid.
func (a *API) verifyCard(w http.ResponseWriter, req bunrouter.Request) error {
	v, err := a.app.Queries.CardVerification.Handle(req.Context(), query.CardVerification{Token: req.Param("token")})
	if err != nil {
		return err
	}
	m := v.Member
	w.Header().Set("Cache-Control", "no-store")
	return a.ok(w, http.StatusOK, cardVerificationJSON{Valid: v.Valid, Certificate: v.Certificate,
		Member: publicMemberJSON{Number: m.Number, Name: m.Name, Kind: string(m.Kind), KindLabel: m.KindLabel,
			Level: m.Level, ValidFrom: optional(m.ValidFrom), ValidUntil: optional(m.ValidUntil), Status: m.Status,
			StatusLabel: m.StatusLabel}})
}
