package command

import (
	"crypto/sha256"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/legacyimport"
	"github.com/openassoc/membership/core/domain/member"
)

// ImportCache remembers, per file fingerprint, what a preview learned that
// its commit needs before writing anything (the rows, for the progress; the
// highest imported number per counter): the commit of a preview made by this
// process then reads the file once instead of twice. A commit that finds
// nothing (another instance, a restart) reads the file a first time itself.
// It holds a few small entries.
type ImportCache struct {
	mu    sync.Mutex
	m     map[string]prepassResult
	order []string
}

const importCacheSize = 16

// NewImportCache returns an empty cache.
func NewImportCache() *ImportCache { return &ImportCache{m: map[string]prepassResult{}} }

func (c *ImportCache) put(r prepassResult) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[r.fingerprint]; !ok {
		c.order = append(c.order, r.fingerprint)
	}
	c.m[r.fingerprint] = r
	for len(c.order) > importCacheSize {
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
}

func (c *ImportCache) get(fingerprint string) (prepassResult, bool) {
	if c == nil {
		return prepassResult{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.m[fingerprint]
	return r, ok
}

// seqTracker keeps the highest imported number per counter.
type seqTracker struct {
	readers map[member.Kind]*legacyimport.SequenceReader
	max     map[string]int64
	today   time.Time
}

func (d ImportDeps) newSeqTracker() *seqTracker {
	return &seqTracker{today: d.now(), max: map[string]int64{}, readers: map[member.Kind]*legacyimport.SequenceReader{
		member.Enterprise: legacyimport.NewSequenceReader(d.Formats.For(member.Enterprise), member.Enterprise),
		member.Individual: legacyimport.NewSequenceReader(d.Formats.For(member.Individual), member.Individual)}}
}

// note reads a data row's kind and member number.
func (s *seqTracker) note(c legacyimport.Cells) {
	kind, ok := c.Kind()
	if !ok {
		return
	}
	if scope, seq, ok := s.readers[kind].Read(strings.ToUpper(c.Get(legacyimport.FieldNumber)), s.today); ok && seq > s.max[scope] {
		s.max[scope] = seq
	}
}

// hashFile is the fingerprint of a file read as bytes only.
func hashFile(f ImportFile) (string, error) {
	if f.Open == nil {
		return "", apperr.Internal(errNoFile)
	}
	rc, err := f.Open()
	if err != nil {
		return "", apperr.Internal(err)
	}
	defer func() { _ = rc.Close() }()
	sum := sha256.New()
	if _, err := io.Copy(sum, rc); err != nil {
		return "", apperr.Internal(err)
	}
	return fingerprint(sum, f.Mapping), nil
}
