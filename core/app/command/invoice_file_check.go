package command

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// maxOFDDecoded bounds what an OFD (a zip) may unpack to in all, so that a
// small upload cannot expand without bound when it is read.
const maxOFDDecoded = 100 << 20

// CheckInvoiceFile checks an e-invoice by its content and returns its format:
// a PDF (header, an object, startxref, %%EOF), an OFD (a zip whose entries
// unpack to at most 100 MB and hold the OFD.xml entry document, itself
// well-formed XML) or an XML invoice (well-formed, one root element). The
// file name's extension must agree with the content. field names the form
// field of the errors.
func CheckInvoiceFile(field, name string, data []byte) (string, error) {
	format, err := sniffInvoice(field, data)
	if err != nil {
		return "", err
	}
	ext := strings.TrimPrefix(strings.ToLower(path.Ext(name)), ".")
	if ext != "" && ext != format {
		return "", fileError(field, "file_type_mismatch",
			fmt.Sprintf("文件内容是%s，与扩展名 .%s 不符，请上传真实的电子发票文件", strings.ToUpper(format), ext))
	}
	return format, nil
}

func sniffInvoice(field string, data []byte) (string, error) {
	const typeMsg = "只能上传PDF、OFD或XML格式的电子发票"
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		tail := data[max(0, len(data)-2048):]
		if !pdfHeader.Match(data) || !bytes.Contains(tail, []byte("%%EOF")) ||
			!bytes.Contains(data, []byte("startxref")) || !pdfObject.Match(data) {
			return "", fileError(field, "file_corrupt", "PDF文件已损坏或不完整，无法读取")
		}
		return "pdf", nil
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		if err := checkOFD(data); err != nil {
			return "", fileError(field, "file_corrupt", "OFD文件已损坏或不是有效的OFD电子发票："+err.Error())
		}
		return "ofd", nil
	case looksLikeXML(data):
		if err := wellFormedXML(bytes.NewReader(data)); err != nil {
			return "", fileError(field, "file_corrupt", "XML文件格式错误，无法读取")
		}
		return "xml", nil
	}
	return "", fileError(field, "file_type", typeMsg)
}

// looksLikeXML reports whether data starts (after a BOM and blanks) with an
// XML declaration or an element — and is no HTML page.
func looksLikeXML(data []byte) bool {
	s := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	if !bytes.HasPrefix(s, []byte("<")) {
		return false
	}
	head := strings.ToLower(string(s[:min(len(s), 512)]))
	return !strings.Contains(head, "<!doctype html") && !strings.Contains(head, "<html")
}

// wellFormedXML reads every token: one root element, nothing broken.
func wellFormedXML(r io.Reader) error {
	d := xml.NewDecoder(r)
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if roots != 1 {
		return errors.New("want one root element")
	}
	return nil
}

// checkOFD opens the zip: bounded unpacked size, and an OFD.xml entry
// document that is well-formed XML.
func checkOFD(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return errors.New("不是有效的压缩包")
	}
	var total uint64
	var entry *zip.File
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if strings.EqualFold(strings.TrimPrefix(f.Name, "/"), "OFD.xml") {
			entry = f
		}
	}
	if total > maxOFDDecoded {
		return errors.New("解压后过大")
	}
	if entry == nil {
		return errors.New("缺少 OFD.xml")
	}
	rc, err := entry.Open()
	if err != nil {
		return errors.New("无法读取 OFD.xml")
	}
	defer func() { _ = rc.Close() }()
	if err := wellFormedXML(io.LimitReader(rc, maxOFDDecoded)); err != nil {
		return errors.New("OFD.xml 格式错误")
	}
	return nil
}
