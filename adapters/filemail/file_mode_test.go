package filemail_test

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/ports"
)

// TestMailFolderIsPrivate: the folder the mailer creates and the messages in
// it (which carry reset links) are their owner's only.
func TestMailFolderIsPrivate(t *testing.T) {
	t.Parallel()
	m := newMailer(t)
	require.NoError(t, m.Send(context.Background(), ports.Message{To: []string{"a@example.com"}, Subject: "s", Text: "t"}))
	dir, err := os.Stat(m.Dir())
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o700), dir.Mode().Perm())
	fi, err := os.Stat(onlyFile(t, m))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
}
