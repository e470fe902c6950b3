// Package clip shortens strings to a byte budget without splitting a
// UTF-8 sequence, for values stored or shown with a size limit.
package clip

import "unicode/utf8"

// Bytes returns s cut to at most n bytes, on a rune boundary.
func Bytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if n < 0 {
		n = 0
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
