// Package command holds the use cases that change state, one per file named
// after it (claim_payment.go: ClaimPayment, its handler and its constructor).
// Each handler takes only the ports it uses and asks core/domain/access
// whether the principal may act; core/app wires them. Rules several use cases
// share live in the domain or in a small helper file named for what it holds
// (fee_rules.go, settle_payment.go, payment_claim.go, input.go, transaction.go).
package command
