package arabic

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NormalizeOptions adjusts the matching form produced by NormalizeWith.
// The zero value gives the same result as Normalize.
type NormalizeOptions struct {
	// KeepTehMarbuta keeps ة (U+0629) instead of folding it to ه. Use it
	// to stem before folding (see DESIGN.md: "Stem before folding ة->ه"),
	// then apply FoldTehMarbuta to the stem.
	KeepTehMarbuta bool
}

// Normalize returns the matching form of s (not for display):
//
//   - NFC first (only computed when s contains characters that can change
//     under it; pure Arabic/ASCII text is handled directly);
//   - tashkeel removed: U+064B–U+065F, U+0670 (dagger alef), the Quranic
//     marks U+0610–U+061A and U+06D6–U+06ED, and the combining marks of
//     Arabic Extended-A (U+08D3–U+08FF); tatweel (U+0640) removed;
//   - أ إ آ ٱ (and the wavy-hamza alefs U+0672, U+0673) -> ا, ى -> ي,
//     ة -> ه, ؤ -> و, ئ -> ي; the Persian/Urdu letters with hamza above
//     (ۀ ۂ ۓ) lose the hamza, Persian ی -> ي and ک -> ك;
//   - NFKC for presentation forms (U+FB00–U+FDFF, U+FE70–U+FEFE), e.g.
//     ﻻ -> لا, whose expansion is then folded as above;
//   - Arabic-Indic (٠–٩) and Persian (۰–۹) digits -> ASCII 0–9;
//   - zero-width and bidi controls removed: U+200B–U+200F, U+202A–U+202E,
//     U+2060–U+2069 (word joiner, invisible operators, isolates), U+061C
//     (Arabic letter mark) and U+FEFF (BOM).
//
// Arabic punctuation (، ؛ ؟ ٪ ٫ ٬) and everything else is kept; each
// invalid UTF-8 byte becomes U+FFFD. Normalize returns s itself (no
// allocation) when nothing changes. Normalize is idempotent. The output
// is at most a small constant factor longer than s (the longest
// presentation-form expansion, ﷺ, is 18 code points for 3 bytes).
func Normalize(s string) string {
	return NormalizeWith(s, NormalizeOptions{})
}

// NormalizeWith is Normalize with options.
func NormalizeWith(s string, o NormalizeOptions) string {
	i := firstChange(s, o)
	if i == len(s) {
		return s
	}
	b := make([]byte, 0, len(s)+8)
	b, ok := foldFast(append(b, s[:i]...), s[i:], o)
	if !ok {
		return string(slowFold(b[:0], s, o))
	}
	return string(b)
}

// AppendNormalized appends the matching form of s (see NormalizeWith) to
// dst and returns the extended buffer. It lets callers reuse a buffer.
func AppendNormalized(dst []byte, s string, o NormalizeOptions) []byte {
	start := len(dst)
	b, ok := foldFast(dst, s, o)
	if !ok {
		return slowFold(b[:start], s, o)
	}
	return b
}

// slowFold appends the matching form of s computed in full: NFC, the
// fold, and NFC again, since dropping a mark can unblock a composition
// of the marks around it (e + U+0654 + U+0301 -> é).
func slowFold(dst []byte, s string, o NormalizeOptions) []byte {
	b := appendFold(nil, norm.NFC.String(s), o)
	return append(dst, norm.NFC.Bytes(b)...)
}

// FoldTehMarbuta returns s with ة (U+0629) folded to ه, the last step of
// the matching form for text normalized with KeepTehMarbuta.
func FoldTehMarbuta(s string) string {
	return replaceRune(s, 'ة', 'ه')
}

func replaceRune(s string, from, to rune) string {
	return mapRunes(s, func(r rune) rune {
		if r == from {
			return to
		}
		return r
	})
}

// mapRunes is strings.Map, except that s itself is returned when nothing
// changes. f returns -1 to drop a rune. Each invalid UTF-8 byte becomes
// U+FFFD (which keeps the functions idempotent: dropping a rune between
// invalid bytes could otherwise make them valid).
func mapRunes(s string, f func(rune) rune) string {
	var b []byte
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if b != nil {
				b = append(b, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		d := f(r)
		if n == 1 { // invalid UTF-8
			d = utf8.RuneError
			r = -2 // force the replacement
		}
		if d != r && b == nil {
			b = make([]byte, 0, len(s))
			b = append(b, s[:i]...)
		}
		if b != nil {
			if d == r {
				b = append(b, s[i:i+n]...)
			} else if d >= 0 {
				b = utf8.AppendRune(b, d)
			}
		}
		i += n
	}
	if b == nil {
		return s
	}
	return string(b)
}

// action of the matching fold for one rune.
const (
	keep = iota
	drop
	repl
	expand // presentation form: NFKC then fold
)

// fold returns what the matching form does with r: keep it, drop it, or
// replace it with the returned rune.
func fold(r rune, o NormalizeOptions) (int, rune) {
	switch {
	case r < 0x0600:
		return keep, r
	case r <= 0x06FF:
		switch {
		case r >= 0x064B && r <= 0x065F, r == 0x0670, r == 0x0640,
			r >= 0x0610 && r <= 0x061A, r >= 0x06D6 && r <= 0x06ED,
			r == 0x061C:
			return drop, 0
		case r >= 0x0660 && r <= 0x0669:
			return repl, '0' + r - 0x0660
		case r >= 0x06F0 && r <= 0x06F9:
			return repl, '0' + r - 0x06F0
		}
		switch r {
		case 'أ', 'إ', 'آ', 'ٱ', 0x0672, 0x0673:
			return repl, 'ا'
		case 'ى', 'ئ', 0x06CC:
			return repl, 'ي'
		case 'ؤ':
			return repl, 'و'
		case 'ة':
			if o.KeepTehMarbuta {
				return keep, r
			}
			return repl, 'ه'
		case 0x06A9:
			return repl, 'ك'
		case 0x06C0:
			return repl, 0x06D5
		case 0x06C2:
			return repl, 0x06C1
		case 0x06D3:
			return repl, 0x06D2
		}
		return keep, r
	case r >= 0x08D3 && r <= 0x08FF:
		if r != 0x08E2 {
			return drop, 0
		}
		return keep, r
	case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2060 && r <= 0x2069, r == 0xFEFF:
		return drop, 0
	case r >= 0xFB00 && r <= 0xFDFF, r >= 0xFE70 && r <= 0xFEFE:
		return expand, r
	}
	return keep, r
}

// needsNFC reports whether r (encoded as src) may change, or make its
// neighbours change, under NFC in a way the fold does not already cover.
// Runes below U+0300 are NFC-stable on their own (combining marks start
// at U+0300); the Arabic blocks are covered because all their marks are
// dropped and all their precomposed letters fold to their base letter.
// Other runes are safe when they are starters that neither decompose nor
// combine with what precedes them (●, –, CJK ideographs, emoji ...).
func needsNFC(r rune, src string) bool {
	switch {
	case r < 0x0300:
		return false
	case r >= 0x0600 && r <= 0x06FF, r >= 0x0750 && r <= 0x077F, r >= 0x08A0 && r <= 0x08FF:
		return false
	case r >= 0x2002 && r <= 0x206F:
		return false
	case r >= 0xFB50 && r <= 0xFDFF, r >= 0xFE70 && r <= 0xFEFF:
		return false
	case r == utf8.RuneError:
		return false
	}
	p := norm.NFC.PropertiesString(src)
	return p.CCC() != 0 || !p.BoundaryBefore() || len(p.Decomposition()) != 0
}

// firstChange returns the byte index of the first rune the matching
// form may change (len(s) if none).
func firstChange(s string, o NormalizeOptions) int {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if n == 1 || needsNFC(r, s[i:i+n]) {
			return i
		}
		if a, _ := fold(r, o); a != keep {
			return i
		}
		i += n
	}
	return len(s)
}

// foldFast appends the fold of s to b, and reports false (with a
// partial b) as soon as it meets a rune that needs NFC first.
func foldFast(b []byte, s string, o NormalizeOptions) ([]byte, bool) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			b = append(b, c)
			i++
			continue
		}
		// Two-byte runes of the Arabic block U+0600–U+06FF: table.
		if (c == 0xD8 || c == 0xD9 || c == 0xDA || c == 0xDB) && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			r := rune(c&0x1F)<<6 | rune(s[i+1]&0x3F)
			switch v := arabicFold[r-0x0600]; {
			case v == 0 || (r == 'ة' && o.KeepTehMarbuta):
				b = append(b, c, s[i+1])
			case v == foldDrop:
			case v < utf8.RuneSelf:
				b = append(b, byte(v))
			default:
				b = append(b, 0xC0|byte(v>>6), 0x80|byte(v&0x3F))
			}
			i += 2
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if needsNFC(r, s[i:i+n]) {
			return b, false
		}
		b = foldRune(b, r, s[i:i+n], o)
		i += n
	}
	return b, true
}

// foldDrop marks a rune the matching form removes in arabicFold.
const foldDrop = 0xFFFF

// arabicFold is fold for U+0600–U+06FF as a table indexed by r-0x0600: 0
// keeps the rune, foldDrop removes it, any other value replaces it (all
// replacements are below U+0800, so they encode in at most two bytes).
// TestArabicFoldTable checks it against fold.
var arabicFold = [256]uint16{
	// U+0610–U+061A honorific marks, U+061C ALM
	0x10: foldDrop, 0x11: foldDrop, 0x12: foldDrop, 0x13: foldDrop, 0x14: foldDrop,
	0x15: foldDrop, 0x16: foldDrop, 0x17: foldDrop, 0x18: foldDrop, 0x19: foldDrop,
	0x1A: foldDrop, 0x1C: foldDrop,
	// hamza-carrying letters, teh marbuta, alef maqsura
	0x22: 'ا', 0x23: 'ا', 0x24: 'و', 0x25: 'ا', 0x26: 'ي', 0x29: 'ه', 0x49: 'ي',
	// tatweel, tashkeel U+064B–U+065F
	0x40: foldDrop,
	0x4B: foldDrop, 0x4C: foldDrop, 0x4D: foldDrop, 0x4E: foldDrop, 0x4F: foldDrop,
	0x50: foldDrop, 0x51: foldDrop, 0x52: foldDrop, 0x53: foldDrop, 0x54: foldDrop,
	0x55: foldDrop, 0x56: foldDrop, 0x57: foldDrop, 0x58: foldDrop, 0x59: foldDrop,
	0x5A: foldDrop, 0x5B: foldDrop, 0x5C: foldDrop, 0x5D: foldDrop, 0x5E: foldDrop,
	0x5F: foldDrop,
	// Arabic-Indic digits
	0x60: '0', 0x61: '1', 0x62: '2', 0x63: '3', 0x64: '4',
	0x65: '5', 0x66: '6', 0x67: '7', 0x68: '8', 0x69: '9',
	// dagger alef, alef wasla, wavy hamza alefs
	0x70: foldDrop, 0x71: 'ا', 0x72: 'ا', 0x73: 'ا',
	// keheh, Persian yeh, letters with hamza above
	0xA9: 'ك', 0xCC: 'ي', 0xC0: 0x06D5, 0xC2: 0x06C1, 0xD3: 0x06D2,
	// Quranic marks U+06D6–U+06ED
	0xD6: foldDrop, 0xD7: foldDrop, 0xD8: foldDrop, 0xD9: foldDrop, 0xDA: foldDrop,
	0xDB: foldDrop, 0xDC: foldDrop, 0xDD: foldDrop, 0xDE: foldDrop, 0xDF: foldDrop,
	0xE0: foldDrop, 0xE1: foldDrop, 0xE2: foldDrop, 0xE3: foldDrop, 0xE4: foldDrop,
	0xE5: foldDrop, 0xE6: foldDrop, 0xE7: foldDrop, 0xE8: foldDrop, 0xE9: foldDrop,
	0xEA: foldDrop, 0xEB: foldDrop, 0xEC: foldDrop, 0xED: foldDrop,
	// Persian digits
	0xF0: '0', 0xF1: '1', 0xF2: '2', 0xF3: '3', 0xF4: '4',
	0xF5: '5', 0xF6: '6', 0xF7: '7', 0xF8: '8', 0xF9: '9',
}

// foldRune appends the fold of r (whose encoding in the source is src)
// to b.
func foldRune(b []byte, r rune, src string, o NormalizeOptions) []byte {
	if len(src) == 1 { // invalid UTF-8 byte
		return append(b, "\uFFFD"...)
	}
	switch a, x := fold(r, o); a {
	case keep:
		b = append(b, src...)
	case repl:
		b = utf8.AppendRune(b, x)
	case expand:
		if r >= 0xFEF5 && r <= 0xFEFC { // lam-alef ligatures, common
			return append(b, "لا"...)
		}
		e := norm.NFKC.String(string(r))
		if e == src {
			// no decomposition (unassigned, or a sign such as ﴾)
			return append(b, src...)
		}
		// An NFKC expansion is fully decomposed: it holds no
		// presentation form, so this goes one level deep at most.
		for _, er := range e {
			switch a, x := fold(er, o); a {
			case repl:
				b = utf8.AppendRune(b, x)
			case keep, expand:
				b = utf8.AppendRune(b, er)
			}
		}
	}
	return b
}

// appendFold appends the fold of s (assumed NFC or NFC-safe) to b.
func appendFold(b []byte, s string, o NormalizeOptions) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			b = append(b, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		b = foldRune(b, r, s[i:i+n], o)
		i += n
	}
	return b
}

// FoldDigits returns s with Arabic-Indic (٠–٩, U+0660–U+0669) and
// Persian (۰–۹, U+06F0–U+06F9) digits replaced by ASCII digits; nothing
// else changes, except that each invalid UTF-8 byte becomes U+FFFD. It
// returns s itself when there is nothing to change.
func FoldDigits(s string) string {
	return mapRunes(s, func(r rune) rune {
		switch {
		case r >= 0x0660 && r <= 0x0669:
			return '0' + r - 0x0660
		case r >= 0x06F0 && r <= 0x06F9:
			return '0' + r - 0x06F0
		}
		return r
	})
}

// isTashkeel reports whether r is a diacritic removed by RemoveDiacritics
// and Normalize.
func isTashkeel(r rune) bool {
	switch {
	case r >= 0x064B && r <= 0x065F, r == 0x0670,
		r >= 0x0610 && r <= 0x061A, r >= 0x06D6 && r <= 0x06ED:
		return true
	case r >= 0x08D3 && r <= 0x08FF:
		return r != 0x08E2
	}
	return false
}

// RemoveDiacritics returns s without tashkeel (the marks Normalize removes:
// U+064B–U+065F, U+0670, U+0610–U+061A, U+06D6–U+06ED, U+08D3–U+08FF
// except U+08E2) and without tatweel (U+0640). Letters are not folded and
// no Unicode normalization is applied; each invalid UTF-8 byte becomes
// U+FFFD. It returns s itself when there is nothing to change.
func RemoveDiacritics(s string) string {
	return mapRunes(s, func(r rune) rune {
		if r == 0x0640 || isTashkeel(r) {
			return -1
		}
		return r
	})
}

// isOddSpace reports whether r is a space character that Display turns
// into a plain ASCII space: NBSP, the Unicode spaces U+2000–U+200A,
// U+202F, U+205F, U+3000, U+1680, and other Zs characters.
func isOddSpace(r rune) bool {
	if r == ' ' {
		return false
	}
	return r == 0x00A0 || (r >= 0x2000 && r <= 0x200A) || r == 0x202F ||
		r == 0x205F || r == 0x3000 || r == 0x1680 || (r > 0xFF && unicode.Is(unicode.Zs, r))
}

// Display returns s cleaned for display: the letters and marks are kept
// as written (no NFC, no folding), but the controls that can reorder what
// a reader sees are dropped everywhere: embeddings and overrides
// (U+202A–U+202E), isolates (U+2066–U+2069) and the zero-width
// directional marks LRM, RLM and ALM (U+200E, U+200F, U+061C), and the
// BOM (U+FEFF). NBSP and the other Unicode space characters become a
// plain ' '. Zero-width joiners (U+200C, U+200D), which affect shaping,
// are kept. Each invalid UTF-8 byte becomes U+FFFD. It returns s itself
// when nothing changes. Display is idempotent.
func Display(s string) string {
	return mapRunes(s, func(r rune) rune {
		switch {
		case (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) ||
			r == 0x200E || r == 0x200F || r == 0x061C || r == 0xFEFF:
			return -1
		case isOddSpace(r):
			return ' '
		}
		return r
	})
}
