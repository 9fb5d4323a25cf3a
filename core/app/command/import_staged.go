package command

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/legacyimport"
	"github.com/openassoc/membership/ports"
)

// StagedImportFor is how long an uploaded import file is kept between its
// preview and its commit.
const StagedImportFor = time.Hour

// StagedImport is an uploaded 导入老会员 file kept between the preview and the
// commit (and the mapping step): the preview's key it was last previewed
// under, its name, the staff's mapping and its header row.
type StagedImport struct {
	Key     string                        `json:"key"`
	Name    string                        `json:"name"`
	Mapping map[string]legacyimport.Field `json:"mapping,omitempty"`
	Header  []string                      `json:"header,omitempty"`
	At      time.Time                     `json:"at"`
	// open reads the kept file.
	open func() (io.ReadCloser, error)
}

// File is the staged upload as the preview and the commit read it (each
// pass reads it again from the file store).
func (s StagedImport) File() ImportFile {
	return ImportFile{Name: s.Name, Mapping: s.Mapping, Open: s.open}
}

// StagedImportsHandler keeps each staff member's uploaded import file in the
// file store (ports.FileStore: shared by the instances behind a balancer,
// kept across restarts) rather than in a process's memory: one file per staff
// member (a new upload replaces the last), under keys of their account, read
// back only with the preview's key, for StagedImportFor, and deleted once
// committed or found expired.
type StagedImportsHandler struct {
	files ports.FileStore
	authz ports.Authorizer
	clock ports.Clock
}

// NewStagedImportsHandler builds the handler.
func NewStagedImportsHandler(files ports.FileStore, authz ports.Authorizer, clock ports.Clock) *StagedImportsHandler {
	return &StagedImportsHandler{files: files, authz: authz, clock: clock}
}

// stagedKeys are the file store's keys of a staff member's staged upload:
// its content and its description.
func stagedKeys(p access.Principal) (data, meta string) {
	base := "imports/staged/" + hex.EncodeToString([]byte(p.ID)) // any id as file-store key characters
	return base + ".upload", base + ".json"
}

// Keep stores the upload previewed under s.Key (data: its content; nil keeps
// the content already staged, as the mapping step does).
func (h *StagedImportsHandler) Keep(ctx context.Context, p access.Principal, s StagedImport, data io.Reader) error {
	if err := access.Authorize(h.authz, p, access.ImportMembers, ""); err != nil {
		return err
	}
	dataKey, metaKey := stagedKeys(p)
	if data != nil {
		if err := h.files.Put(ctx, dataKey, data); err != nil {
			return apperr.Internal(fmt.Errorf("stage import upload: %w", err))
		}
	}
	s.At = h.clock.Now()
	js, err := json.Marshal(s)
	if err != nil {
		return apperr.Internal(err)
	}
	if err := h.files.Put(ctx, metaKey, bytes.NewReader(js)); err != nil {
		return apperr.Internal(fmt.Errorf("stage import upload: %w", err))
	}
	return nil
}

// Get returns the staff member's upload previewed under key; false when
// there is none under that key (another upload replaced it, or it was
// committed) or it expired (then it is deleted).
func (h *StagedImportsHandler) Get(ctx context.Context, p access.Principal, key string) (StagedImport, bool, error) {
	if err := access.Authorize(h.authz, p, access.ImportMembers, ""); err != nil {
		return StagedImport{}, false, err
	}
	dataKey, metaKey := stagedKeys(p)
	rc, err := h.files.Open(ctx, metaKey)
	if apperr.IsKind(err, apperr.KindNotFound) {
		return StagedImport{}, false, nil
	} else if err != nil {
		return StagedImport{}, false, apperr.Internal(err)
	}
	var s StagedImport
	err = json.NewDecoder(io.LimitReader(rc, 1<<20)).Decode(&s)
	_ = rc.Close()
	if err != nil {
		return StagedImport{}, false, apperr.Internal(fmt.Errorf("staged import upload: %w", err))
	}
	if h.clock.Now().Sub(s.At) > StagedImportFor {
		return StagedImport{}, false, h.Drop(ctx, p)
	}
	if key == "" || s.Key != key {
		return StagedImport{}, false, nil
	}
	s.open = func() (io.ReadCloser, error) { return h.files.Open(context.WithoutCancel(ctx), dataKey) }
	return s, true, nil
}

// Drop deletes the staff member's staged upload (after its commit).
func (h *StagedImportsHandler) Drop(ctx context.Context, p access.Principal) error {
	dataKey, metaKey := stagedKeys(p)
	if err := errors.Join(h.files.Delete(ctx, metaKey), h.files.Delete(ctx, dataKey)); err != nil {
		return apperr.Internal(fmt.Errorf("drop import upload: %w", err))
	}
	return nil
}
