package query

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/ports"
)

// ApplicationScan asks for the stamped scan of an application: the principal's own
// when MemberID is empty.
type ApplicationScan struct {
	Principal access.Principal
	MemberID  string
}

// ScanFile is the stamped scan's content; the caller closes Body.
type ScanFile struct {
	Body        io.ReadCloser
	ContentType string // image/png or image/jpeg, as checked at upload
	Size        int64
	FileName    string // a download name: the uploaded name or 入会申请表盖章扫描件.png
	UploadedAt  time.Time
}

// ApplicationScanHandler serves stamped scans.
type ApplicationScanHandler struct {
	members ports.MemberRepository
	files   ports.FileStore
	authz   ports.Authorizer
}

// NewApplicationScanHandler builds the handler.
func NewApplicationScanHandler(members ports.MemberRepository, files ports.FileStore, authz ports.Authorizer) *ApplicationScanHandler {
	return &ApplicationScanHandler{members: members, files: files, authz: authz}
}

// Handle opens the scan for its owner or staff allowed to read applications;
// another member, or an application without a scan, gets NotFound.
func (h *ApplicationScanHandler) Handle(ctx context.Context, q ApplicationScan) (ScanFile, error) {
	id := memberOf(q.Principal, q.MemberID)
	if err := access.Authorize(h.authz, q.Principal, access.ReadApplication, id); err != nil {
		return ScanFile{}, err
	}
	m, err := h.members.Get(ctx, id)
	if err != nil {
		return ScanFile{}, err
	}
	s := m.Application().Scan
	if !s.Present() {
		return ScanFile{}, apperr.NotFound("scan_not_found", "尚未上传盖章扫描件")
	}
	body, err := h.files.Open(ctx, s.Key)
	if apperr.IsKind(err, apperr.KindNotFound) {
		return ScanFile{}, apperr.NotFound("scan_not_found", "盖章扫描件不存在")
	}
	if err != nil {
		return ScanFile{}, apperr.Internal(fmt.Errorf("open scan %s: %w", s.Key, err))
	}
	name := s.FileName
	if name == "" {
		name = fmt.Sprintf("入会申请表盖章扫描件%s", s.Extension())
	}
	return ScanFile{Body: body, ContentType: s.ContentType, Size: s.Size, FileName: name, UploadedAt: s.UploadedAt}, nil
}
