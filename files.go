package membership

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/openassoc/membership/adapters/localfiles"
	"github.com/openassoc/membership/adapters/s3files"
	"github.com/openassoc/membership/ports"
)

// fileStore returns the store Config.Files names: an S3 bucket (s3://…), a
// folder, or by default the folder DataDir/files.
func (m *Module) fileStore() (ports.FileStore, error) {
	where := m.cfg.Files
	if strings.HasPrefix(where, "s3://") {
		c, err := s3files.ParseURL(where)
		if err != nil {
			return nil, fmt.Errorf("membership: Files: %w", err)
		}
		s, err := s3files.New(context.Background(), c)
		if err != nil {
			return nil, fmt.Errorf("membership: Files: %w", err)
		}
		m.logger.Info("uploaded files go to S3", "endpoint", c.Endpoint, "bucket", c.Bucket, "prefix", c.Prefix)
		return s, nil
	}
	if where == "" {
		where = filepath.Join(m.cfg.DataDir, "files")
	}
	s, err := localfiles.New(where)
	if err != nil {
		return nil, fmt.Errorf("membership: file folder: %w", err)
	}
	return s, nil
}
