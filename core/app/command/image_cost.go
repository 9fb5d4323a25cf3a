package command

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image/jpeg"
	"image/png"
)

// The decode cost of a picture is the memory Go's decoders (image/png,
// image/jpeg) allocate for it, read from the header alone: the picture in the
// decoder's own layout, plus, for a progressive JPEG, an int32 coefficient
// for every sample of every component (all scans refine them until the end),
// plus the RGBA copy some JPEGs are converted into. Row buffers and Huffman
// tables are small next to these and not counted.

// errTooManyScans is a JPEG with more than maxJPEGScans scans.
var errTooManyScans = errors.New("too many JPEG scans")

// jpegComponent is one component of a JPEG frame (SOF).
type jpegComponent struct {
	id   byte
	h, v int // sampling factors
}

// jpegHeader is what the cost of a JPEG depends on.
type jpegHeader struct {
	width, height int
	progressive   bool
	comps         []jpegComponent
	scans         int
	adobeRGB      bool // an Adobe APP14 segment says the components are RGB
}

// jpegCost returns the bytes image/jpeg allocates to decode data.
func jpegCost(data []byte) (int64, error) {
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return 0, err
	}
	if cfg.Width < 1 || cfg.Height < 1 {
		return 0, errors.New("jpeg: empty picture")
	}
	hdr, err := readJPEGHeader(data)
	if err != nil {
		return 0, err
	}
	if hdr.width != cfg.Width || hdr.height != cfg.Height {
		return 0, errors.New("jpeg: frame headers disagree")
	}
	w, h := int64(hdr.width), int64(hdr.height)
	h0, v0 := int64(hdr.comps[0].h), int64(hdr.comps[0].v)
	if len(hdr.comps) == 1 {
		h0, v0 = 1, 1 // one component: its factors do not matter (T.81 A.2)
	}
	mxx, myy := (w+8*h0-1)/(8*h0), (h+8*v0-1)/(8*v0) // MCUs across and down
	var samples int64
	for _, c := range hdr.comps {
		ch, cv := int64(c.h), int64(c.v)
		if len(hdr.comps) == 1 {
			ch, cv = 1, 1
		}
		samples += 64 * mxx * myy * ch * cv // a plane of whole blocks
	}
	cost := samples // one byte a sample: the decoded planes
	if hdr.progressive {
		cost += 4 * samples // int32 coefficients of every block
	}
	if len(hdr.comps) == 4 || (len(hdr.comps) == 3 && hdr.isRGB()) {
		cost += 4 * w * h // converted to RGBA or CMYK at the end
	}
	return cost, nil
}

// isRGB reports whether image/jpeg may convert the picture to RGBA: its
// component ids spell RGB or an Adobe segment says so (a JFIF segment would
// say otherwise, but a later segment may undo that: not trusted).
func (h jpegHeader) isRGB() bool {
	return h.adobeRGB || (h.comps[0].id == 'R' && h.comps[1].id == 'G' && h.comps[2].id == 'B')
}

// readJPEGHeader walks the markers of the whole file, skipping the entropy
// coded data of each scan: the first frame header (SOF0, SOF1 or SOF2), the
// number of scans and the Adobe segments. It is lenient where image/jpeg is
// (stray bytes between segments, fill bytes) and leaves a truncated file to the
// decoder.
func readJPEGHeader(data []byte) (jpegHeader, error) {
	var hdr jpegHeader
	i := 2 // after SOI
	for i < len(data) {
		j := bytes.IndexByte(data[i:], 0xFF)
		if j < 0 {
			break
		}
		i += j + 1
		for i < len(data) && data[i] == 0xFF { // fill bytes
			i++
		}
		if i >= len(data) {
			break
		}
		marker := data[i]
		i++
		switch {
		case marker == 0x00, marker >= 0xD0 && marker <= 0xD7, marker == 0x01: // stuffed byte, RSTn, TEM
			continue
		case marker == 0xD9: // EOI
			return hdr.complete()
		}
		if i+2 > len(data) {
			break
		}
		n := int(binary.BigEndian.Uint16(data[i:]))
		if n < 2 {
			return hdr, errors.New("jpeg: bad segment length")
		}
		seg := data[i+2 : min(i+n, len(data))]
		i += n
		if err := hdr.segment(marker, seg); err != nil {
			return hdr, err
		}
		if marker == 0xDA && hdr.scans > maxJPEGScans {
			return hdr, errTooManyScans
		}
	}
	return hdr.complete()
}

// segment takes what matters from one marker segment.
func (h *jpegHeader) segment(marker byte, seg []byte) error {
	switch marker {
	case 0xC0, 0xC1, 0xC2: // baseline, extended sequential, progressive
		if h.comps != nil {
			return nil // image/jpeg refuses a second frame
		}
		return h.frame(marker, seg)
	case 0xDA: // SOS: entropy coded data follows, up to the next marker
		h.scans++
	case 0xEE: // APP14
		if len(seg) >= 12 && bytes.HasPrefix(seg, []byte("Adobe")) && seg[11] == 0 {
			h.adobeRGB = true // transform 0: RGB or CMYK
		}
	}
	return nil
}

// frame reads a frame header: precision, height, width and the components.
func (h *jpegHeader) frame(marker byte, seg []byte) error {
	if len(seg) < 6 {
		return errors.New("jpeg: short frame header")
	}
	h.height = int(binary.BigEndian.Uint16(seg[1:]))
	h.width = int(binary.BigEndian.Uint16(seg[3:]))
	n := int(seg[5])
	if (n != 1 && n != 3 && n != 4) || len(seg) < 6+3*n {
		return errors.New("jpeg: bad frame header")
	}
	h.progressive = marker == 0xC2
	h.comps = make([]jpegComponent, n)
	for k := range h.comps {
		c := seg[6+3*k:]
		h.comps[k] = jpegComponent{id: c[0], h: int(c[1] >> 4), v: int(c[1] & 0x0F)}
		if h.comps[k].h < 1 || h.comps[k].v < 1 {
			return errors.New("jpeg: bad sampling factors")
		}
	}
	return nil
}

// complete checks that a frame was found.
func (h jpegHeader) complete() (jpegHeader, error) {
	if h.comps == nil {
		return h, errors.New("jpeg: no frame header")
	}
	return h, nil
}

// pngCost returns the bytes image/png allocates to decode data: the picture
// in the type image/png chooses for its colour type, bit depth and
// transparency, twice for an interlaced picture (its passes are decoded apart,
// then merged).
func pngCost(data []byte) (int64, error) {
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return 0, err
	}
	if cfg.Width < 1 || cfg.Height < 1 {
		return 0, errors.New("png: empty picture")
	}
	// DecodeConfig checked the signature and that IHDR comes first:
	// length (4), "IHDR" (4), width (4), height (4), depth, colour type,
	// compression, filter, interlace.
	depth, colorType, interlaced := data[24], data[25], data[28] != 0
	transparent := pngHasTRNS(data)
	var perPixel int64
	switch colorType {
	case 0: // grey: Gray or Gray16, NRGBA or NRGBA64 with a transparent colour
		perPixel = 1
		if transparent {
			perPixel = 4
		}
	case 2: // RGB: RGBA or RGBA64 (NRGBA, NRGBA64)
		perPixel = 4
	case 3: // palette
		perPixel = 1
	default: // 4, grey and alpha; 6, RGBA: NRGBA or NRGBA64
		perPixel = 4
	}
	if depth == 16 {
		perPixel *= 2
	}
	cost := int64(cfg.Width) * int64(cfg.Height) * perPixel
	if interlaced {
		cost *= 2
	}
	return cost, nil
}

// pngHasTRNS reports whether a tRNS chunk comes before the first IDAT (a later
// one is refused by image/png).
func pngHasTRNS(data []byte) bool {
	for i := len(pngMagic); i+8 <= len(data); {
		n := int64(binary.BigEndian.Uint32(data[i:]))
		switch string(data[i+4 : i+8]) {
		case "IDAT":
			return false
		case "tRNS":
			return true
		}
		next := int64(i) + 12 + n
		if next > int64(len(data)) {
			return false
		}
		i = int(next)
	}
	return false
}
