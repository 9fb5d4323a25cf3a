package command

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"sort"
	"strings"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/legacyimport"
)

// PreviewImport is the dry run of 导入老会员: what importing the file would
// create or update, and every row's problems. Nothing is written.
type PreviewImport struct {
	Principal access.Principal
	File      ImportFile
}

// PreviewImportHandler previews imports.
type PreviewImportHandler struct{ d ImportDeps }

// NewPreviewImportHandler builds the handler.
func NewPreviewImportHandler(d ImportDeps) *PreviewImportHandler { return &PreviewImportHandler{d: d} }

// Handle reads the whole file (admin only, member:import) and returns the
// report; its Key, given to CommitImport with the same file, commits exactly
// this preview once.
func (h *PreviewImportHandler) Handle(ctx context.Context, cmd PreviewImport) (*ImportReport, error) {
	if err := access.Authorize(h.d.Authz, cmd.Principal, access.ImportMembers, ""); err != nil {
		return nil, err
	}
	sum := sha256.New()
	rep, err := h.d.scan(ctx, cmd.File, sum, nil)
	if err != nil {
		return nil, err
	}
	fp := fingerprint(sum, cmd.File.Mapping)
	rep.Key = fp + "-" + auth.NewToken()[:12]
	if !rep.Fatal {
		h.d.Cache.put(prepassResult{fingerprint: fp, rows: rep.Rows, maxSeq: rep.maxSeq})
	}
	return rep, nil
}

// fingerprint is the hash of a file's content and of the header mapping it
// is read with: the part of a preview's key a commit checks.
func fingerprint(sum hash.Hash, mapping map[string]legacyimport.Field) string {
	keys := make([]string, 0, len(mapping))
	for k := range mapping {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.New()
	h.Write(sum.Sum(nil))
	for _, k := range keys {
		h.Write([]byte(k + "\x00" + string(mapping[k]) + "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// keyFingerprint is the fingerprint part of a preview key.
func keyFingerprint(key string) string {
	fp, _, _ := strings.Cut(key, "-")
	return fp
}
