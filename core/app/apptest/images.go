package apptest

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
)

// PNG returns a w × h picture encoded as PNG: what a scanner saves.
func PNG(w, h int) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, picture(w, h)); err != nil {
		panic(err) // encoding into memory cannot fail
	}
	return b.Bytes()
}

// JPEG returns a w × h picture encoded as JPEG: what a phone camera saves.
func JPEG(w, h int) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, picture(w, h), nil); err != nil {
		panic(err) // encoding into memory cannot fail
	}
	return b.Bytes()
}

// HugePNG returns a small PNG whose header claims 20 000 × 20 000 pixels: a
// decompression bomb's disguise.
func HugePNG() []byte {
	data := PNG(2, 2)
	// The IHDR chunk follows the 8-byte signature: length, type, width, height …
	binary.BigEndian.PutUint32(data[16:], 20000)
	binary.BigEndian.PutUint32(data[20:], 20000)
	binary.BigEndian.PutUint32(data[29:], crc32.ChecksumIEEE(data[12:29]))
	return data
}

// PDF returns the smallest well-formed PDF a voucher check accepts: the header,
// an object, startxref and the end marker.
func PDF() []byte {
	return []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\nstartxref\n0\n%%EOF\n")
}

func picture(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			img.Set(x, y, color.RGBA{R: uint8(x), G: uint8(y), B: 128, A: 255})
		}
	}
	return img
}
