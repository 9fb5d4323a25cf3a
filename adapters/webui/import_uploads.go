package webui

import (
	"bytes"
	"io"
	"sync"
	"time"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/legacyimport"
)

// importUploads keeps 导入老会员's uploaded files between the preview and
// the commit (and the mapping step), by preview key, for an hour and at most
// maxImportUploads of them: the commit reads the very bytes the preview read.
// They live in this process's memory; a preview made on another instance
// must be uploaded again.
type importUploads struct {
	mu    sync.Mutex
	files map[string]importUpload
}

type importUpload struct {
	name    string
	data    []byte
	mapping map[string]legacyimport.Field
	header  []string // the file's header row (the mapping step)
	at      time.Time
}

const (
	maxImportUploads = 8
	importUploadFor  = time.Hour
)

func newImportUploads() *importUploads { return &importUploads{files: map[string]importUpload{}} }

// put keeps a file under a preview key, forgetting the oldest beyond the
// bound and the expired ones.
func (s *importUploads) put(key string, up importUpload, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	up.at = now
	s.files[key] = up
	for k, f := range s.files {
		if now.Sub(f.at) > importUploadFor {
			delete(s.files, k)
		}
	}
	for len(s.files) > maxImportUploads {
		oldest := ""
		for k, f := range s.files {
			if oldest == "" || f.at.Before(s.files[oldest].at) {
				oldest = k
			}
		}
		delete(s.files, oldest)
	}
}

// get returns the file of a preview key.
func (s *importUploads) get(key string, now time.Time) (importUpload, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.files[key]
	if !ok || now.Sub(f.at) > importUploadFor {
		return importUpload{}, false
	}
	return f, true
}

// file is the upload as the core reads it.
func (f importUpload) file() command.ImportFile {
	data := f.data
	return command.ImportFile{Name: f.name, Mapping: f.mapping,
		Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
}
