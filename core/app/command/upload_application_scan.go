package command

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/id"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// UploadApplicationScan is the upload of the stamped application form on step ③.
// The inbound adapter makes sure exactly one file came; this use case checks its
// size and content.
type UploadApplicationScan struct {
	Principal access.Principal
	FileName  string    // as uploaded, for display only; the content decides the type
	Content   io.Reader // read up to application.MaxScanBytes + 1 bytes
}

// UploadApplicationScanHandler stores stamped scans.
type UploadApplicationScanHandler struct {
	members ports.MemberRepository
	files   ports.FileStore
	authz   ports.Authorizer
	clock   ports.Clock
	images  *ImageChecker
}

// NewUploadApplicationScanHandler builds the handler; images is the decode
// budget shared with the other picture uploads (nil: a checker of its own with
// the default budget).
func NewUploadApplicationScanHandler(members ports.MemberRepository, files ports.FileStore, authz ports.Authorizer,
	clock ports.Clock, images *ImageChecker) *UploadApplicationScanHandler {
	return &UploadApplicationScanHandler{members: members, files: files, authz: authz, clock: clock,
		images: orDefaultImages(images)}
}

// ScanField is the field name of upload errors (the form's file input).
const ScanField = "scan"

// Handle checks the file (at most 10 MB; a PNG or JPEG by its magic bytes, within
// the decode budget, that decodes completely), stores it under a new key and attaches it to the member's
// application; the scan it replaces is deleted after the change is stored. A
// refused file leaves nothing behind.
func (h *UploadApplicationScanHandler) Handle(ctx context.Context, cmd UploadApplicationScan) (application.Scan, error) {
	if err := access.Authorize(h.authz, cmd.Principal, access.EditOwnApplication, cmd.Principal.ID); err != nil {
		return application.Scan{}, err
	}
	m, err := h.members.Get(ctx, cmd.Principal.ID)
	if err != nil {
		return application.Scan{}, err
	}
	if err := m.RequireVerifiedEmail(); err != nil {
		return application.Scan{}, err
	}
	if err := m.CanAttachScan(); err != nil {
		return application.Scan{}, err
	}
	data, contentType, err := h.readScan(ctx, cmd.Content)
	if err != nil {
		return application.Scan{}, err
	}
	now := h.clock.Now()
	scan := application.Scan{ContentType: contentType, Size: int64(len(data)), FileName: cleanFileName(cmd.FileName)}
	scan.Key = "scans/" + m.ID() + "/" + id.New(now) + scan.Extension()
	if err := h.files.Put(ctx, scan.Key, bytes.NewReader(data)); err != nil {
		return application.Scan{}, apperr.Internal(fmt.Errorf("store scan: %w", err))
	}
	var replaced string
	err = h.members.Update(ctx, m.ID(), func(_ context.Context, m *member.Member) error {
		var err error
		replaced, err = m.AttachScan(scan, now)
		return err
	})
	if err != nil {
		_ = h.files.Delete(context.WithoutCancel(ctx), scan.Key)
		return application.Scan{}, err
	}
	if replaced != "" && replaced != scan.Key {
		_ = h.files.Delete(ctx, replaced) // a file left behind is harmless
	}
	scan.UploadedAt = now
	return scan, nil
}

// readScan reads the upload and checks its size and content.
func (h *UploadApplicationScanHandler) readScan(ctx context.Context, r io.Reader) ([]byte, string, error) {
	if r == nil {
		return nil, "", scanError("file_required", "请选择要上传的文件")
	}
	data, err := io.ReadAll(io.LimitReader(r, application.MaxScanBytes+1))
	if err != nil {
		return nil, "", apperr.Internal(fmt.Errorf("read scan upload: %w", err))
	}
	switch {
	case len(data) == 0:
		return nil, "", scanError("file_required", "请选择要上传的文件")
	case len(data) > application.MaxScanBytes:
		return nil, "", scanError("file_too_large", "文件不能超过10MB")
	}
	if !isPNG(data) && !isJPEG(data) {
		return nil, "", scanError("file_type", "只能上传PNG或JPG格式的图片文件")
	}
	contentType, err := h.images.Check(ctx, ScanField, data)
	if err != nil {
		return nil, "", err
	}
	return data, contentType, nil
}

func scanError(code, msg string) error {
	var v apperr.Validation
	v.Add(ScanField, code, msg)
	return v.Err()
}
