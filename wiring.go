package membership

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/openassoc/membership/adapters/argon2hash"
	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/adapters/casbinauthz"
	"github.com/openassoc/membership/adapters/filemail"
	"github.com/openassoc/membership/adapters/localfiles"
	"github.com/openassoc/membership/adapters/mailqueue"
	"github.com/openassoc/membership/adapters/slidercaptcha"
	"github.com/openassoc/membership/adapters/smtpmail"
	"github.com/openassoc/membership/adapters/statement"
	"github.com/openassoc/membership/core/app"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// adapters builds the ports from the configuration and the options.
func (m *Module) adapters(o options, outbox bunstore.EventOutbox) (app.Deps, error) {
	var members ports.MemberRepository = bunstore.NewMemberRepository(m.db, outbox)
	if m.relay != nil {
		members = notifyingMembers{MemberRepository: members, notify: m.relay.Notify}
	}
	d := app.Deps{
		Members:       members,
		Staff:         bunstore.NewStaffRepository(m.db),
		Sessions:      bunstore.NewSessionStore(m.db),
		Tokens:        bunstore.NewTokenStore(m.db),
		LoginAttempts: bunstore.NewLoginAttempts(m.db),
		Sequences:     bunstore.NewSequences(m.db),
		Hasher:        o.hasher,
		Mailer:        o.mailer,
		CaptchaImager: slidercaptcha.New(),
		Authorizer:    o.authorizer,
		Clock:         o.clock,
		Files:         o.files,
		Documents:     m.documents(o),
		Applications:  bunstore.NewApplicationIndex(m.db),
		WorkQueues:    bunstore.NewWorkQueueCounter(m.db),
		Notifications: bunstore.NewNotificationRepository(m.db),
		HandledEvents: bunstore.NewHandledEvents(m.db),

		Payments:        bunstore.NewPaymentRepository(m.db),
		Statements:      bunstore.NewStatementRepository(m.db),
		Lookup:          bunstore.NewMemberLookup(m.db),
		Renewals:        bunstore.NewMemberLookup(m.db),
		Leases:          bunstore.NewLeases(m.db),
		Tx:              m.transactor(),
		StatementParser: statement.New(),
		Settings:        bunstore.NewSettings(m.db),
	}
	gc, err := m.paymentGateway(o)
	if err != nil {
		return app.Deps{}, err
	}
	d.PaymentGateway, m.sandbox = gc.gateway, gc.sandbox
	if d.Files == nil {
		fs, err := localfiles.New(filepath.Join(m.cfg.DataDir, "files"))
		if err != nil {
			return app.Deps{}, fmt.Errorf("membership: file folder: %w", err)
		}
		d.Files = fs
	}
	if d.Hasher == nil {
		d.Hasher = argon2hash.Default()
	}
	if d.Authorizer == nil {
		a, err := casbinauthz.New()
		if err != nil {
			return app.Deps{}, fmt.Errorf("membership: policies: %w", err)
		}
		d.Authorizer = a
	}
	// The handlers get the durable queue; the dispatcher in Run sends through
	// the real mailer (the host's, or the one Config.Mail names).
	mailer, validate := d.Mailer, func(ports.Message) error { return nil }
	if mailer == nil {
		var err error
		if mailer, err = m.mailer(); err != nil {
			return app.Deps{}, err
		}
		from := m.cfg.Mail.From
		validate = func(msg ports.Message) error { // refuse at once what the adapters could never send
			_, err := smtpmail.Compose(from, msg, time.Now())
			return err
		}
	}
	q := m.cfg.Mail.Queue
	m.mail = mailqueue.New(bunstore.NewMailQueue(m.db), mailer, m.logger.With("component", "mail"), mailqueue.Options{
		RetryMin: q.RetryMin, RetryMax: q.RetryMax, Poll: q.Poll, Lease: q.Lease, Retention: q.Retention,
		Validate: validate,
	})
	d.Mailer = m.mail
	return d, nil
}

func (m *Module) mailer() (ports.Mailer, error) {
	c := m.cfg.Mail
	if c.SMTP.Host == "" {
		fm, err := filemail.New(filepath.Join(m.cfg.DataDir, "mail"), c.From)
		if err != nil {
			return nil, fmt.Errorf("membership: mail folder: %w", err)
		}
		return fm, nil
	}
	sm, err := smtpmail.New(smtpmail.Config{Host: c.SMTP.Host, Port: c.SMTP.Port, Username: c.SMTP.Username,
		Password: c.SMTP.Password, From: c.From, TLS: smtpmail.TLSMode(c.SMTP.TLS)})
	if err != nil {
		return nil, fmt.Errorf("membership: smtp: %w", err)
	}
	return sm, nil
}

// notifyingMembers wakes the outbox relay after each committed change, so events
// leave at once instead of at the next poll.
type notifyingMembers struct {
	ports.MemberRepository
	notify func()
}

func (n notifyingMembers) Add(ctx context.Context, m *member.Member) error {
	err := n.MemberRepository.Add(ctx, m)
	if err == nil {
		n.notify()
	}
	return err
}

func (n notifyingMembers) Update(ctx context.Context, id string, fn func(context.Context, *member.Member) error) error {
	err := n.MemberRepository.Update(ctx, id, fn)
	if err == nil {
		n.notify()
	}
	return err
}
