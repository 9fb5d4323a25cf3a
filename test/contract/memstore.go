package contract

import (
	"testing"

	"github.com/openassoc/membership/adapters/memstore"
	"github.com/openassoc/membership/ports"
)

// RunMemstore runs every storage suite against memstore, a fresh Store per
// subtest: the same suites as RunBunstore, so that tests written on the
// in-memory adapter hold on the database too.
func RunMemstore(t *testing.T) {
	runMemstoreAccounts(t)
	runMemstoreMembership(t)
}

// runMemstoreAccounts runs the suites of members, staff and their logins.
func runMemstoreAccounts(t *testing.T) {
	t.Run("MemberRepository", func(t *testing.T) {
		t.Parallel()
		RunMemberRepository(t, func(t *testing.T) MemberFixture {
			s := memstore.New(nil)
			return MemberFixture{Repo: s.Members(), Events: func(t *testing.T) []OutboxEvent { return StoreEvents(s) }}
		})
	})
	t.Run("StaffRepository", func(t *testing.T) {
		t.Parallel()
		RunStaffRepository(t, func(t *testing.T) ports.StaffRepository { return memstore.New(nil).Staff() })
	})
	t.Run("SessionStore", func(t *testing.T) {
		t.Parallel()
		RunSessionStore(t, func(t *testing.T) SessionFixture {
			s := memstore.New(nil)
			return SessionFixture{Sessions: s.Sessions(), Staff: s.Staff()}
		})
	})
	t.Run("TokenStore", func(t *testing.T) {
		t.Parallel()
		RunTokenStore(t, func(t *testing.T) ports.TokenStore { return memstore.New(nil).Tokens() })
	})
	t.Run("TokenStoreInTx", func(t *testing.T) {
		t.Parallel()
		RunTokenStoreInTx(t, func(t *testing.T) (ports.TokenStore, ports.Transactor) {
			s := memstore.New(nil)
			return s.Tokens(), s.Transactor()
		})
	})
	t.Run("LoginAttempts", func(t *testing.T) {
		t.Parallel()
		RunLoginAttempts(t, func(t *testing.T) ports.LoginAttempts { return memstore.New(nil).LoginAttempts() })
	})
	t.Run("StaffAdmin", func(t *testing.T) {
		t.Parallel()
		RunStaffAdmin(t, func(t *testing.T) StaffAdminFixture {
			s := memstore.New(nil)
			return StaffAdminFixture{Staff: s.Staff(), Tx: s.Transactor()}
		})
	})
}

// runMemstoreMembership runs the suites of applications, notifications, fees
// and the counters.
func runMemstoreMembership(t *testing.T) {
	t.Run("Applications", func(t *testing.T) {
		t.Parallel()
		RunApplications(t, func(t *testing.T) ApplicationFixture {
			s := memstore.New(nil)
			return ApplicationFixture{Members: s.Members(), Sequences: s.Sequences(), Index: s.Applications()}
		})
	})
	t.Run("Notifications", func(t *testing.T) {
		t.Parallel()
		RunNotifications(t, func(t *testing.T) NotificationFixture {
			s := memstore.New(nil)
			return NotificationFixture{Repo: s.Notifications(), Members: s.Members(), Handled: s.HandledEvents()}
		})
	})
	t.Run("Payments", func(t *testing.T) {
		t.Parallel()
		RunPayments(t, func(t *testing.T) PaymentFixture {
			s := memstore.New(nil)
			return PaymentFixture{Members: s.Members(), Payments: s.Payments(), Statements: s.Statements(),
				Lookup: s.Lookup(), Renewals: s.Lookup(), Leases: s.Leases(), Settings: s.Settings(),
				Tx: s.Transactor(), Invoices: s.Invoices()}
		})
	})
	t.Run("WorkQueues", func(t *testing.T) {
		t.Parallel()
		RunWorkQueues(t, func(t *testing.T) WorkQueueFixture {
			s := memstore.New(nil)
			return WorkQueueFixture{Members: s.Members(), Payments: s.Payments(), Statements: s.Statements(),
				Counter: s.WorkQueues()}
		})
	})
	t.Run("Sequences", func(t *testing.T) {
		t.Parallel()
		RunSequences(t, func(t *testing.T) ports.Sequences { return memstore.New(nil).Sequences() })
	})
	t.Run("MemberDirectory", func(t *testing.T) {
		t.Parallel()
		RunMemberDirectory(t, func(t *testing.T) DirectoryFixture {
			s := memstore.New(nil)
			return DirectoryFixture{Members: s.Members(), Payments: s.Payments(), Directory: s.Directory(cst()),
				History: s.History()}
		})
	})
	t.Run("Reports", func(t *testing.T) {
		t.Parallel()
		RunReports(t, func(t *testing.T) ReportsFixture {
			s := memstore.New(nil)
			return ReportsFixture{Members: s.Members(), Payments: s.Payments(), Reports: s.Reports(cst())}
		})
	})
	t.Run("AuditLog", func(t *testing.T) {
		t.Parallel()
		RunAuditLog(t, func(t *testing.T) AuditFixture {
			s := memstore.New(nil)
			return AuditFixture{Log: s.AuditLog(), Tx: s.Transactor()}
		})
	})
	t.Run("Invoices", func(t *testing.T) {
		t.Parallel()
		RunInvoices(t, func(t *testing.T) InvoiceFixture {
			s := memstore.New(nil)
			return InvoiceFixture{Members: s.Members(), Invoices: s.Invoices(), Tx: s.Transactor()}
		})
	})
	t.Run("Contacts", func(t *testing.T) {
		t.Parallel()
		RunContacts(t, func(t *testing.T) ContactFixture {
			s := memstore.New(nil)
			return ContactFixture{Members: s.Members(), Contacts: s.Contacts(), Tx: s.Transactor()}
		})
	})
	t.Run("InfoChanges", func(t *testing.T) {
		t.Parallel()
		RunInfoChanges(t, func(t *testing.T) InfoChangeFixture {
			s := memstore.New(nil)
			return InfoChangeFixture{Members: s.Members(), InfoChanges: s.InfoChanges(), Tx: s.Transactor()}
		})
	})
	t.Run("Council", func(t *testing.T) {
		t.Parallel()
		RunCouncil(t, func(t *testing.T) CouncilFixture {
			s := memstore.New(nil)
			return CouncilFixture{Members: s.Members(), Council: s.Council(), Tx: s.Transactor()}
		})
	})
	t.Run("BulkNotices", func(t *testing.T) {
		t.Parallel()
		RunBulkNotices(t, func(t *testing.T) BulkNoticeFixture {
			s := memstore.New(nil)
			return BulkNoticeFixture{DirectoryFixture: DirectoryFixture{Members: s.Members(), Payments: s.Payments(),
				Directory: s.Directory(cst()), History: s.History()}, Notices: s.BulkNotices(cst()), Tx: s.Transactor()}
		})
	})
	t.Run("Cards", func(t *testing.T) {
		t.Parallel()
		RunCards(t, func(t *testing.T) CardFixture {
			s := memstore.New(nil)
			return CardFixture{Members: s.Members(), Cards: s.Cards(), Tx: s.Transactor()}
		})
	})
	t.Run("Submissions", func(t *testing.T) {
		t.Parallel()
		RunSubmissions(t, func(t *testing.T) SubmissionFixture {
			s := memstore.New(nil)
			return SubmissionFixture{Members: s.Members(), Submissions: s.Submissions()}
		})
	})
	t.Run("LegacyImports", func(t *testing.T) {
		t.Parallel()
		RunLegacyImports(t, func(t *testing.T) LegacyImportFixture {
			s := memstore.New(nil)
			return LegacyImportFixture{Imports: s.LegacyImports(), Members: s.Members(), History: s.History(),
				Sequences: s.Sequences(), Tx: s.Transactor()}
		})
	})
	t.Run("PublicLookup", func(t *testing.T) {
		t.Parallel()
		RunPublicLookup(t, func(t *testing.T) PublicLookupFixture {
			s := memstore.New(nil)
			return PublicLookupFixture{Members: s.Members(), Lookup: s.PublicLookup()}
		})
	})
	t.Run("Articles", func(t *testing.T) {
		t.Parallel()
		RunArticles(t, func(*testing.T) ports.ArticleRepository { return memstore.New(nil).Articles() })
	})
	t.Run("ExportJobs", func(t *testing.T) {
		t.Parallel()
		RunExportJobs(t, func(*testing.T) ports.ExportJobs { return memstore.New(nil).ExportJobs() })
	})
	t.Run("MemberAddJoins", func(t *testing.T) {
		t.Parallel()
		RunMemberAddJoins(t, func(*testing.T) MemberAddJoinFixture {
			s := memstore.New(nil)
			return MemberAddJoinFixture{Members: s.Members(), Tx: s.Transactor()}
		})
	})
	t.Run("AuditedWrites", func(t *testing.T) {
		t.Parallel()
		RunAuditedWrites(t, func(t *testing.T) AuditedWritesFixture {
			s := memstore.New(nil)
			return AuditedWritesFixture{Log: s.AuditLog(), Tx: s.Transactor(), Staff: s.Staff(),
				Settings: s.Settings(), Statements: s.Statements()}
		})
	})
	// The members' language settings (member_locales.go).
	t.Run("MemberLocales", func(t *testing.T) {
		t.Parallel()
		RunMemberLocales(t, func(*testing.T) MemberLocaleFixture {
			s := memstore.New(nil)
			return MemberLocaleFixture{Members: s.Members(), Locales: s.MemberLocales(), Tx: s.Transactor()}
		})
	})
}

// StoreEvents returns every event a memstore recorded, as the outbox holds them.
func StoreEvents(s *memstore.Store) []OutboxEvent {
	events := s.Events()
	out := make([]OutboxEvent, len(events))
	for i, e := range events {
		out[i] = OutboxEvent{Name: e.Name, Payload: e.Payload}
	}
	return out
}
