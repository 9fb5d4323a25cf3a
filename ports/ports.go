// Package ports declares the interfaces between the core and the adapters: what the
// core needs from storage, mail, the bus, authorization and the clock. Adapters
// implement them; the test/contract suites check every implementation.
package ports

import (
	"context"
	"errors"
	"time"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/staff"
)

// MemberRepository stores member aggregates. Add and Update write the events the
// aggregate recorded to the outbox in the same transaction. Lookups of a missing
// member return an apperr NotFound error, never (nil, nil).
type MemberRepository interface {
	// Add stores a new member. A taken name (per kind) or email is an apperr Conflict
	// with the field set ("name" or "email"). Add joins the transaction of a
	// Transactor.InTx in ctx, so that the member commits with the rest of it.
	Add(ctx context.Context, m *member.Member) error
	// Get loads a member by identity.
	Get(ctx context.Context, id string) (*member.Member, error)
	// FindForLogin returns the members whose name or member number equals login
	// (at most one per kind); an empty slice when none.
	FindForLogin(ctx context.Context, login string) ([]*member.Member, error)
	// FindByEmail loads the member registered with an email address.
	FindByEmail(ctx context.Context, email string) (*member.Member, error)
	// NameTaken reports whether a member of the kind already uses the name.
	NameTaken(ctx context.Context, kind member.Kind, name string) (bool, error)
	// EmailTaken reports whether a member already uses the email address.
	EmailTaken(ctx context.Context, email string) (bool, error)
	// Update loads the member, runs fn on it and stores the result and its events in
	// one transaction, holding a lock on the member while fn runs. If fn returns an
	// error nothing is stored.
	Update(ctx context.Context, id string, fn func(ctx context.Context, m *member.Member) error) error
}

// StaffRepository stores staff accounts.
type StaffRepository interface {
	// Add stores a staff account; a taken username is an apperr Conflict on "username".
	Add(ctx context.Context, s *staff.Staff) error
	// Get loads a staff account by identity.
	Get(ctx context.Context, id string) (*staff.Staff, error)
	// GetByUsername loads a staff account by user name.
	GetByUsername(ctx context.Context, username string) (*staff.Staff, error)
	// UpdatePassword replaces a staff account's password hash.
	UpdatePassword(ctx context.Context, id, hash string) error
	// UpdateRole replaces a staff account's role; open sessions act with the new
	// role from their next request (SessionStore.Get reads it).
	UpdateRole(ctx context.Context, id string, role access.Role) error
	// SetDisabled disables the account at disabledAt, or enables it again with
	// the zero time. A disabled account's sessions are not found (SessionStore.Get).
	SetDisabled(ctx context.Context, id string, disabledAt time.Time) error

	// Staff accounts in the back office (工作人员管理). The writes above and below
	// join the transaction in ctx, so that an audit entry commits with them.

	// ListPage returns one page of the accounts ordered by user name, and how
	// many there are.
	ListPage(ctx context.Context, q StaffPage) ([]*staff.Staff, int, error)
	// CountActiveAdmins counts the admin accounts that are not disabled. In a
	// transaction it locks them until the transaction ends (PostgreSQL: FOR
	// UPDATE; SQLite transactions write one at a time), so that two admins
	// demoting each other at once cannot leave none.
	CountActiveAdmins(ctx context.Context) (int, error)
	// RecordLogin notes when the account last logged in; a missing account is
	// NotFound.
	RecordLogin(ctx context.Context, id string, at time.Time) error
}

// SessionStore keeps login sessions in shared storage.
type SessionStore interface {
	// Create stores a new session.
	Create(ctx context.Context, s auth.Session) error
	// Get loads a session by token hash; a missing or expired one is NotFound.
	// A staff session's principal carries the staff account's current role (read
	// with the session, in one query), so a role change applies to open
	// sessions at once; the session of a disabled or missing staff account is
	// NotFound.
	Get(ctx context.Context, tokenHash string, now time.Time) (auth.Session, error)
	// Delete ends one session; deleting a missing session is not an error.
	Delete(ctx context.Context, tokenHash string) error
	// DeleteForPrincipal ends all sessions of a principal except keepTokenHash.
	DeleteForPrincipal(ctx context.Context, p access.Principal, keepTokenHash string) error
	// DeleteExpired removes sessions that ended before now and reports how many.
	DeleteExpired(ctx context.Context, now time.Time) (int, error)
}

// TokenStore keeps single-use, expiring tokens (slider challenges and passes,
// password-reset and email-verification tokens). Take is atomic: of concurrent callers at most one gets the
// payload. Put, PutFor, DeleteFor, Take and Peek join the transaction in ctx, so a
// token is stored or used up only together with what it was for.
type TokenStore interface {
	// Put stores a payload under (purpose, key) until expiresAt.
	Put(ctx context.Context, purpose, key string, payload []byte, expiresAt time.Time) error
	// PutFor stores a payload under (purpose, key) until expiresAt as the one
	// token of subject (e.g. a member) for purpose: an earlier token of the same
	// purpose and subject is replaced, its key no longer works. It is atomic
	// across concurrent callers: a subject never has two.
	PutFor(ctx context.Context, purpose, subject, key string, payload []byte, expiresAt time.Time) error
	// DeleteFor removes every token of subject for purpose and reports how many.
	DeleteFor(ctx context.Context, purpose, subject string) (int, error)
	// Take removes and returns the payload; a missing, used or expired token is NotFound.
	Take(ctx context.Context, purpose, key string, now time.Time) ([]byte, error)
	// Peek returns the payload of a live token without using it up (to check a
	// token before costly work that Take then completes, or to say on a link's
	// page whether the link still works); a missing, used or expired token is
	// NotFound.
	Peek(ctx context.Context, purpose, key string, now time.Time) ([]byte, error)
	// DeleteExpired removes tokens that expired before now.
	DeleteExpired(ctx context.Context, now time.Time) (int, error)
}

// AttemptLimit is one key an attempt counts against (an account, a client
// address) and the limit that applies to it.
type AttemptLimit struct {
	Key    string
	Policy auth.ThrottlePolicy
}

// LoginAttempts counts attempts per key (an account or an address) within a
// window so that throttling works across instances: logins, password-reset
// confirmations and slider challenges. An attempt is reserved before the costly
// check it guards, so concurrent attempts cannot all pass a limit that none of
// them has recorded yet.
type LoginAttempts interface {
	// Reserve counts the attempts of each limit's key recorded since at minus the
	// limit's window and, when every key is below its limit, records one attempt
	// at at for each key and reports true. Otherwise it records nothing and
	// reports false with how long to wait (see auth.ThrottlePolicy.RetryAfter;
	// the longest of the keys over their limit). The count and the record are one
	// atomic step across concurrent callers and instances: of n concurrent
	// reservations against a key with room for k, exactly k succeed.
	Reserve(ctx context.Context, at time.Time, limits ...AttemptLimit) (ok bool, retryAfter time.Duration, err error)
	// Release removes one attempt of key recorded at at (a reserved attempt that
	// turned out not to count, such as a successful login); none is not an error.
	Release(ctx context.Context, key string, at time.Time) error
	// Failures returns the number of attempts for key since a time and the time
	// of the oldest of them.
	Failures(ctx context.Context, key string, since time.Time) (count int, oldest time.Time, err error)
	// Clear forgets the attempts of a key after a successful login.
	Clear(ctx context.Context, key string) error
}

// Sequences hands out gap-tolerant, never-repeating counter values per scope (used
// for member numbers). Next is safe under concurrency across instances.
type Sequences interface {
	Next(ctx context.Context, scope string) (int64, error)
}

// PasswordHasher hashes and verifies passwords.
type PasswordHasher interface {
	Hash(password string) (string, error)
	Verify(hash, password string) (bool, error)
}

// Message is one email.
type Message struct {
	To      []string
	Subject string
	Text    string // plain-text body (always set)
	HTML    string // optional HTML alternative
	// FromName, when set, is the sender's display name (网站设置's 发件人名称);
	// the sender's address stays the mailer's own.
	FromName string
	// Key, when set, identifies the message across redeliveries of the event
	// that produced it (event handlers use their name and the event id): the mail
	// queue keeps one message per key, so an event handled twice sends one email.
	// Mailers that send at once ignore it.
	Key string
	// Attachments are files sent with the message (an issued e-invoice).
	Attachments []Attachment
	// Locale is the language the message is written in (zh-CN, en; "" is
	// zh-CN): the HTML alternative's frame (footer, labels) follows it.
	Locale string
}

// Attachment is one file attached to a Message.
type Attachment struct {
	Name        string `json:"name"`         // the file name the recipient sees
	ContentType string `json:"content_type"` // e.g. application/pdf
	Data        []byte `json:"data"`
}

// ErrUndeliverable marks a message that can never be sent as it is (a malformed
// address, no recipient): retrying cannot help. Mailers wrap it.
var ErrUndeliverable = errors.New("message can never be delivered")

// Mailer sends email. An error means the message was not accepted and must be
// retried, unless it wraps ErrUndeliverable.
type Mailer interface {
	Send(ctx context.Context, msg Message) error
}

// Authorizer answers role × object × action questions from the policy files.
type Authorizer interface {
	Allowed(role access.Role, object, action string) (bool, error)
}

// CaptchaImager renders the pictures of a slider challenge: the background with the
// cut-out hole and the piece to drag, both PNG.
type CaptchaImager interface {
	Render(seed uint64, targetX, targetY int) (background, piece []byte, err error)
}

// Clock tells the time; tests set it.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }
