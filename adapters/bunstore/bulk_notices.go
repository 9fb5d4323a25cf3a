package bunstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/domain/bulknotice"
	"github.com/openassoc/membership/ports"
)

// bulkNoticeRow is one campaign (bulk_notices, migration 0021).
type bulkNoticeRow struct {
	bun.BaseModel `bun:"table:bulk_notices,alias:n"`

	ID            string       `bun:"id,pk"`
	Subject       string       `bun:"subject"`
	Body          string       `bun:"body"`
	Portal        bool         `bun:"portal"`
	Email         bool         `bun:"email"`
	Filters       string       `bun:"filters"`
	FilterSummary string       `bun:"filter_summary"`
	RequestKey    string       `bun:"request_key"`
	CreatedBy     string       `bun:"created_by"`
	CreatedAt     time.Time    `bun:"created_at"`
	StartedAt     bun.NullTime `bun:"started_at"`
	Recipients    int          `bun:"recipients"`
}

func (r bulkNoticeRow) campaign() bulknotice.Campaign {
	return bulknotice.Campaign{ID: r.ID, Subject: r.Subject, Body: r.Body, Portal: r.Portal, Email: r.Email,
		Filters: r.Filters, FilterSummary: r.FilterSummary, RequestKey: r.RequestKey, CreatedBy: r.CreatedBy,
		CreatedAt: loadedTime(r.CreatedAt), StartedAt: loadedTime(r.StartedAt.Time), Recipients: r.Recipients}
}

// bulkRecipientRow is one member a campaign goes to (bulk_notice_recipients).
type bulkRecipientRow struct {
	bun.BaseModel `bun:"table:bulk_notice_recipients,alias:r"`

	CampaignID string       `bun:"campaign_id,pk"`
	MemberID   string       `bun:"member_id,pk"`
	Number     string       `bun:"number"`
	Name       string       `bun:"name"`
	Email      string       `bun:"email"`
	Individual bool         `bun:"individual"`
	State      string       `bun:"state"`
	DoneAt     bun.NullTime `bun:"done_at"`
}

// BulkNotices stores the bulk notices (群发通知); it implements
// ports.BulkNotices.
type BulkNotices struct {
	db  *DB
	dir *MemberDirectory
}

var _ ports.BulkNotices = (*BulkNotices)(nil)

// NewBulkNotices returns the bulk notices of db.
func NewBulkNotices(db *DB) *BulkNotices { return &BulkNotices{db: db, dir: NewMemberDirectory(db)} }

// Create stores the campaign and, by one INSERT … SELECT over member_search
// with the registry's own filter conditions, a pending recipient per member;
// when none matches, the campaign is removed again in the same transaction.
func (x *BulkNotices) Create(ctx context.Context, c bulknotice.Campaign, f ports.MemberFilter) (int, error) {
	row := bulkNoticeRow{ID: c.ID, Subject: c.Subject, Body: c.Body, Portal: c.Portal, Email: c.Email,
		Filters: c.Filters, FilterSummary: c.FilterSummary, RequestKey: c.RequestKey, CreatedBy: c.CreatedBy,
		CreatedAt: storedTime(c.CreatedAt)}
	n := 0
	err := x.db.joinTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(&row).Exec(ctx); err != nil {
			return fmt.Errorf("bunstore: create bulk notice: %w", err)
		}
		sel := x.dir.where(tx.NewSelect().TableExpr("member_search AS s").
			ColumnExpr("?, s.member_id, s.number, s.name, s.email, s.kind = 'individual', 'pending'", c.ID), f, "").
			Where("1 = 1") // SQLite: a WHERE tells the upsert's ON from a join's
		res, err := tx.NewRaw("INSERT INTO bulk_notice_recipients "+
			"(campaign_id, member_id, number, name, email, individual, state) ? ON CONFLICT DO NOTHING", sel).
			Exec(ctx)
		if err != nil {
			return fmt.Errorf("bunstore: bulk notice recipients: %w", err)
		}
		affected, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("bunstore: bulk notice recipients: %w", err)
		}
		n = int(affected)
		if n == 0 {
			_, err = tx.NewDelete().Model((*bulkNoticeRow)(nil)).Where("id = ?", c.ID).Exec(ctx)
		} else {
			_, err = tx.NewUpdate().Model((*bulkNoticeRow)(nil)).Set("recipients = ?", n).Where("id = ?", c.ID).
				Exec(ctx)
		}
		if err != nil {
			return fmt.Errorf("bunstore: create bulk notice: %w", err)
		}
		return nil
	})
	return n, err
}

// ByRequestKey finds the campaign a sending form's key made.
func (x *BulkNotices) ByRequestKey(ctx context.Context, key string) (bulknotice.Campaign, bool, error) {
	if key == "" {
		return bulknotice.Campaign{}, false, nil
	}
	var row bulkNoticeRow
	err := x.db.conn(ctx).NewSelect().Model(&row).Where("request_key = ?", key).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return bulknotice.Campaign{}, false, nil
	}
	if err != nil {
		return bulknotice.Campaign{}, false, fmt.Errorf("bunstore: bulk notice by key: %w", err)
	}
	return row.campaign(), true, nil
}

// Get loads one campaign.
func (x *BulkNotices) Get(ctx context.Context, id string) (bulknotice.Campaign, error) {
	var row bulkNoticeRow
	err := x.db.conn(ctx).NewSelect().Model(&row).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return bulknotice.Campaign{}, bulknotice.NotFoundError()
	}
	if err != nil {
		return bulknotice.Campaign{}, fmt.Errorf("bunstore: get bulk notice: %w", err)
	}
	return row.campaign(), nil
}

// List returns a page of campaigns, newest first.
func (x *BulkNotices) List(ctx context.Context, limit, offset int) ([]bulknotice.Campaign, int, error) {
	var rows []bulkNoticeRow
	total, err := x.db.conn(ctx).NewSelect().Model(&rows).OrderExpr("created_at DESC, id DESC").
		Limit(max(limit, 1)).Offset(offset).ScanAndCount(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("bunstore: list bulk notices: %w", err)
	}
	out := make([]bulknotice.Campaign, len(rows))
	for i, r := range rows {
		out[i] = r.campaign()
	}
	return out, total, nil
}

// Progress counts a campaign's recipients by state.
func (x *BulkNotices) Progress(ctx context.Context, id string) (bulknotice.Progress, error) {
	var rows []struct {
		State string `bun:"state"`
		N     int    `bun:"n"`
	}
	err := x.db.conn(ctx).NewSelect().TableExpr("bulk_notice_recipients").ColumnExpr("state, COUNT(*) AS n").
		Where("campaign_id = ?", id).GroupExpr("state").Scan(ctx, &rows)
	if err != nil {
		return bulknotice.Progress{}, fmt.Errorf("bunstore: bulk notice progress: %w", err)
	}
	var p bulknotice.Progress
	for _, r := range rows {
		switch bulknotice.State(r.State) {
		case bulknotice.Pending:
			p.Pending = r.N
		case bulknotice.Sent:
			p.Sent = r.N
		case bulknotice.Failed:
			p.Failed = r.N
		}
	}
	return p, nil
}

// NextPending returns the oldest campaign with pending recipients.
func (x *BulkNotices) NextPending(ctx context.Context) (bulknotice.Campaign, bool, error) {
	var row bulkNoticeRow
	err := x.db.conn(ctx).NewSelect().Model(&row).
		Where("EXISTS (SELECT 1 FROM bulk_notice_recipients AS r WHERE r.campaign_id = n.id AND r.state = 'pending')").
		OrderExpr("created_at, id").Limit(1).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return bulknotice.Campaign{}, false, nil
	}
	if err != nil {
		return bulknotice.Campaign{}, false, fmt.Errorf("bunstore: next bulk notice: %w", err)
	}
	return row.campaign(), true, nil
}

// Start sets the campaign's start unless it is set.
func (x *BulkNotices) Start(ctx context.Context, id string, at time.Time) error {
	_, err := x.db.conn(ctx).NewUpdate().Model((*bulkNoticeRow)(nil)).Set("started_at = ?", storedTime(at)).
		Where("id = ?", id).Where("started_at IS NULL").Exec(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: start bulk notice: %w", err)
	}
	return nil
}

// Pending returns up to limit pending recipients, in member order.
func (x *BulkNotices) Pending(ctx context.Context, campaignID string, limit int) ([]bulknotice.Recipient, error) {
	var rows []bulkRecipientRow
	err := x.db.conn(ctx).NewSelect().Model(&rows).Where("campaign_id = ?", campaignID).
		Where("state = ?", string(bulknotice.Pending)).OrderExpr("member_id").Limit(max(limit, 1)).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("bunstore: pending bulk recipients: %w", err)
	}
	out := make([]bulknotice.Recipient, len(rows))
	for i, r := range rows {
		out[i] = bulknotice.Recipient{CampaignID: r.CampaignID, MemberID: r.MemberID, Number: r.Number, Name: r.Name,
			Email: r.Email, Individual: r.Individual}
	}
	return out, nil
}

// Mark sets the state of pending recipients.
func (x *BulkNotices) Mark(ctx context.Context, campaignID string, memberIDs []string, state bulknotice.State,
	at time.Time) (int, error) {
	if len(memberIDs) == 0 {
		return 0, nil
	}
	res, err := x.db.conn(ctx).NewUpdate().Model((*bulkRecipientRow)(nil)).Set("state = ?", string(state)).
		Set("done_at = ?", storedTime(at)).Where("campaign_id = ?", campaignID).
		Where("member_id IN (?)", bun.List(memberIDs)).Where("state = ?", string(bulknotice.Pending)).Exec(ctx)
	if err != nil {
		return 0, fmt.Errorf("bunstore: mark bulk recipients: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("bunstore: mark bulk recipients: %w", err)
	}
	return int(n), nil
}
