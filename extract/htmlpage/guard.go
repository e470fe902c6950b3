package htmlpage

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// binaryMagic are the openings of common non-HTML files served as
// text/html by mistake.
var binaryMagic = []string{"%PDF-", "\x89PNG", "GIF87a", "GIF89a", "\xff\xd8\xff", "PK\x03\x04", "\x1f\x8b", "RIFF", "OggS", "\x00\x00\x01\x00", "\x7fELF"}

// looksBinary reports input that is not text: a known file signature, NUL
// bytes, or more than 10% of invalid UTF-8 or control characters in the
// first 4 KiB.
func looksBinary(s string) bool {
	head := s[:min(len(s), 4096)]
	for _, m := range binaryMagic {
		if strings.HasPrefix(head, m) {
			return true
		}
	}
	if strings.IndexByte(head, 0) >= 0 {
		return true
	}
	bad, total := 0, 0
	for i := 0; i < len(head); {
		r, n := utf8.DecodeRuneInString(head[i:])
		i += n
		total++
		if r == utf8.RuneError && n == 1 || r < 0x20 && r != '\n' && r != '\r' && r != '\t' && r != '\f' {
			bad++
		}
	}
	return total > 0 && bad*10 > total
}

// flatten re-serialises page dropping start and end tags nested deeper
// than maxDepth (text is kept), so that the HTML parser accepts it.
func flatten(page string, maxDepth int) string {
	z := html.NewTokenizer(strings.NewReader(page))
	var out bytes.Buffer
	out.Grow(len(page))
	depth, skipped := 0, 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return out.String()
		case html.StartTagToken:
			name, _ := z.TagName()
			if voidElements[string(name)] {
				out.Write(z.Raw())
				continue
			}
			if depth >= maxDepth {
				skipped++
				continue
			}
			depth++
			out.Write(z.Raw())
		case html.EndTagToken:
			if skipped > 0 {
				skipped--
				continue
			}
			if depth > 0 {
				depth--
			}
			out.Write(z.Raw())
		default:
			out.Write(z.Raw())
		}
	}
}

var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "param": true, "source": true, "track": true, "wbr": true,
}
