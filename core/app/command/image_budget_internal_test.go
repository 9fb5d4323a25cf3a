package command

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command/imagetest"
	"github.com/openassoc/membership/core/apperr"
)

// The cost read from the header is what Go's decoders allocate: the picture in
// their layout, int32 coefficients of a progressive JPEG, RGBA copies.
func TestImageCostFromHeader(t *testing.T) {
	const a4w, a4h = imagetest.A4Width300, imagetest.A4Height300
	cases := []struct {
		name string
		data []byte
		cost int64
		fits bool
	}{
		{"baseline A4 300 dpi, 4:2:0", imagetest.A4Scan(), 13_094_400, true},
		{"progressive A4 300 dpi, 4:2:0", imagetest.ProgressiveJPEG420(a4w, a4h), 5 * 13_094_400, true},
		{"progressive A4 300 dpi, 4:4:4", imagetest.ProgressiveJPEG(a4w, a4h), 5 * 3 * 64 * 310 * 439, false},
		{"progressive 7000², 4:4:4", imagetest.ProgressiveJPEG(7000, 7000), 735_000_000, false},
		{"the 192-byte header of it", imagetest.TruncatedProgressiveJPEG(7000, 7000, 192), 735_000_000, false},
		{"16-bit RGB PNG 7000²", imagetest.PNG16(7000, 7000), 7000 * 7000 * 8, false},
		{"16-bit RGB PNG A4 300 dpi", imagetest.PNGHeader(a4w, a4h, 16, 2, 0, false), a4w * a4h * 8, true},
		{"… interlaced", imagetest.PNGHeader(a4w, a4h, 16, 2, 1, false), 2 * a4w * a4h * 8, false},
		{"8-bit RGB PNG A4 300 dpi", imagetest.PNGHeader(a4w, a4h, 8, 2, 0, false), a4w * a4h * 4, true},
		{"8-bit grey PNG A4 600 dpi", imagetest.PNGHeader(2*a4w, 2*a4h, 8, 0, 0, false), 4 * a4w * a4h, true},
		{"… with a transparent grey", imagetest.PNGHeader(2*a4w, 2*a4h, 8, 0, 0, true), 16 * a4w * a4h, false},
		{"16-bit grey PNG A4 600 dpi", imagetest.PNGHeader(2*a4w, 2*a4h, 16, 0, 0, false), 8 * a4w * a4h, true},
		{"8-bit palette PNG", imagetest.PNGHeader(100, 100, 8, 3, 0, false), 0, true},
		{"RGBA 16-bit PNG", imagetest.PNGHeader(100, 100, 16, 6, 0, false), 100 * 100 * 8, true},
	}
	for _, tc := range cases {
		var cost int64
		var err error
		if isPNG(tc.data) {
			cost, err = pngCost(tc.data)
		} else {
			cost, err = jpegCost(tc.data)
		}
		if tc.cost == 0 { // a palette PNG needs its PLTE chunk first
			require.Error(t, err, tc.name)
			continue
		}
		require.NoError(t, err, tc.name)
		assert.Equal(t, tc.cost, cost, tc.name)
		assert.Equal(t, tc.fits, cost <= DefaultMaxDecodedBytes, tc.name)
	}
}

// At most MaxConcurrent pictures are decoded at once; an upload waiting for a
// slot gives up with its request.
func TestImageDecodesWaitForASlot(t *testing.T) {
	c := NewImageChecker(ImageBudget{MaxConcurrent: 1})
	c.slots <- struct{}{} // a decode in progress
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the request ends while it waits
	_, err := c.Check(ctx, "scan", imagetest.A4Scan())
	require.Error(t, err, "no decode while the only slot is taken")
	assert.True(t, errors.Is(err, context.Canceled), "%v", err)
	assert.Equal(t, apperr.KindInternal, apperr.As(err).Kind)

	<-c.slots // the other decode ends
	ct, err := c.Check(context.Background(), "scan", imagetest.A4Scan())
	require.NoError(t, err)
	assert.Equal(t, "image/jpeg", ct)
	assert.Empty(t, c.slots, "the slot is given back")
}
