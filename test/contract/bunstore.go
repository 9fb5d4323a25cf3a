package contract

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/ports"
)

// RunBunstore runs every storage suite against bunstore on databases from open:
// SQLite in every go test, PostgreSQL in the container suites.
func RunBunstore(t *testing.T, open func(t *testing.T) *bunstore.DB) {
	t.Run("MemberRepository", func(t *testing.T) {
		t.Parallel()
		RunMemberRepository(t, func(t *testing.T) MemberFixture {
			db := open(t)
			outbox := bunstore.NewTableOutbox(db)
			return MemberFixture{
				Repo:   bunstore.NewMemberRepository(db, outbox),
				Events: func(t *testing.T) []OutboxEvent { return TableOutboxEvents(t, outbox) },
			}
		})
	})
	t.Run("StaffRepository", func(t *testing.T) {
		t.Parallel()
		RunStaffRepository(t, func(t *testing.T) ports.StaffRepository {
			return bunstore.NewStaffRepository(open(t))
		})
	})
	t.Run("StaffAdmin", func(t *testing.T) {
		t.Parallel()
		RunStaffAdmin(t, func(t *testing.T) StaffAdminFixture {
			db := open(t)
			return StaffAdminFixture{Staff: bunstore.NewStaffRepository(db), Tx: bunstore.NewTransactor(db)}
		})
	})
	t.Run("SessionStore", func(t *testing.T) {
		t.Parallel()
		RunSessionStore(t, func(t *testing.T) SessionFixture {
			db := open(t)
			return SessionFixture{Sessions: bunstore.NewSessionStore(db), Staff: bunstore.NewStaffRepository(db)}
		})
	})
	t.Run("TokenStore", func(t *testing.T) {
		t.Parallel()
		RunTokenStore(t, func(t *testing.T) ports.TokenStore { return bunstore.NewTokenStore(open(t)) })
	})
	t.Run("TokenStoreInTx", func(t *testing.T) {
		t.Parallel()
		RunTokenStoreInTx(t, func(t *testing.T) (ports.TokenStore, ports.Transactor) {
			db := open(t)
			return bunstore.NewTokenStore(db), bunstore.NewTransactor(db)
		})
	})
	t.Run("LoginAttempts", func(t *testing.T) {
		t.Parallel()
		RunLoginAttempts(t, func(t *testing.T) ports.LoginAttempts { return bunstore.NewLoginAttempts(open(t)) })
	})
	t.Run("Applications", func(t *testing.T) {
		t.Parallel()
		RunApplications(t, func(t *testing.T) ApplicationFixture {
			db := open(t)
			return ApplicationFixture{
				Members:   bunstore.NewMemberRepository(db, bunstore.NewTableOutbox(db)),
				Sequences: bunstore.NewSequences(db),
				Index:     bunstore.NewApplicationIndex(db),
			}
		})
	})
	t.Run("Notifications", func(t *testing.T) {
		t.Parallel()
		RunNotifications(t, func(t *testing.T) NotificationFixture {
			db := open(t)
			return NotificationFixture{
				Repo:    bunstore.NewNotificationRepository(db),
				Members: bunstore.NewMemberRepository(db, bunstore.NewTableOutbox(db)),
				Handled: bunstore.NewHandledEvents(db),
			}
		})
	})
	t.Run("Payments", func(t *testing.T) {
		t.Parallel()
		RunPayments(t, func(t *testing.T) PaymentFixture {
			db := open(t)
			lookup := bunstore.NewMemberLookup(db)
			return PaymentFixture{
				Members:    bunstore.NewMemberRepository(db, bunstore.NewTableOutbox(db)),
				Payments:   bunstore.NewPaymentRepository(db),
				Statements: bunstore.NewStatementRepository(db),
				Lookup:     lookup,
				Renewals:   lookup,
				Leases:     bunstore.NewLeases(db),
				Settings:   bunstore.NewSettings(db),
				Tx:         bunstore.NewTransactor(db),
				Invoices:   bunstore.NewInvoiceRepository(db),
			}
		})
	})
	t.Run("WorkQueues", func(t *testing.T) {
		t.Parallel()
		RunWorkQueues(t, func(t *testing.T) WorkQueueFixture {
			db := open(t)
			return WorkQueueFixture{
				Members:    bunstore.NewMemberRepository(db, bunstore.NewTableOutbox(db)),
				Payments:   bunstore.NewPaymentRepository(db),
				Statements: bunstore.NewStatementRepository(db),
				Counter:    bunstore.NewWorkQueueCounter(db),
			}
		})
	})
	t.Run("Sequences", func(t *testing.T) {
		t.Parallel()
		RunSequences(t, func(t *testing.T) ports.Sequences { return bunstore.NewSequences(open(t)) })
	})
	t.Run("MemberDirectory", func(t *testing.T) {
		t.Parallel()
		RunMemberDirectory(t, func(t *testing.T) DirectoryFixture {
			db := open(t)
			db.SetTimeZone(cst())
			return DirectoryFixture{Members: bunstore.NewMemberRepository(db, bunstore.NewTableOutbox(db)),
				Payments: bunstore.NewPaymentRepository(db), Directory: bunstore.NewMemberDirectory(db),
				History: bunstore.NewMemberHistory(db)}
		})
	})
	t.Run("BulkNotices", func(t *testing.T) {
		t.Parallel()
		RunBulkNotices(t, func(t *testing.T) BulkNoticeFixture {
			db := open(t)
			db.SetTimeZone(cst())
			return BulkNoticeFixture{DirectoryFixture: DirectoryFixture{
				Members:  bunstore.NewMemberRepository(db, bunstore.NewTableOutbox(db)),
				Payments: bunstore.NewPaymentRepository(db), Directory: bunstore.NewMemberDirectory(db),
				History: bunstore.NewMemberHistory(db)}, Notices: bunstore.NewBulkNotices(db),
				Tx: bunstore.NewTransactor(db)}
		})
	})
	t.Run("Reports", func(t *testing.T) {
		t.Parallel()
		RunReports(t, func(t *testing.T) ReportsFixture {
			db := open(t)
			db.SetTimeZone(cst())
			return ReportsFixture{Members: bunstore.NewMemberRepository(db, bunstore.NewTableOutbox(db)),
				Payments: bunstore.NewPaymentRepository(db), Reports: bunstore.NewReports(db)}
		})
	})
	t.Run("AuditLog", func(t *testing.T) {
		t.Parallel()
		RunAuditLog(t, func(t *testing.T) AuditFixture {
			db := open(t)
			return AuditFixture{Log: bunstore.NewAuditLog(db), Tx: bunstore.NewTransactor(db),
				Tamper: func(ctx context.Context) []error {
					var errs []error
					for _, stmt := range []string{"UPDATE audit_log SET summary = 'rewritten'",
						"DELETE FROM audit_log"} {
						_, err := db.SQL().ExecContext(ctx, stmt)
						errs = append(errs, err)
					}
					return errs
				}}
		})
	})
	t.Run("Invoices", func(t *testing.T) {
		t.Parallel()
		RunInvoices(t, func(t *testing.T) InvoiceFixture {
			db := open(t)
			return InvoiceFixture{Members: bunstore.NewMemberRepository(db, bunstore.NewTableOutbox(db)),
				Invoices: bunstore.NewInvoiceRepository(db), Tx: bunstore.NewTransactor(db)}
		})
	})
	t.Run("Contacts", func(t *testing.T) {
		t.Parallel()
		RunContacts(t, func(t *testing.T) ContactFixture {
			db := open(t)
			return ContactFixture{Members: bunstore.NewMemberRepository(db, bunstore.NewTableOutbox(db)),
				Contacts: bunstore.NewContacts(db), Tx: bunstore.NewTransactor(db)}
		})
	})
	t.Run("InfoChanges", func(t *testing.T) {
		t.Parallel()
		RunInfoChanges(t, func(t *testing.T) InfoChangeFixture {
			db := open(t)
			return InfoChangeFixture{Members: bunstore.NewMemberRepository(db, bunstore.NewTableOutbox(db)),
				InfoChanges: bunstore.NewInfoChanges(db), Tx: bunstore.NewTransactor(db)}
		})
	})
	t.Run("Council", func(t *testing.T) {
		t.Parallel()
		RunCouncil(t, func(t *testing.T) CouncilFixture {
			db := open(t)
			return CouncilFixture{Members: bunstore.NewMemberRepository(db, bunstore.NewTableOutbox(db)),
				Council: bunstore.NewCouncil(db), Tx: bunstore.NewTransactor(db)}
		})
	})
	t.Run("Cards", func(t *testing.T) {
		t.Parallel()
		RunCards(t, func(t *testing.T) CardFixture {
			db := open(t)
			return CardFixture{Members: bunstore.NewMemberRepository(db, bunstore.NewTableOutbox(db)),
				Cards: bunstore.NewCards(db), Tx: bunstore.NewTransactor(db)}
		})
	})
	t.Run("Submissions", func(t *testing.T) {
		t.Parallel()
		RunSubmissions(t, func(t *testing.T) SubmissionFixture {
			db := open(t)
			return SubmissionFixture{Members: bunstore.NewMemberRepository(db, bunstore.NewTableOutbox(db)),
				Submissions: bunstore.NewSubmissions(db)}
		})
	})
	t.Run("LegacyImports", func(t *testing.T) {
		t.Parallel()
		RunLegacyImports(t, func(t *testing.T) LegacyImportFixture {
			db := open(t)
			return LegacyImportFixture{Imports: bunstore.NewLegacyImports(db),
				Members: bunstore.NewMemberRepository(db, bunstore.NewTableOutbox(db)),
				History: bunstore.NewMemberHistory(db), Sequences: bunstore.NewSequences(db),
				Tx: bunstore.NewTransactor(db)}
		})
	})
	t.Run("PublicLookup", func(t *testing.T) {
		t.Parallel()
		RunPublicLookup(t, func(t *testing.T) PublicLookupFixture {
			db := open(t)
			return PublicLookupFixture{Members: bunstore.NewMemberRepository(db, bunstore.NewTableOutbox(db)),
				Lookup: bunstore.NewPublicLookup(db)}
		})
	})
	t.Run("Articles", func(t *testing.T) {
		t.Parallel()
		RunArticles(t, func(t *testing.T) ports.ArticleRepository { return bunstore.NewArticles(open(t)) })
	})
	t.Run("ExportJobs", func(t *testing.T) {
		t.Parallel()
		RunExportJobs(t, func(t *testing.T) ports.ExportJobs { return bunstore.NewExportJobs(open(t)) })
	})
	t.Run("MemberAddJoins", func(t *testing.T) {
		t.Parallel()
		RunMemberAddJoins(t, func(t *testing.T) MemberAddJoinFixture {
			db := open(t)
			return MemberAddJoinFixture{Members: bunstore.NewMemberRepository(db, bunstore.NewTableOutbox(db)),
				Tx: bunstore.NewTransactor(db)}
		})
	})
	t.Run("AuditedWrites", func(t *testing.T) {
		t.Parallel()
		RunAuditedWrites(t, func(t *testing.T) AuditedWritesFixture {
			db := open(t)
			return AuditedWritesFixture{Log: bunstore.NewAuditLog(db), Tx: bunstore.NewTransactor(db),
				Staff: bunstore.NewStaffRepository(db), Settings: bunstore.NewSettings(db),
				Statements: bunstore.NewStatementRepository(db)}
		})
	})
	// The members' language settings (member_locales.go).
	t.Run("MemberLocales", func(t *testing.T) {
		t.Parallel()
		RunMemberLocales(t, func(t *testing.T) MemberLocaleFixture {
			db := open(t)
			return MemberLocaleFixture{Members: bunstore.NewMemberRepository(db, bunstore.NewTableOutbox(db)),
				Locales: bunstore.NewMemberLocales(db), Tx: bunstore.NewTransactor(db)}
		})
	})
}

// TableOutboxEvents reads every row of a TableOutbox.
func TableOutboxEvents(t *testing.T, outbox *bunstore.TableOutbox) []OutboxEvent {
	t.Helper()
	rows, err := outbox.FetchUnsent(context.Background(), 1000)
	require.NoError(t, err)
	out := make([]OutboxEvent, len(rows))
	for i, r := range rows {
		out[i] = OutboxEvent{Name: r.Name, Payload: r.Payload}
	}
	return out
}
