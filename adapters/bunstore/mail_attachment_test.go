package bunstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/adapters/bunstore/bunstoretest"
	"github.com/openassoc/membership/ports"
)

// A queued email keeps its attached files (an issued e-invoice) byte for byte
// until it is sent; one without files has none.
func TestMailQueueKeepsAttachments(t *testing.T) {
	ctx := context.Background()
	q := bunstore.NewMailQueue(bunstoretest.OpenSQLite(t))
	now := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	file := ports.Attachment{Name: "发票0001.pdf", ContentType: "application/pdf", Data: []byte{'%', 'P', 0, 0xff}}
	_, err := q.Enqueue(ctx, ports.Message{To: []string{"a@example.com"}, Subject: "发票", Text: "见附件",
		Key: "with", Attachments: []ports.Attachment{file}}, now)
	require.NoError(t, err)
	_, err = q.Enqueue(ctx, ports.Message{To: []string{"b@example.com"}, Subject: "无附件", Text: "正文", Key: "without"},
		now)
	require.NoError(t, err)
	with, err := q.Find(ctx, "with")
	require.NoError(t, err)
	assert.Equal(t, []ports.Attachment{file}, with.Message.Attachments)
	without, err := q.Find(ctx, "without")
	require.NoError(t, err)
	assert.Empty(t, without.Message.Attachments)
}
