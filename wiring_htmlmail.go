package membership

import (
	"context"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/adapters/htmlmail"
	"github.com/openassoc/membership/core/app/sitesettings"
	"github.com/openassoc/membership/ports"
)

// senderName wraps the mailer that sends: each email leaves with the
// sender's display name of 网站设置 (发件人名称), read when it is sent.
func (m *Module) senderName(next ports.Mailer) ports.Mailer {
	source := sitesettings.NewSource(bunstore.NewSettings(m.db), ports.SystemClock{}, m.cfg.AssociationName)
	return htmlmail.NewSenderName(next, func(ctx context.Context) (string, error) {
		s, err := source.Current(ctx)
		if err != nil {
			return "", err
		}
		return s.MailFromName, nil
	})
}

// htmlMail gives every email the module sends an HTML alternative with the
// branding in force (网站设置: name, colour, logo, footer).
func (m *Module) htmlMail(next ports.Mailer, clock ports.Clock) (ports.Mailer, error) {
	if clock == nil {
		clock = ports.SystemClock{}
	}
	source := sitesettings.NewSource(bunstore.NewSettings(m.db), clock, m.cfg.AssociationName)
	base := m.cfg.BaseURL
	return htmlmail.New(next, base, func(ctx context.Context) (htmlmail.Branding, error) {
		s, err := source.Current(ctx)
		if err != nil {
			return htmlmail.Branding{}, err
		}
		b := htmlmail.Branding{Name: s.Name, Primary: s.Primary, Address: s.Address, Phone: s.Phone,
			Email: s.Email, ICP: s.ICP, PSB: s.PSB}
		if s.Logo.Key != "" {
			b.LogoURL = base + "/site/logo?v=" + s.Logo.Version
		}
		return b, nil
	})
}
