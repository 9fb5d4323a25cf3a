package statement

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

var dateRe = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$`)

func parseDate(s string, t cellFormat) (time.Time, bool) {
	if m := dateRe.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		return validDate(y, mo, d)
	}
	if len(s) >= 8 && allDigits(s[:8]) && (len(s) == 8 || !allDigits(s[8:9])) {
		y, _ := strconv.Atoi(s[:4])
		mo, _ := strconv.Atoi(s[4:6])
		d, _ := strconv.Atoi(s[6:8])
		return validDate(y, mo, d)
	}
	if t.xlsx {
		if f, err := strconv.ParseFloat(s, 64); err == nil && f >= excelSerialLow && f <= excelSerialHigh {
			tm, err := excelize.ExcelDateToTime(f, t.d1904)
			if err == nil {
				return time.Date(tm.Year(), tm.Month(), tm.Day(), 0, 0, 0, 0, time.UTC), true
			}
		}
	}
	return time.Time{}, false
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func validDate(y, mo, d int) (time.Time, bool) {
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if y < 1990 || y > 2200 || t.Month() != time.Month(mo) || t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

// lineAmount returns the credited amount in fen (negative for debits).
func lineAmount(row []string, lay layout, t cellFormat) (int64, error) {
	if c := lay.col(roleCredit); c >= 0 {
		v := cell(row, c)
		if v != "" {
			fen, err := parseAmount(v, t.xlsx)
			if err != nil {
				return 0, err
			}
			if fen != 0 || lay.col(roleDebit) < 0 {
				return fen, nil
			}
		}
		if d := lay.col(roleDebit); d >= 0 && cell(row, d) != "" {
			fen, err := parseAmount(cell(row, d), t.xlsx)
			if err != nil {
				return 0, err
			}
			return -abs(fen), nil
		}
		if lay.col(roleAmount) < 0 {
			return 0, nil // neither credit nor debit: nothing arrived
		}
	}
	c := lay.col(roleAmount)
	v := cell(row, c)
	if v == "" {
		return 0, errors.New("缺少金额")
	}
	fen, err := parseAmount(v, t.xlsx)
	if err != nil {
		return 0, err
	}
	if dcol := lay.col(roleDirection); dcol >= 0 {
		switch dir := strings.ToUpper(cell(row, dcol)); {
		case strings.Contains(dir, "贷") || strings.Contains(dir, "收") || strings.HasPrefix(dir, "C") || dir == "入":
			return abs(fen), nil
		case strings.Contains(dir, "借") || strings.Contains(dir, "支") || strings.Contains(dir, "付") ||
			strings.HasPrefix(dir, "D") || dir == "出":
			return -abs(fen), nil
		case dir == "":
		default:
			return 0, fmt.Errorf("无法识别的借贷标志「%s」", clip(dir))
		}
	}
	return fen, nil
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

var amountRe = regexp.MustCompile(`^([+-]?)(\d+)(?:\.(\d{1,2}))?$`)

// parseAmount reads yuan into fen: "5,000.00", "¥480", "480元", "(100.00)" for
// a negative amount. Raw XLSX numbers are binary floats and are rounded to fen.
func parseAmount(s string, xlsx bool) (int64, error) {
	orig := s
	s = strings.Map(func(r rune) rune {
		switch r {
		case ',', '，', '¥', '￥', '元', ' ', '　':
			return -1
		}
		return r
	}, s)
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(s, "CNY"), "RMB"), "CNY"), "RMB")
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s = true, s[1:len(s)-1]
	}
	var fen int64
	if m := amountRe.FindStringSubmatch(s); m != nil {
		yuan, err := strconv.ParseInt(m[2], 10, 64)
		if err != nil || yuan > maxAmountFen/100 {
			return 0, fmt.Errorf("金额「%s」过大", clip(orig))
		}
		frac := m[3]
		for len(frac) < 2 {
			frac += "0"
		}
		f, _ := strconv.ParseInt(frac, 10, 64)
		fen = yuan*100 + f
		if m[1] == "-" {
			fen = -fen
		}
	} else if x, err := strconv.ParseFloat(s, 64); xlsx && err == nil && !math.IsNaN(x) && !math.IsInf(x, 0) &&
		math.Abs(x) < maxAmountFen/100 {
		fen = int64(math.Round(x * 100))
	} else {
		return 0, fmt.Errorf("无法识别的金额「%s」", clip(orig))
	}
	if neg {
		fen = -fen
	}
	return fen, nil
}
