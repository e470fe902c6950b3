// Package charset decodes web pages to UTF-8, with the encodings Arabic
// sites use: UTF-8, windows-1256, ISO-8859-6 and UTF-16 with a byte order
// mark.
//
// golang.org/x/net/html/charset falls back to windows-1252 when a page
// declares nothing and is not UTF-8, which garbles Arabic. Decode instead
// decides between windows-1256 and ISO-8859-6 from the bytes themselves,
// and never decodes Arabic text as windows-1252.
package charset

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encoding names returned by Decode (WHATWG names, lower case).
const (
	UTF8        = "utf-8"
	UTF16LE     = "utf-16le"
	UTF16BE     = "utf-16be"
	Windows1256 = "windows-1256"
	ISO88596    = "iso-8859-6"
	Windows1252 = "windows-1252"
)

// MetaScanBytes is how far into a page Decode looks for a <meta charset>
// or <meta http-equiv="Content-Type"> declaration.
const MetaScanBytes = 4096

// ErrUnsupported is returned for a declared encoding that is not known.
var ErrUnsupported = errors.New("charset: unsupported encoding")

// Decode returns data as UTF-8 and the name of the encoding it was decoded
// from. The encoding is chosen in this order:
//
//  1. a byte order mark (UTF-8, UTF-16LE, UTF-16BE): a BOM is proof of the
//     encoding and wins over any declaration, as in the WHATWG encoding
//     standard;
//  2. the charset parameter of contentType (the HTTP Content-Type header),
//     when given;
//  3. a <meta charset> or <meta http-equiv> declaration in the first
//     MetaScanBytes bytes;
//  4. detection from the bytes: valid UTF-8; else UTF-16 without BOM from
//     the pattern of zero bytes; else windows-1256 or ISO-8859-6, whichever
//     reads as more plausible Arabic; windows-1252 only for text whose
//     non-ASCII bytes are isolated accented letters, never for Arabic.
//
// A declaration (2 or 3) is not trusted blindly: a page declared UTF-8 that
// is not valid UTF-8, or declared as a Latin encoding (windows-1252,
// ISO-8859-1, ASCII) whose bytes read as Arabic, is detected instead.
// Bytes invalid in the chosen encoding become U+FFFD; Decode never fails
// on content, only on an unknown declared encoding that detection cannot
// replace (which does not happen: unknown labels fall through to
// detection), so err is reserved for future use and always nil today.
// A leading byte order mark is removed from text.
func Decode(data []byte, contentType string) (text string, encoding string, err error) {
	name, _ := Sniff(data, contentType)
	text, err = DecodeAs(data, name)
	return text, name, err
}

// DecodeAs decodes data from the named encoding (a name Sniff returns, or
// any WHATWG label) to UTF-8, removing a byte order mark of that encoding.
// Bytes invalid in the encoding become U+FFFD.
func DecodeAs(data []byte, encoding string) (string, error) {
	if name, n := bomEncoding(data); name != "" && name == encoding {
		data = data[n:]
	}
	text, _, err := decodeWith(data, encoding)
	return text, err
}

// Where Sniff found the encoding.
const (
	SourceBOM         = "bom"
	SourceContentType = "content-type"
	SourceMeta        = "meta"
	SourceDetected    = "detected"
)

// Sniff returns the encoding Decode uses for data and where it came from:
// SourceBOM, SourceContentType, SourceMeta or SourceDetected (the bytes
// alone decided; the encoding is then an assumption, which callers
// should say).
func Sniff(data []byte, contentType string) (encoding, source string) {
	if name, _ := bomEncoding(data); name != "" {
		return name, SourceBOM
	}
	if name := declared(contentTypeCharset(contentType), data); name != "" {
		return name, SourceContentType
	}
	if name := declared(metaCharset(data), data); name != "" {
		return name, SourceMeta
	}
	return Detect(data), SourceDetected
}

// declared checks a declared label against the bytes and returns the
// encoding name to use, or "" to fall through to detection.
func declared(label string, data []byte) string {
	if label == "" {
		return ""
	}
	e, err := htmlindex.Get(label)
	if err != nil {
		return ""
	}
	name, err := htmlindex.Name(e)
	if err != nil {
		return ""
	}
	name = strings.ToLower(name)
	switch name {
	case UTF8:
		if !utf8.Valid(data) {
			return ""
		}
	case Windows1252, "iso-8859-1", "us-ascii":
		if isArabic8bit(data) {
			return ""
		}
	case UTF16LE, UTF16BE:
		// Without a BOM a declared UTF-16 in HTML is treated as UTF-8 by
		// browsers; trust it only when the bytes agree.
		if d := detectUTF16(data); d != name {
			return ""
		}
	}
	return name
}

// Detect guesses the encoding of data from its bytes alone (no BOM or
// declaration): "utf-8" for valid UTF-8 (ASCII included), "utf-16le" or
// "utf-16be" from the pattern of zero bytes, else "windows-1256" or
// "iso-8859-6" from byte statistics, or "windows-1252" for Latin text
// whose non-ASCII bytes stand alone between ASCII letters.
func Detect(data []byte) string {
	if d := detectUTF16(data); d != "" {
		// checked first: UTF-16 Arabic (0x06 0x28 ...) is valid UTF-8
		return d
	}
	if utf8.Valid(data) {
		return UTF8
	}
	if !isArabic8bit(data) && latinScore(data) > 0 {
		return Windows1252
	}
	s1256 := arabicScore(data, charmap.Windows1256)
	s88596 := arabicScore(data, charmap.ISO8859_6)
	if s88596 > s1256 {
		return ISO88596
	}
	return Windows1256
}

// maxSample bounds the bytes looked at by the statistics.
const maxSample = 64 << 10

// arabicScore rates how plausible data reads as Arabic in e: word-initial
// alef-lam (the article, the most common pair in Arabic) and Arabic letters
// count for; undefined bytes, C1 controls and accented Latin letters next
// to other non-ASCII letters count against.
func arabicScore(data []byte, e *charmap.Charmap) int {
	if len(data) > maxSample {
		data = data[:maxSample]
	}
	// Classify the 128 high bytes once, then score from the table.
	const (
		other = iota
		bad
		arabicLetter
		alef
		lam
		latinLetter
	)
	var class [256]uint8
	for b := 0x80; b < 0x100; b++ {
		r := e.DecodeByte(byte(b))
		switch {
		case r == utf8.RuneError || (r >= 0x80 && r < 0xA0):
			class[b] = bad
		case r == 'ا':
			class[b] = alef
		case r == 'ل':
			class[b] = lam
		case r == 0x0640 || (unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r)): // tatweel is in Common
			class[b] = arabicLetter
		case unicode.IsLetter(r):
			class[b] = latinLetter
		}
	}
	score := 0
	var prev, prev2 byte = ' ', ' '
	for _, b := range data {
		if b >= 0x80 {
			switch class[b] {
			case bad:
				score -= 20
			case arabicLetter, alef:
				score++
			case lam:
				score++
				if class[prev] == alef && prev >= 0x80 && !isLetterByte(prev2, &class) {
					score += 10
				}
			case latinLetter:
				if prev >= 0x80 {
					// an accented Latin letter next to another non-ASCII
					// letter: Arabic read in the wrong code page
					score -= 5
				}
			}
		}
		prev2, prev = prev, b
	}
	return score
}

// isLetterByte reports whether b is a letter: an ASCII letter, or a high
// byte classed as a letter.
func isLetterByte(b byte, class *[256]uint8) bool {
	if b < 0x80 {
		return isASCIILetter(b)
	}
	return class[b] >= 2
}

// isArabic8bit reports whether the non-ASCII bytes of data come mostly in
// runs of two or more, as the letters of Arabic words in a single-byte
// encoding do (Latin text has isolated accented letters).
func isArabic8bit(data []byte) bool {
	if len(data) > maxSample {
		data = data[:maxSample]
	}
	high, inRuns, run := 0, 0, 0
	for i := 0; i <= len(data); i++ {
		if i < len(data) && data[i] >= 0x80 {
			run++
			continue
		}
		high += run
		if run >= 2 {
			inRuns += run
		}
		run = 0
	}
	return high > 0 && inRuns*2 > high
}

// latinScore is positive when data has high bytes that sit between ASCII
// letters (café, Größe), the shape of Latin text.
func latinScore(data []byte) int {
	if len(data) > maxSample {
		data = data[:maxSample]
	}
	n := 0
	for i, b := range data {
		if b < 0x80 {
			continue
		}
		if (i > 0 && isASCIILetter(data[i-1])) || (i+1 < len(data) && isASCIILetter(data[i+1])) {
			n++
		}
	}
	return n
}

func isASCIILetter(b byte) bool { return (b|0x20) >= 'a' && (b|0x20) <= 'z' }

// detectUTF16 recognizes UTF-16 without BOM: in Arabic or Latin text one
// byte of most code units is 0x00 or 0x06 (the Arabic block), and the
// position of those bytes gives the byte order.
func detectUTF16(data []byte) string {
	if len(data) < 4 {
		return ""
	}
	if len(data) > maxSample {
		data = data[:maxSample]
	}
	var even, odd, evenZero, oddZero int
	for i := 0; i+1 < len(data); i += 2 {
		if data[i] == 0 || data[i] == 0x06 {
			even++
		}
		if data[i+1] == 0 || data[i+1] == 0x06 {
			odd++
		}
		if data[i] == 0 {
			evenZero++
		}
		if data[i+1] == 0 {
			oddZero++
		}
	}
	units := len(data) / 2
	switch {
	case odd*10 >= units*9 && even*10 < units*5 && oddZero > 0:
		return UTF16LE
	case even*10 >= units*9 && odd*10 < units*5 && evenZero > 0:
		return UTF16BE
	}
	return ""
}

// bomEncoding returns the encoding named by a byte order mark at the start
// of data and the length of the mark.
func bomEncoding(data []byte) (string, int) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return UTF8, 3
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return UTF16LE, 2
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return UTF16BE, 2
	}
	return "", 0
}

// contentTypeCharset returns the charset parameter of an HTTP
// Content-Type value, or "".
func contentTypeCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return params["charset"]
}

// metaCharset finds the charset declared by a <meta charset> or
// <meta http-equiv="Content-Type" content="...; charset=..."> tag in the
// first MetaScanBytes bytes of data, or "".
func metaCharset(data []byte) string {
	if len(data) > MetaScanBytes {
		data = data[:MetaScanBytes]
	}
	for i := 0; i < len(data); {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 {
			return ""
		}
		start := i + j + 1
		i = start
		if len(data)-start < 4 || !bytes.EqualFold(data[start:start+4], []byte("meta")) {
			continue
		}
		start += 4
		end := bytes.IndexByte(data[start:], '>')
		if end < 0 {
			end = len(data) - start
		}
		tag := bytes.ToLower(data[start : start+end])
		i = start + end
		k := bytes.Index(tag, []byte("charset"))
		if k < 0 {
			continue
		}
		v := bytes.TrimLeft(tag[k+len("charset"):], " \t\r\n")
		if len(v) == 0 || v[0] != '=' {
			continue
		}
		v = bytes.TrimLeft(v[1:], " \t\r\n\"'")
		n := 0
		for n < len(v) && (isASCIILetter(v[n]) || (v[n] >= '0' && v[n] <= '9') || v[n] == '-' || v[n] == '_' || v[n] == ':' || v[n] == '.') {
			n++
		}
		if n > 0 {
			return string(v[:n])
		}
	}
	return ""
}

// decodeWith decodes data from the named encoding.
func decodeWith(data []byte, name string) (string, string, error) {
	var e encoding.Encoding
	switch name {
	case UTF8:
		if utf8.Valid(data) {
			return string(data), UTF8, nil
		}
		return strings.ToValidUTF8(string(data), "\uFFFD"), UTF8, nil
	case UTF16LE:
		e = xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM)
	case UTF16BE:
		e = xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM)
	case Windows1256:
		e = charmap.Windows1256
	case ISO88596:
		e = charmap.ISO8859_6
	default:
		var err error
		e, err = htmlindex.Get(name)
		if err != nil {
			return "", "", fmt.Errorf("%w: %q", ErrUnsupported, name)
		}
	}
	out, _, err := transform.Bytes(e.NewDecoder(), data)
	if err != nil {
		return "", "", fmt.Errorf("charset: decode %s: %w", name, err)
	}
	return strings.ToValidUTF8(string(out), "\uFFFD"), name, nil
}
