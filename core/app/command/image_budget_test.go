package command_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/command/imagetest"
	"github.com/openassoc/membership/core/apperr"
)

// requireImageRefused checks a refusal on the field with its code.
func requireImageRefused(t *testing.T, err error, field, code string) {
	t.Helper()
	require.Error(t, err)
	e := apperr.As(err)
	require.Equal(t, apperr.KindInvalid, e.Kind, "%v", err)
	require.Len(t, e.Fields, 1)
	assert.Equal(t, field, e.Fields[0].Field)
	assert.Equal(t, code, e.Fields[0].Code)
	assert.NotEmpty(t, e.Fields[0].Message)
}

// Finding 1 of issue 9: the three files of the report are refused from their
// header, in a few milliseconds and without taking their decoded memory (700,
// 373 and 700 MiB before); a normal A4 scan still decodes.
func TestImageBudgetRefusesDecompressionBombsFromTheirHeader(t *testing.T) {
	bombs := []struct {
		name string
		data []byte
	}{
		{"a 280 KB progressive 7000×7000 JPEG", imagetest.ProgressiveJPEG(7000, 7000)},
		{"a 350 KB 16-bit 7000×7000 PNG", imagetest.PNG16(7000, 7000)},
		{"a 192-byte truncated progressive JPEG", imagetest.TruncatedProgressiveJPEG(7000, 7000, 192)},
	}
	c := command.NewImageChecker(command.ImageBudget{})
	ctx := context.Background()
	for _, b := range bombs {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := time.Now()
		_, err := c.Check(ctx, "scan", b.data)
		took := time.Since(start)
		runtime.ReadMemStats(&after)
		requireImageRefused(t, err, "scan", "image_too_large")
		alloc := after.TotalAlloc - before.TotalAlloc
		t.Logf("%s (%d bytes): refused in %v, %d KiB allocated", b.name, len(b.data), took, alloc>>10)
		assert.Less(t, alloc, uint64(1<<20), "%s: refused before decoding", b.name)
		assert.Less(t, took, time.Second, b.name)
	}

	ct, err := c.Check(ctx, "scan", imagetest.A4Scan())
	require.NoError(t, err, "an A4 page at 300 dpi is what a scan is")
	assert.Equal(t, "image/jpeg", ct)
}

func TestImageBudgetRefusesJPEGsWithTooManyScans(t *testing.T) {
	c := command.NewImageChecker(command.ImageBudget{})
	ct, err := c.Check(context.Background(), "voucher", imagetest.ManyScansJPEG(64, 64, 10))
	require.NoError(t, err, "a progressive JPEG has about ten scans")
	assert.Equal(t, "image/jpeg", ct)
	_, err = c.Check(context.Background(), "voucher", imagetest.ManyScansJPEG(64, 64, 5000))
	requireImageRefused(t, err, "voucher", "image_too_large")
	assert.Contains(t, apperr.As(err).Fields[0].Message, "渐进式")
}

func TestImageBudgetIsConfigurable(t *testing.T) {
	small := command.NewImageChecker(command.ImageBudget{MaxDecodedBytes: 1 << 20, MaxConcurrent: 1})
	_, err := small.Check(context.Background(), "scan", imagetest.A4Scan())
	requireImageRefused(t, err, "scan", "image_too_large")
	_, err = small.Check(context.Background(), "scan", []byte("GIF89a"))
	requireImageRefused(t, err, "scan", "file_type")
	_, err = small.Check(context.Background(), "scan", imagetest.TruncatedProgressiveJPEG(64, 64, 300))
	requireImageRefused(t, err, "scan", "file_corrupt")
}
