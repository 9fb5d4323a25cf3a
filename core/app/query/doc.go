// Package query holds the read-side use cases, named as noun phrases
// (MemberDashboard, CurrentSession), one per file named after it. A query only
// reads: it asks core/domain/access whether the principal may see what it
// asks for and never stores anything.
package query
