package command

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"

	"github.com/openassoc/membership/core/domain/application"
)

// maxScanPixels bounds the size of a decoded scan: an A4 page at 600 dpi is about
// 35 million pixels; a bigger picture in a 10 MB file is a decompression bomb.
const maxScanPixels = 50_000_000

var (
	pngMagic  = []byte("\x89PNG\r\n\x1a\n")
	jpegMagic = []byte{0xFF, 0xD8, 0xFF}
)

// checkImage accepts a PNG or JPEG whatever its file name says: the magic bytes
// name the format and the whole picture must decode. It returns the content type.
func checkImage(data []byte) (string, error) {
	var (
		contentType string
		decodeCfg   func([]byte) (image.Config, error)
		decode      func([]byte) error
	)
	switch {
	case bytes.HasPrefix(data, pngMagic):
		contentType = application.ContentTypePNG
		decodeCfg = func(b []byte) (image.Config, error) { return png.DecodeConfig(bytes.NewReader(b)) }
		decode = func(b []byte) error { _, err := png.Decode(bytes.NewReader(b)); return err }
	case bytes.HasPrefix(data, jpegMagic):
		contentType = application.ContentTypeJPEG
		decodeCfg = func(b []byte) (image.Config, error) { return jpeg.DecodeConfig(bytes.NewReader(b)) }
		decode = func(b []byte) error { _, err := jpeg.Decode(bytes.NewReader(b)); return err }
	default:
		return "", scanError("file_type", "只能上传PNG或JPG格式的图片文件")
	}
	cfg, err := decodeCfg(data)
	if err != nil {
		return "", scanError("file_corrupt", "图片文件已损坏或不完整，无法读取")
	}
	if cfg.Width < 1 || cfg.Height < 1 || int64(cfg.Width)*int64(cfg.Height) > maxScanPixels {
		return "", scanError("image_too_large", "图片尺寸过大，请将扫描分辨率调低后重新上传")
	}
	if err := decode(data); err != nil {
		return "", scanError("file_corrupt", "图片文件已损坏或不完整，无法读取")
	}
	return contentType, nil
}
