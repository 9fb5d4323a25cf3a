package mimemsg_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/internal/mimemsg"
	"github.com/openassoc/membership/ports"
)

// A message with an attached file (an e-invoice) comes back with the file's
// name, type and bytes intact, beside its text body.
func TestAttachmentRoundTrip(t *testing.T) {
	t.Parallel()
	data := append([]byte("%PDF-1.4\n"), 0, 1, 2, 0xff, 0xfe)
	msg := ports.Message{To: []string{"cw@example.org"}, Subject: "会费电子发票", Text: "电子发票见附件",
		Attachments: []ports.Attachment{{Name: "发票24112000000012345678.pdf", ContentType: "application/pdf",
			Data: data}}}
	m, err := mimemsg.Compose("noreply@example.org", msg, time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	var buf bytes.Buffer
	_, err = m.WriteTo(&buf)
	require.NoError(t, err)
	got, err := mimemsg.Decode(&buf)
	require.NoError(t, err)
	assert.Equal(t, "电子发票见附件", got.Text)
	require.Len(t, got.Attachments, 1)
	assert.Equal(t, "发票24112000000012345678.pdf", got.Attachments[0].Name)
	assert.Equal(t, "application/pdf", got.Attachments[0].ContentType)
	assert.Equal(t, data, got.Attachments[0].Data)
}
