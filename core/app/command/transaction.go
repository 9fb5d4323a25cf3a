package command

import (
	"context"
	"errors"

	"github.com/openassoc/membership/ports"
)

// errUnchanged ends a MemberRepository.Update closure that found nothing to
// change: the update stores nothing and the caller treats it as success.
var errUnchanged = errors.New("unchanged")

// inTx runs fn in one transaction of tx; with no transactor (a host that
// wires none) fn runs on its own and each store commits separately.
func inTx(ctx context.Context, tx ports.Transactor, fn func(ctx context.Context) error) error {
	if tx == nil {
		return fn(ctx)
	}
	return tx.InTx(ctx, fn)
}
