package query

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/openassoc/membership/core/app/sitesettings"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/card"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/site"
	"github.com/openassoc/membership/ports"
)

// CardVerifyPath is the public verification page of a card: the QR code
// carries CardVerifyPath + the signed token.
const CardVerifyPath = "/members/verify/"

// cardKeySetting is the settings key of the card key the core generates when
// none is configured (shared by every instance through the database).
const cardKeySetting = "card.signing_key"

// PublicSuspended is the public status of a suspended member on its card's
// verification page (已暂停).
const PublicSuspended = "suspended"

// CardDeps are the ports of the card (我的会员卡, 会员证书) and its verification.
type CardDeps struct {
	Members ports.MemberRepository
	Cards   ports.CardRepository
	// Settings keeps the generated card key when Key is empty.
	Settings ports.Settings
	Tx       ports.Transactor
	// Renderer draws the downloads; nil offers none.
	Renderer ports.CardRenderer
	Site     *sitesettings.Source
	Files    ports.FileStore
	Authz    ports.Authorizer
	Clock    ports.Clock
	Loc      *time.Location
	// BaseURL makes the QR code's link absolute.
	BaseURL string
	// Key is the configured card key; empty: one generated at first use and
	// kept in Settings.
	Key []byte
}

// MemberCard asks for the principal's own card (individuals) or certificate
// (enterprises).
type MemberCard struct {
	Principal access.Principal
}

// MemberCardView is the card as its holder sees it.
type MemberCardView struct {
	MemberID    string
	Certificate bool   // an enterprise's 会员证书
	Title       string // 我的会员卡 / 会员证书
	Association string
	HasLogo     bool
	Name        string
	Number      string
	KindLabel   string
	Level       string
	ValidFrom   string // 2019-09-21
	ValidUntil  string // 2020-09-20
	Status      string // PublicActive, PublicLapsed, PublicWithdrawn, PublicSuspended
	StatusLabel string // 有效 / 已过期 / 已退会 / 已暂停
	Valid       bool   // valid today
	Version     int
	VerifyPath  string // CardVerifyPath + token
	VerifyURL   string // absolute
}

// Validity is 「2019-09-21 至 2020-09-20」.
func (v MemberCardView) Validity() string {
	if v.ValidFrom == "" {
		return v.ValidUntil
	}
	return fmt.Sprintf("%s 至 %s", v.ValidFrom, v.ValidUntil)
}

// MemberCardHandler serves the card page.
type MemberCardHandler struct{ d CardDeps }

// NewMemberCardHandler builds the handler.
func NewMemberCardHandler(d CardDeps) *MemberCardHandler { return &MemberCardHandler{d: d} }

// Handle returns the card of a member with a number and a validity (approved
// by the secretariat); before that it is NotFound (card_not_found).
func (h *MemberCardHandler) Handle(ctx context.Context, q MemberCard) (MemberCardView, error) {
	return h.d.ownCard(ctx, q.Principal)
}

// ownCard authorizes the holder (card:read for individuals, certificate:read
// for enterprises) and builds its card.
func (d CardDeps) ownCard(ctx context.Context, pr access.Principal) (MemberCardView, error) {
	action := access.ReadOwnCertificate
	if pr.Role == access.RoleIndividual {
		action = access.ReadOwnCard
	}
	if err := access.Authorize(d.Authz, pr, action, pr.ID); err != nil {
		return MemberCardView{}, err
	}
	m, err := d.Members.Get(ctx, pr.ID)
	if err != nil {
		return MemberCardView{}, err
	}
	res, ok := cardPublic(m, d.today())
	if !ok {
		return MemberCardView{}, apperr.NotFound("card_not_found", "会员卡（会员证书）在秘书处审批通过、获得会员有效期后提供")
	}
	version, err := d.Cards.CardVersion(ctx, m.ID())
	if err != nil {
		return MemberCardView{}, apperr.Internal(err)
	}
	key, err := d.key(ctx)
	if err != nil {
		return MemberCardView{}, err
	}
	s, err := d.Site.Current(ctx)
	if err != nil {
		return MemberCardView{}, apperr.Internal(err)
	}
	v := MemberCardView{MemberID: m.ID(), Certificate: m.Kind() == member.Enterprise, Title: "我的会员卡",
		Association: s.Name, HasLogo: s.Logo.Key != "", Name: res.Name, Number: res.Number, KindLabel: res.KindLabel,
		Level: res.Level, ValidFrom: res.ValidFrom, ValidUntil: res.ValidUntil, Status: res.Status,
		StatusLabel: res.StatusLabel, Valid: res.Status == PublicActive, Version: version}
	if v.Certificate {
		v.Title = "会员证书"
	}
	v.VerifyPath = CardVerifyPath + card.Sign(key, m.ID(), version)
	v.VerifyURL = strings.TrimRight(d.BaseURL, "/") + v.VerifyPath
	return v, nil
}

// today is the association's calendar day (midnight UTC), as validities are.
func (d CardDeps) today() time.Time {
	loc := d.Loc
	if loc == nil {
		loc = time.UTC
	}
	t := d.Clock.Now().In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// cardPublic is the public form of a member's card — 会员查询's (publicResult)
// with suspension told as 已暂停; false before the member has a validity.
func cardPublic(m *member.Member, today time.Time) (PublicMemberResult, bool) {
	if m.Number() == "" || m.ValidUntil().IsZero() {
		return PublicMemberResult{}, false
	}
	pm := ports.PublicMember{ID: m.ID(), Number: m.Number(), Name: m.Name(), Kind: m.Kind(), Level: m.Level(),
		Status: m.Status(), ValidFrom: m.ValidFrom(), ValidUntil: m.ValidUntil()}
	if m.Status() == member.StatusSuspended {
		pm.Status = member.StatusActive
		r, ok := publicResult(pm, today)
		r.Status, r.StatusLabel = PublicSuspended, "已暂停"
		return r, ok
	}
	return publicResult(pm, today)
}

// key returns the card key: the configured one, else the one kept in the
// settings (generated and stored by the first instance that needs it).
func (d CardDeps) key(ctx context.Context) ([]byte, error) {
	if len(d.Key) > 0 {
		return d.Key, nil
	}
	if d.Settings == nil || d.Tx == nil {
		return nil, apperr.Internal(fmt.Errorf("card key: no key configured and no settings store"))
	}
	if k, ok, err := d.Settings.Get(ctx, cardKeySetting); err != nil || ok {
		if err != nil {
			return nil, apperr.Internal(fmt.Errorf("card key: %w", err))
		}
		return k, nil
	}
	var key []byte
	err := d.Tx.InTx(ctx, func(ctx context.Context) error {
		k, ok, err := d.Settings.Get(ctx, cardKeySetting)
		if err != nil || ok {
			key = k
			return err
		}
		raw := make([]byte, card.KeyLen)
		if _, err := rand.Read(raw); err != nil {
			return fmt.Errorf("generate: %w", err)
		}
		key = []byte(hex.EncodeToString(raw)) // the settings hold text
		return d.Settings.Put(ctx, cardKeySetting, key, d.Clock.Now())
	})
	if err != nil {
		return nil, apperr.Internal(fmt.Errorf("card key: %w", err))
	}
	return key, nil
}

// Brand returns the association's name and its logo's bytes (nil without
// one, or when it cannot be read: a document is still printed).
func Brand(ctx context.Context, src *sitesettings.Source, files ports.FileStore) (string, []byte) {
	s, err := src.Current(ctx)
	if err != nil {
		return "", nil
	}
	return s.Name, logoBytes(ctx, s.Logo, files)
}

// logoBytes reads the logo (at most site.MaxLogoBytes); nil on any failure.
func logoBytes(ctx context.Context, logo site.Logo, files ports.FileStore) []byte {
	if logo.Key == "" || files == nil {
		return nil
	}
	rc, err := files.Open(ctx, logo.Key)
	if err != nil {
		return nil
	}
	defer func() { _ = rc.Close() }()
	b, err := io.ReadAll(io.LimitReader(rc, site.MaxLogoBytes+1))
	if err != nil || len(b) > site.MaxLogoBytes {
		return nil
	}
	return b
}
