package query_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/payment"
)

// statement stores an uploaded statement id with lines, numbered from row 2,
// each a credit of ¥5000 unless set.
func (e *env) statement(id string, lines ...payment.StoredLine) {
	e.t.Helper()
	for i := range lines {
		l := &lines[i]
		l.ID, l.StatementID, l.Key, l.Row = fmt.Sprintf("%s-%d", id, i), id, fmt.Sprintf("%s-key-%d", id, i), i+2
		l.Date = time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
		if l.AmountFen == 0 {
			l.AmountFen = 500000
		}
	}
	_, err := e.store.Statements().Add(e.ctx, payment.Statement{ID: id, FileName: id + ".csv", Format: "csv",
		StaffID: "staff-finance", UploadedAt: e.clock.Now(), Lines: len(lines)}, lines)
	require.NoError(e.t, err)
}

// Finance lists the uploaded statements, newest first, a page at a time.
func TestStatements(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, id := range []string{"s1", "s2", "s3"} {
		e.clock.Advance(time.Hour)
		e.statement(id, payment.StoredLine{Status: payment.LineUnmatched})
	}
	h := query.NewStatementsHandler(e.store.Statements(), e.policy)
	list, err := h.Handle(e.ctx, query.Statements{Principal: apptest.StaffOf(access.RoleFinance), PageSize: 2})
	require.NoError(t, err)
	assert.Equal(t, 3, list.Total)
	assert.Equal(t, 2, list.Pages)
	require.Len(t, list.Items, 2)
	assert.Equal(t, "s3", list.Items[0].ID)
	assert.Equal(t, query.StatementSummary{ID: "s3", FileName: "s3.csv", Format: "csv", StaffID: "staff-finance",
		UploadedAt: e.clock.Now(), Lines: 1, NewLines: 1}, list.Items[0])

	list, err = h.Handle(e.ctx, query.Statements{Principal: apptest.StaffOf(access.RoleAdmin), Page: 2, PageSize: 2})
	require.NoError(t, err)
	require.Len(t, list.Items, 1)
	assert.Equal(t, "s1", list.Items[0].ID)

	_, err = h.Handle(e.ctx, query.Statements{Principal: apptest.StaffOf(access.RoleReviewer)})
	wantErr(t, err, apperr.KindForbidden, "forbidden")
	_, err = h.Handle(e.ctx, query.Statements{Principal: access.Guest})
	wantErr(t, err, apperr.KindUnauthorized, "login_required")
}
