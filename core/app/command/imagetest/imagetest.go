// Package imagetest builds images whose header promises far more decoded memory
// than their file size suggests — the decompression bombs of the upload checks
// (issue 9, finding 1) — and a normal A4 scan, for the tests of the decode
// budget. The files are written byte by byte: Go's encoders write neither
// progressive JPEGs nor such pictures without first holding them in memory.
package imagetest

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/jpeg"
)

// The A4 page at 300 dpi: what a stamped scan normally is.
const (
	A4Width300  = 2480
	A4Height300 = 3508
)

// ProgressiveJPEG returns a mid-grey progressive JPEG of w×h pixels (at most
// 65535 each) with three components at full resolution (4:4:4). It holds a
// single DC scan whose every difference is zero, three bits a block: a
// 7000×7000 picture takes about 280 KB, and Go's decoder needs about 700 MiB
// for it (int32 coefficients of every block, plus the picture).
func ProgressiveJPEG(w, h int) []byte { return progressive(w, h, 0x11) }

// ProgressiveJPEG420 is ProgressiveJPEG with 4:2:0 chroma (the luma sampled
// twice as densely both ways), as most encoders write colour pictures.
func ProgressiveJPEG420(w, h int) []byte { return progressive(w, h, 0x22) }

func progressive(w, h int, lumaHV byte) []byte {
	var b bytes.Buffer
	b.Write(progressiveHeader(w, h, lumaHV))
	lh, lv := int(lumaHV>>4), int(lumaHV&0x0F)
	mcus := ((w + 8*lh - 1) / (8 * lh)) * ((h + 8*lv - 1) / (8 * lv))
	bits := mcus * (lh*lv + 2) // one 1-bit code "0" (no difference) per block
	b.Write(make([]byte, bits/8))
	if r := bits % 8; r != 0 {
		b.WriteByte(0xFF >> r) // the last byte's unused bits are ones
	}
	b.Write([]byte{0xFF, 0xD9}) // EOI
	return b.Bytes()
}

// ManyScansJPEG returns ProgressiveJPEG(w, h) with its DC scan repeated to
// scans scans: a valid file whose every scan walks the whole picture again.
func ManyScansJPEG(w, h, scans int) []byte {
	one := ProgressiveJPEG(w, h)
	head := len(progressiveHeader(w, h, 0x11))
	scan := one[head-14 : len(one)-2] // the SOS segment (14 bytes) and its data
	out := append([]byte{}, one[:len(one)-2]...)
	for range scans - 1 {
		out = append(out, scan...)
	}
	return append(out, 0xFF, 0xD9)
}

// TruncatedProgressiveJPEG returns the first size bytes of ProgressiveJPEG(w, h)
// (the header alone is 144 bytes): a file that ends inside its scan. Go's
// decoder allocates the whole picture and its coefficients on reading the scan
// header, before it finds the data missing.
func TruncatedProgressiveJPEG(w, h, size int) []byte {
	head := progressiveHeader(w, h, 0x11)
	if size <= len(head) {
		return head[:size]
	}
	return append(head, make([]byte, size-len(head))...)
}

// progressiveHeader is SOI, JFIF, a quantization table of ones, the
// progressive frame (SOF2), a DC Huffman table with one code and the header of
// the DC scan of the three components.
func progressiveHeader(w, h int, lumaHV byte) []byte {
	var b bytes.Buffer
	b.Write([]byte{0xFF, 0xD8})
	segment(&b, 0xE0, []byte("JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"))
	segment(&b, 0xDB, append([]byte{0x00}, bytes.Repeat([]byte{1}, 64)...))
	sof := []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), 3, 1, lumaHV, 0, 2, 0x11, 0, 3, 0x11, 0}
	segment(&b, 0xC2, sof)
	dht := append([]byte{0x00, 1}, make([]byte, 15)...) // class 0 (DC), table 0: one code of length 1
	segment(&b, 0xC4, append(dht, 0x00))                // … for category 0 (no difference)
	segment(&b, 0xDA, []byte{3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 0, 0})
	return b.Bytes()
}

func segment(b *bytes.Buffer, marker byte, payload []byte) {
	b.Write([]byte{0xFF, marker, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)})
	b.Write(payload)
}

// PNG16 returns a black 16-bit RGB PNG of w×h pixels. The rows are zeros and
// compress about a thousand to one: 7000×7000 takes about 350 KB, and Go's
// decoder holds it in 8 bytes a pixel (image.RGBA64, 374 MiB).
func PNG16(w, h int) []byte {
	var idat bytes.Buffer
	z, _ := zlib.NewWriterLevel(&idat, zlib.BestSpeed) // a valid level: no error
	row := make([]byte, 1+w*6)                         // filter type 0, then 6 bytes a pixel
	for range h {
		_, _ = z.Write(row) // writes to a bytes.Buffer do not fail
	}
	_ = z.Close()
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 16, 2 // bit depth 16, colour type 2 (RGB)
	chunk(&b, "IHDR", ihdr)
	chunk(&b, "IDAT", idat.Bytes())
	chunk(&b, "IEND", nil)
	return b.Bytes()
}

// PNGHeader returns the signature, IHDR, an optional tRNS chunk and IEND of a
// PNG with no picture data: what the header of a w×h picture of that bit
// depth, colour type and interlace method (0 none, 1 Adam7) says.
func PNGHeader(w, h int, depth, colorType, interlace byte, transparent bool) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9], ihdr[12] = depth, colorType, interlace
	chunk(&b, "IHDR", ihdr)
	if transparent {
		chunk(&b, "tRNS", make([]byte, 2))
	}
	chunk(&b, "IEND", nil)
	return b.Bytes()
}

func chunk(b *bytes.Buffer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	b.Write(n[:])
	crc := crc32.NewIEEE()
	_, _ = crc.Write([]byte(typ))
	_, _ = crc.Write(data)
	b.WriteString(typ)
	b.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	b.Write(n[:])
}

// A4Scan returns a baseline colour JPEG (4:2:0, as scanners and phones write
// them) of an A4 page at 300 dpi: light paper with a dark band, about 100 KB.
func A4Scan() []byte {
	img := image.NewYCbCr(image.Rect(0, 0, A4Width300, A4Height300), image.YCbCrSubsampleRatio420)
	for i := range img.Y {
		img.Y[i] = 235
	}
	for y := 400; y < 600; y++ {
		for x := 200; x < A4Width300-200; x++ {
			img.Y[y*img.YStride+x] = 40
		}
	}
	for i := range img.Cb {
		img.Cb[i], img.Cr[i] = 128, 128
	}
	var b bytes.Buffer
	_ = jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}) // writes to a bytes.Buffer do not fail
	return b.Bytes()
}
