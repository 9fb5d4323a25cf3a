package command

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/infochange"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// InfoChangePorts are the ports of 信息变更's use cases.
type InfoChangePorts struct {
	Members     ports.MemberRepository
	InfoChanges ports.InfoChangeRepository
	Files       ports.FileStore
	Tx          ports.Transactor
	Authz       ports.Authorizer
	Clock       ports.Clock
	Audit       *Auditor
	Images      *ImageChecker // the decode budget of pictures (nil: the default)
	// Lookup finds a member by its USCC (exact, indexed), for the uniqueness
	// of a changed USCC; nil checks none.
	Lookup   ports.PublicLookup
	Location *time.Location
}

func (p InfoChangePorts) now() time.Time { return p.Clock.Now().In(orUTC(p.Location)) }

func proofError(code, msg string) error {
	var v apperr.Validation
	v.Add(infochange.ProofField, code, msg)
	return v.Err()
}

// readProof reads and checks a proof (变更证明材料): a PDF by its structure or
// a JPEG (or PNG) within the decode budget that decodes completely, at most
// 10 MB; whatever its name says, the content decides. It returns the data
// and the format (pdf, jpg, png).
func (p InfoChangePorts) readProof(ctx context.Context, r io.Reader) ([]byte, string, error) {
	if r == nil {
		return nil, "", proofError(infochange.ErrProofRequired, "请上传变更证明材料（.pdf 或 .jpg）")
	}
	data, err := io.ReadAll(io.LimitReader(r, infochange.MaxProofBytes+1))
	if err != nil {
		return nil, "", apperr.Internal(fmt.Errorf("read proof upload: %w", err))
	}
	switch {
	case len(data) == 0:
		return nil, "", proofError(infochange.ErrProofRequired, "请上传变更证明材料（.pdf 或 .jpg）")
	case len(data) > infochange.MaxProofBytes:
		return nil, "", proofError("file_too_large", "证明材料不能超过10MB")
	case bytes.HasPrefix(data, []byte("%PDF-")):
		tail := data[max(0, len(data)-2048):]
		if !pdfHeader.Match(data) || !bytes.Contains(tail, []byte("%%EOF")) ||
			!bytes.Contains(data, []byte("startxref")) || !pdfObject.Match(data) {
			return nil, "", proofError("file_corrupt", "PDF文件已损坏或不完整，无法读取")
		}
		return data, "pdf", nil
	case isJPEG(data) || isPNG(data):
		ct, err := orDefaultImages(p.Images).Check(ctx, infochange.ProofField, data)
		if err != nil {
			return nil, "", err
		}
		if ct == application.ContentTypePNG {
			return data, "png", nil
		}
		return data, "jpg", nil
	}
	return nil, "", proofError("file_type", "证明材料只支持 .pdf 或 .jpg 格式，文件内容与格式不符")
}

// checkUnique refuses a change to a name another member of the kind uses, or
// to a USCC another enterprise uses: a Conflict on the field.
func (p InfoChangePorts) checkUnique(ctx context.Context, m *member.Member, name, uscc string) error {
	if name != "" && name != m.Name() {
		taken, err := p.Members.NameTaken(ctx, m.Kind(), name)
		if err != nil {
			return apperr.Internal(fmt.Errorf("check name: %w", err))
		}
		if taken {
			return apperr.FieldConflict("name", infochange.ErrNameTaken, "该名称已被其他会员使用，请核实后再提交")
		}
	}
	if uscc == "" || p.Lookup == nil || m.Kind() != member.Enterprise ||
		strings.EqualFold(uscc, m.Application().Enterprise.USCC) {
		return nil
	}
	found, err := p.Lookup.LookupPublic(ctx, "", "", uscc, 2)
	if err != nil {
		return apperr.Internal(fmt.Errorf("check uscc: %w", err))
	}
	for _, f := range found {
		if f.ID != m.ID() {
			return apperr.FieldConflict("uscc", infochange.ErrUSCCTaken, "该统一社会信用代码已被其他会员使用，请核实后再提交")
		}
	}
	return nil
}

// ownChange loads the member's own request; another member's is NotFound.
func (p InfoChangePorts) ownChange(ctx context.Context, pr access.Principal, id string) (infochange.Request, error) {
	r, err := p.InfoChanges.GetInfoChange(ctx, strings.TrimSpace(id))
	if err != nil {
		return infochange.Request{}, err
	}
	if r.MemberID != pr.ID {
		return infochange.Request{}, infochange.NotFoundError()
	}
	return r, nil
}

// changeOf is the member's change a request asks for.
func changeOf(r infochange.Request) member.InfoChange {
	return member.InfoChange{Name: r.Name, Enterprise: r.Enterprise, Individual: r.Individual}
}
