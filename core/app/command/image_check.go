package command

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/jpeg"
	"image/png"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
)

// The magic bytes that name an upload's format, whatever its file name says.
const (
	pngMagic  = "\x89PNG\r\n\x1a\n"
	jpegMagic = "\xFF\xD8\xFF"
)

func isPNG(data []byte) bool  { return bytes.HasPrefix(data, []byte(pngMagic)) }
func isJPEG(data []byte) bool { return bytes.HasPrefix(data, []byte(jpegMagic)) }

// DefaultMaxDecodedBytes is the memory one image decode may take by default:
// an A4 page at 300 dpi (2480 × 3508 pixels) in 16-bit RGB, as Go's PNG
// decoder holds it (8 bytes a pixel), about 66 MiB. The same budget takes an
// A4 page at 600 dpi in 8-bit grey (PNG or baseline JPEG), a 300 dpi colour
// page as baseline JPEG of any chroma subsampling or as progressive JPEG with
// 4:2:0 chroma; a progressive 4:4:4 JPEG of a 300 dpi page (about 125 MiB of
// coefficients) is refused with a message saying to save it as a normal JPG.
const DefaultMaxDecodedBytes = 2480 * 3508 * 8

// DefaultMaxConcurrentDecodes is how many images are decoded at once by
// default: with DefaultMaxDecodedBytes, at most about 133 MiB in all.
const DefaultMaxConcurrentDecodes = 2

// maxJPEGScans bounds the scans of a JPEG: each one walks every block of the
// picture. Encoders write 1 to 4 scans for a baseline picture and about 10 for
// a progressive one; thousands of empty scans in a small file are a CPU bomb.
const maxJPEGScans = 100

// ImageBudget bounds the decoding of uploaded pictures (stamped scans and
// payment vouchers). Zero fields take the defaults.
type ImageBudget struct {
	// MaxDecodedBytes is the memory one decode may need, computed from the
	// picture's header before anything is decoded.
	MaxDecodedBytes int64
	// MaxConcurrent is how many decodes run at once; further uploads wait (as
	// long as their request lives).
	MaxConcurrent int
}

// ImageChecker checks uploaded PNG and JPEG pictures: the header must promise
// no more decoded memory than the budget, and the whole picture must then
// decode, with at most MaxConcurrent decodes at a time. One checker is built
// in the wiring and shared by every use case that accepts pictures, so the
// bound holds for the whole process.
type ImageChecker struct {
	maxBytes int64
	slots    chan struct{}
}

// NewImageChecker returns a checker with the budget (zero fields: defaults).
func NewImageChecker(b ImageBudget) *ImageChecker {
	if b.MaxDecodedBytes <= 0 {
		b.MaxDecodedBytes = DefaultMaxDecodedBytes
	}
	if b.MaxConcurrent <= 0 {
		b.MaxConcurrent = DefaultMaxConcurrentDecodes
	}
	return &ImageChecker{maxBytes: b.MaxDecodedBytes, slots: make(chan struct{}, b.MaxConcurrent)}
}

// orDefaultImages returns c, or a checker with the default budget when c is nil.
func orDefaultImages(c *ImageChecker) *ImageChecker {
	if c == nil {
		return NewImageChecker(ImageBudget{})
	}
	return c
}

// The user's messages of a refused picture.
const (
	msgImageCorrupt  = "图片文件已损坏或不完整，无法读取"
	msgImageTooLarge = "图片尺寸过大（最大约为300dpi的A4扫描件），请调低扫描分辨率后重新上传；" +
		"渐进式JPG请另存为普通JPG"
	msgImageTooComplex = "图片的渐进式扫描层数过多，请另存为普通JPG后重新上传"
)

// Check accepts a PNG or JPEG (by its magic bytes) whose header promises at
// most the budget of decoded memory and which then decodes completely; it
// returns the content type. A refused picture is an Invalid error on field: a
// picture over the budget is refused from its header alone, before any pixel
// memory is taken. Waiting for a decode slot ends with ctx.
func (c *ImageChecker) Check(ctx context.Context, field string, data []byte) (string, error) {
	var (
		contentType string
		cost        int64
		err         error
	)
	switch {
	case isPNG(data):
		contentType = application.ContentTypePNG
		cost, err = pngCost(data)
	case isJPEG(data):
		contentType = application.ContentTypeJPEG
		cost, err = jpegCost(data)
	default:
		return "", imageError(field, "file_type", "只能上传PNG或JPG格式的图片")
	}
	switch {
	case errors.Is(err, errTooManyScans):
		return "", imageError(field, "image_too_large", msgImageTooComplex)
	case err != nil:
		return "", imageError(field, "file_corrupt", msgImageCorrupt)
	case cost > c.maxBytes:
		return "", imageError(field, "image_too_large", msgImageTooLarge)
	}
	if err := c.decode(ctx, data, contentType); err != nil {
		if errors.Is(err, errUndecodable) {
			return "", imageError(field, "file_corrupt", msgImageCorrupt)
		}
		return "", err
	}
	return contentType, nil
}

// errUndecodable is a picture whose data does not decode.
var errUndecodable = errors.New("picture does not decode")

// decode decodes the picture in one of the slots.
func (c *ImageChecker) decode(ctx context.Context, data []byte, contentType string) error {
	select {
	case c.slots <- struct{}{}:
	case <-ctx.Done():
		return apperr.Internal(fmt.Errorf("wait for an image decode: %w", ctx.Err()))
	}
	defer func() { <-c.slots }()
	var err error
	if contentType == application.ContentTypePNG {
		_, err = png.Decode(bytes.NewReader(data))
	} else {
		_, err = jpeg.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return fmt.Errorf("%w: %w", errUndecodable, err)
	}
	return nil
}

// imageError is the refusal of a picture on the caller's form field.
func imageError(field, code, msg string) error {
	var v apperr.Validation
	v.Add(field, code, msg)
	return v.Err()
}
