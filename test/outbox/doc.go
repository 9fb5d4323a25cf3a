// Package outbox tests the two transactional outboxes end to end, across the
// adapters that share them (which do not import each other): the SQLite table
// of adapters/bunstore relayed by watermillbus.Relay, and watermillbus's
// PostgreSQL outbox (on a bunstore PostgreSQL database) moved by its forwarder.
// The PostgreSQL tests run when MEMBERSHIP_TEST_POSTGRES_DSN names a database.
package outbox
