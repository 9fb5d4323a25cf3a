// Package mailqueue tests the durable mail queue (adapters/mailqueue) on the
// store the module gives it (adapters/bunstore's mail_queue table), two adapters
// that do not import each other: on SQLite, and on PostgreSQL when
// MEMBERSHIP_TEST_POSTGRES_DSN names a database.
package mailqueue
