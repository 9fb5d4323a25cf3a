package pdfdoc

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// coverage is the set of BMP characters a font maps to glyphs.
type coverage [0x10000 / 64]uint64

func (c *coverage) add(r int) { c[r>>6] |= 1 << (r & 63) }

// has reports whether the font has a glyph for r.
func (c *coverage) has(r rune) bool {
	return r >= 0 && r < 0x10000 && c[r>>6]&(1<<(r&63)) != 0
}

// missing returns the characters of s without a glyph.
func (c *coverage) missing(s string) string {
	var out []rune
	for _, r := range s {
		if !c.has(r) {
			out = append(out, r)
		}
	}
	return string(out)
}

// checkTrueType checks that b is a single TrueType font (glyf outlines) and
// returns the characters it covers. fpdf reads only such fonts: collections
// (.ttc) and OpenType fonts with CFF outlines fail in it, some with a panic.
func checkTrueType(b []byte) (*coverage, error) {
	if len(b) < 12 {
		return nil, errors.New("file too short to be a font")
	}
	switch tag := string(b[:4]); tag {
	case "\x00\x01\x00\x00", "true":
	case "ttcf":
		return nil, errors.New("TrueType collection (.ttc), which fpdf cannot read; use a single .ttf")
	case "OTTO":
		return nil, errors.New("OpenType font with CFF outlines, which fpdf cannot read; use a .ttf with TrueType outlines")
	default:
		return nil, fmt.Errorf("not a TrueType font (signature %q)", tag)
	}
	tables, err := sfntTables(b)
	if err != nil {
		return nil, err
	}
	for _, t := range []string{"head", "hhea", "hmtx", "maxp", "loca", "glyf", "cmap"} {
		if _, ok := tables[t]; !ok {
			return nil, fmt.Errorf("font has no %q table", t)
		}
	}
	return cmapCoverage(tables["cmap"])
}

// sfntTables returns the tables of an sfnt file by tag.
func sfntTables(b []byte) (map[string][]byte, error) {
	n := int(binary.BigEndian.Uint16(b[4:]))
	if len(b) < 12+16*n {
		return nil, errors.New("truncated font table directory")
	}
	tables := make(map[string][]byte, n)
	for i := range n {
		rec := b[12+16*i:]
		off := uint64(binary.BigEndian.Uint32(rec[8:]))
		size := uint64(binary.BigEndian.Uint32(rec[12:]))
		if off+size > uint64(len(b)) {
			return nil, fmt.Errorf("font table %q lies outside the file", rec[:4])
		}
		tables[string(rec[:4])] = b[off : off+size]
	}
	return tables, nil
}

// cmapCoverage reads the BMP coverage from the best Unicode subtable of a
// cmap table (format 12 preferred, else format 4).
func cmapCoverage(cmap []byte) (*coverage, error) {
	if len(cmap) < 4 {
		return nil, errors.New("truncated cmap table")
	}
	n := int(binary.BigEndian.Uint16(cmap[2:]))
	if len(cmap) < 4+8*n {
		return nil, errors.New("truncated cmap table")
	}
	var fmt4 []byte
	for i := range n {
		rec := cmap[4+8*i:]
		platform, encoding := binary.BigEndian.Uint16(rec), binary.BigEndian.Uint16(rec[2:])
		unicode := platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10))
		off := int(binary.BigEndian.Uint32(rec[4:]))
		if !unicode || off+4 > len(cmap) {
			continue
		}
		sub := cmap[off:]
		switch binary.BigEndian.Uint16(sub) {
		case 12:
			if c := cmapFormat12(sub); c != nil {
				return c, nil
			}
		case 4:
			if fmt4 == nil {
				fmt4 = sub
			}
		}
	}
	if c := cmapFormat4(fmt4); c != nil {
		return c, nil
	}
	return nil, errors.New("font has no Unicode character map")
}

// cmapFormat4 decodes a format 4 (BMP segments) subtable, or returns nil.
func cmapFormat4(sub []byte) *coverage {
	if len(sub) < 14 {
		return nil
	}
	segs := int(binary.BigEndian.Uint16(sub[6:])) / 2
	if len(sub) < 16+8*segs {
		return nil
	}
	u16 := func(off int) int { return int(binary.BigEndian.Uint16(sub[off:])) }
	ends, starts, deltas, ranges := 14, 16+2*segs, 16+4*segs, 16+6*segs
	c := new(coverage)
	for i := range segs {
		start, end := u16(starts+2*i), u16(ends+2*i)
		delta, ro := u16(deltas+2*i), u16(ranges+2*i)
		for r := start; r <= end && r < 0xFFFF; r++ {
			g := r
			if ro != 0 {
				at := ranges + 2*i + ro + 2*(r-start)
				if at+2 > len(sub) {
					break
				}
				if g = u16(at); g == 0 {
					continue
				}
			}
			if (g+delta)&0xFFFF != 0 {
				c.add(r)
			}
		}
	}
	return c
}

// cmapFormat12 decodes a format 12 (segmented coverage) subtable, or returns nil.
func cmapFormat12(sub []byte) *coverage {
	if len(sub) < 16 {
		return nil
	}
	n := int(binary.BigEndian.Uint32(sub[12:]))
	if n < 0 || len(sub) < 16+12*n {
		return nil
	}
	c := new(coverage)
	for i := range n {
		g := sub[16+12*i:]
		start, end := binary.BigEndian.Uint32(g), binary.BigEndian.Uint32(g[4:])
		first := binary.BigEndian.Uint32(g[8:])
		for r := start; r <= end && r < 0x10000; r++ {
			if first+r-start != 0 {
				c.add(int(r))
			}
		}
	}
	return c
}
