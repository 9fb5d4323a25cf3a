package bunstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
)

// applicationRow is the stored form of a member's application.Application; the
// form of the member's kind is kept as JSON.
type applicationRow struct {
	bun.BaseModel `bun:"table:applications"`

	MemberID         string    `bun:"member_id,pk"`
	Form             string    `bun:"form"`
	ScanKey          string    `bun:"scan_key"`
	ScanContentType  string    `bun:"scan_content_type"`
	ScanSize         int64     `bun:"scan_size"`
	ScanFileName     string    `bun:"scan_file_name"`
	ScanUploadedAt   time.Time `bun:"scan_uploaded_at,nullzero"`
	ConfirmedStamped bool      `bun:"confirmed_stamped"`
	SavedAt          time.Time `bun:"saved_at,nullzero"`
	SubmittedAt      time.Time `bun:"submitted_at,nullzero"`
	ApprovedAt       time.Time `bun:"approved_at,nullzero"`
	RejectedAt       time.Time `bun:"rejected_at,nullzero"`
}

// applicationToRow returns the row of a member's application and true, or false
// (and no row) when the member has none yet: nothing is stored then.
func applicationToRow(s member.Snapshot) (*applicationRow, bool, error) {
	a := s.Application
	if a == (application.Application{}) {
		return nil, false, nil
	}
	var form any = a.Enterprise
	if s.Kind == member.Individual {
		form = a.Individual
	}
	b, err := json.Marshal(form)
	if err != nil {
		return nil, false, fmt.Errorf("bunstore: encode application form: %w", err)
	}
	return &applicationRow{
		MemberID: s.ID, Form: string(b), ScanKey: a.Scan.Key, ScanContentType: a.Scan.ContentType,
		ScanSize: a.Scan.Size, ScanFileName: a.Scan.FileName, ScanUploadedAt: storedTime(a.Scan.UploadedAt),
		ConfirmedStamped: a.ConfirmedStamped, SavedAt: storedTime(a.SavedAt),
		SubmittedAt: storedTime(a.SubmittedAt), ApprovedAt: storedTime(a.ApprovedAt), RejectedAt: storedTime(a.RejectedAt),
	}, true, nil
}

// application rebuilds the application of a member of the kind.
func (r *applicationRow) application(kind member.Kind) (application.Application, error) {
	a := application.Application{
		Scan: application.Scan{Key: r.ScanKey, ContentType: r.ScanContentType, Size: r.ScanSize,
			FileName: r.ScanFileName, UploadedAt: loadedTime(r.ScanUploadedAt)},
		ConfirmedStamped: r.ConfirmedStamped, SavedAt: loadedTime(r.SavedAt),
		SubmittedAt: loadedTime(r.SubmittedAt), ApprovedAt: loadedTime(r.ApprovedAt), RejectedAt: loadedTime(r.RejectedAt),
	}
	var target any = &a.Enterprise
	if kind == member.Individual {
		target = &a.Individual
	}
	if r.Form != "" {
		if err := json.Unmarshal([]byte(r.Form), target); err != nil {
			return application.Application{}, fmt.Errorf("bunstore: decode application form of %s: %w", r.MemberID, err)
		}
	}
	return a, nil
}

// saveApplication writes the member's application (insert or replace) in the
// member's transaction.
func saveApplication(ctx context.Context, tx bun.IDB, s member.Snapshot) error {
	row, ok, err := applicationToRow(s)
	if err != nil || !ok {
		return err
	}
	_, err = tx.NewInsert().Model(row).
		On("CONFLICT (member_id) DO UPDATE").
		Set("form = EXCLUDED.form").
		Set("scan_key = EXCLUDED.scan_key").
		Set("scan_content_type = EXCLUDED.scan_content_type").
		Set("scan_size = EXCLUDED.scan_size").
		Set("scan_file_name = EXCLUDED.scan_file_name").
		Set("scan_uploaded_at = EXCLUDED.scan_uploaded_at").
		Set("confirmed_stamped = EXCLUDED.confirmed_stamped").
		Set("saved_at = EXCLUDED.saved_at").
		Set("submitted_at = EXCLUDED.submitted_at").
		Set("approved_at = EXCLUDED.approved_at").
		Set("rejected_at = EXCLUDED.rejected_at").
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: save application: %w", err)
	}
	return nil
}

// loadMembers rebuilds members from their rows, reading their applications in one
// query.
func loadMembers(ctx context.Context, idb bun.IDB, rows []*memberRow) ([]*member.Member, error) {
	if len(rows) == 0 {
		return []*member.Member{}, nil
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var apps []applicationRow
	if err := idb.NewSelect().Model(&apps).Where("member_id IN (?)", bun.List(ids)).Scan(ctx); err != nil {
		return nil, fmt.Errorf("bunstore: load applications: %w", err)
	}
	byMember := make(map[string]*applicationRow, len(apps))
	for i := range apps {
		byMember[apps[i].MemberID] = &apps[i]
	}
	out := make([]*member.Member, len(rows))
	for i, r := range rows {
		s := r.snapshot()
		if a, ok := byMember[r.ID]; ok {
			app, err := a.application(s.Kind)
			if err != nil {
				return nil, err
			}
			s.Application = app
		}
		out[i] = member.Restore(s)
	}
	return out, nil
}

// loadMember rebuilds one member from its row.
func loadMember(ctx context.Context, idb bun.IDB, row *memberRow) (*member.Member, error) {
	ms, err := loadMembers(ctx, idb, []*memberRow{row})
	if err != nil {
		return nil, err
	}
	return ms[0], nil
}
