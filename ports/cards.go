package ports

import "context"

// CardRepository keeps the version of each member's card (我的会员卡 / 会员证书):
// the verification links of a card carry its version, so a re-issued card
// revokes the links of the one before.
type CardRepository interface {
	// CardVersion returns the member's card version: 1 until it is re-issued.
	CardVersion(ctx context.Context, memberID string) (int, error)
	// ReissueCard moves the member's card to the next version and returns it;
	// it joins the transaction in ctx.
	ReissueCard(ctx context.Context, memberID string) (int, error)
}

// CardFormat is the file a card is downloaded as.
type CardFormat string

// The card's downloads.
const (
	CardPNG   CardFormat = "png" // an image of the card
	CardPDF   CardFormat = "pdf" // a card-size (85.6 × 54 mm) PDF
	CardA4PDF CardFormat = "a4"  // an A4 certificate PDF
)

// Valid reports whether f is one of the formats.
func (f CardFormat) Valid() bool { return f == CardPNG || f == CardPDF || f == CardA4PDF }

// CardDocument is a member's card or certificate to draw, in Chinese.
type CardDocument struct {
	Title       string // 会员卡 / 会员证书
	Association string // 中国质量协会
	// Logo is the association's logo (PNG or JPEG), nil for none.
	Logo      []byte
	Name      string
	Number    string
	KindLabel string // 单位会员 / 个人会员
	Level     string // 普通会员, 理事 …
	Validity  string // 2019-09-21 至 2020-09-20
	Status    string // 有效 / 已过期 …
	// VerifyURL is what the QR code carries: the public verification page.
	VerifyURL string
	Issued    string // the date printed, 2026-12-07
}

// CardRenderer draws members' cards and certificates.
type CardRenderer interface {
	// RenderCard returns the card as a PNG image or a PDF of the format.
	RenderCard(ctx context.Context, doc CardDocument, format CardFormat) ([]byte, error)
}
