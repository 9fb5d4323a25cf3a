package memstore

import (
	"github.com/openassoc/membership/core/domain/contact"
	"github.com/openassoc/membership/core/domain/council"
	"github.com/openassoc/membership/core/domain/infochange"
	"time"

	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/bulknotice"
	"github.com/openassoc/membership/core/domain/content"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/core/domain/notification"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/core/domain/staff"
	"github.com/openassoc/membership/core/domain/submission"
	"github.com/openassoc/membership/ports"
)

// data is every table of the store: the committed state, or the state one
// transaction sees. The unique indexes (…Names, …Emails, …) are tables too, so
// that they change with their rows or not at all; an index maps the unique value
// to the id of the row that holds it.
type data struct {
	members       table[string, memberRow]
	memberNames   table[string, string] // kind and name
	memberEmails  table[string, string]
	memberNumbers table[string, string]
	memberRefs    table[string, string] // payment reference codes

	staff      table[string, staff.Snapshot]
	staffNames table[string, string]

	sessions  table[string, auth.Session] // by token hash
	tokens    table[tokenKey, token]
	failures  table[int64, failure]
	sequences table[string, int64]

	notifications    table[string, notification.Notification]
	notificationKeys table[string, string]
	handled          table[handledKey, time.Time]

	payments        table[string, payment.Snapshot]
	paymentOrderNos table[string, string] // out_trade_no
	paymentBankRefs table[string, string] // bank_ref of confirmed and duplicate payments
	paymentTradeNos table[string, string] // the gateway's trade_no
	openClaims      table[string, string] // member id → its open transfer or voucher claim

	statements table[string, payment.Statement]
	lines      table[string, payment.StoredLine]
	lineKeys   table[string, string]

	leases   table[string, lease]
	settings table[string, setting]

	history table[string, []ports.HistoryEntry] // member id → its events, oldest first

	audit table[int64, audit.Entry] // the audit log, by id

	invoices        table[string, invoice.Snapshot] // invoice requests (开具发票, 借发票)
	invoicePayments table[string, string]           // payment id → its live request
	articles        table[string, content.Article]  // the site's articles, by id
	contacts        table[string, contact.Contact]  // members' contacts (联系人管理), by id

	infoChanges table[string, infochange.Request] // members' 信息变更 requests, by id
	// 完善理事资料: council forms by id, council contacts by member id.
	councilForms    table[string, council.Form]
	councilContacts table[string, council.Contact]
	exportJobs      table[string, ports.ExportJob] // background exports (导出任务), by id
	// Bulk notices (群发通知): campaigns by id, recipients by (campaign, member).
	bulkNotices    table[string, bulknotice.Campaign]
	bulkRecipients table[bulkKey, bulkRecipient]
	cards          table[string, int]                   // member id → its card's version (我的会员卡)
	submissions    table[string, submission.Submission] // 企业投稿, by id
	// 导入老会员 (legacy_imports.go).
	importBatches table[string, ports.ImportBatch] // by id
	importKeys    table[string, string]            // preview key → batch id
	importRows    table[int64, importRow]          // by insertion order
	locales       table[string, string]            // member id → its language setting (member_locales.go)
}

// newData returns empty committed tables.
func newData() *data {
	d := &data{
		members: newTable[string, memberRow](), memberNames: newTable[string, string](),
		memberEmails: newTable[string, string](), memberNumbers: newTable[string, string](),
		memberRefs: newTable[string, string](),
		staff:      newTable[string, staff.Snapshot](), staffNames: newTable[string, string](),
		sessions: newTable[string, auth.Session](), tokens: newTable[tokenKey, token](),
		failures: newTable[int64, failure](), sequences: newTable[string, int64](),
		notifications: newTable[string, notification.Notification](), notificationKeys: newTable[string, string](),
		handled:  newTable[handledKey, time.Time](),
		payments: newTable[string, payment.Snapshot](), paymentOrderNos: newTable[string, string](),
		paymentBankRefs: newTable[string, string](), paymentTradeNos: newTable[string, string](),
		openClaims: newTable[string, string](),
		statements: newTable[string, payment.Statement](), lines: newTable[string, payment.StoredLine](),
		lineKeys: newTable[string, string](),
		leases:   newTable[string, lease](), settings: newTable[string, setting](),
		history: newTable[string, []ports.HistoryEntry](), audit: newTable[int64, audit.Entry](),
		invoices: newTable[string, invoice.Snapshot](), invoicePayments: newTable[string, string](),
		articles: newTable[string, content.Article](),
		contacts: newTable[string, contact.Contact](),

		infoChanges:  newTable[string, infochange.Request](),
		councilForms: newTable[string, council.Form](), councilContacts: newTable[string, council.Contact](),
		exportJobs:  newTable[string, ports.ExportJob](),
		cards:       newTable[string, int](),
		submissions: newTable[string, submission.Submission](),
		// 导入老会员.
		importBatches: newTable[string, ports.ImportBatch](), importKeys: newTable[string, string](),
		importRows: newTable[int64, importRow](),
	}
	d.bulkNotices, d.bulkRecipients = newTable[string, bulknotice.Campaign](), newTable[bulkKey, bulkRecipient]()
	d.locales = newTable[string, string]()
	return d
}

// txTable is what a transaction does with each of its tables.
type txTable interface {
	unfreeze()
	commit()
}

func (t *table[K, V]) unfreeze() { t.readOnly = false }

// tables lists every table, for forking and committing them all.
func (d *data) tables() []txTable {
	return []txTable{
		&d.members, &d.memberNames, &d.memberEmails, &d.memberNumbers, &d.memberRefs,
		&d.staff, &d.staffNames,
		&d.sessions, &d.tokens, &d.failures, &d.sequences,
		&d.notifications, &d.notificationKeys, &d.handled,
		&d.payments, &d.paymentOrderNos, &d.paymentBankRefs, &d.paymentTradeNos, &d.openClaims,
		&d.statements, &d.lines, &d.lineKeys,
		&d.leases, &d.settings,
		&d.history, &d.audit,
		&d.invoices, &d.invoicePayments,
		&d.articles,
		&d.contacts,
		&d.infoChanges,
		&d.councilForms, &d.councilContacts,
		&d.exportJobs,
		&d.bulkNotices, &d.bulkRecipients,
		&d.cards,
		&d.submissions,
		&d.importBatches, &d.importKeys, &d.importRows,
		&d.locales,
	}
}

// fork returns the tables as a new transaction sees them.
func (d *data) fork() *data {
	f := *d
	for _, t := range f.tables() {
		t.unfreeze()
	}
	return &f
}

// commit applies a transaction's writes to the committed tables.
func (d *data) commit() {
	for _, t := range d.tables() {
		t.commit()
	}
}

// tokenKey identifies a token.
type tokenKey struct{ purpose, key string }

// token is a stored single-use token.
type token struct {
	subject   string // "" when the token belongs to no subject
	payload   []byte
	expiresAt time.Time
}

// failure is one failed login of a key.
type failure struct {
	key string
	at  time.Time
}

// handledKey is an event key one handler recorded.
type handledKey struct{ handler, key string }

// lease is a job lease.
type lease struct {
	holder    string
	expiresAt time.Time
}

// setting is one settings document.
type setting struct {
	value     []byte
	updatedAt time.Time
}
