package registry

import (
	"strings"
	"unicode"
)

// Fold returns the lookup form of an entity name or key: Arabic
// diacritics and tatweel removed, alef/hamza forms unified (أ إ آ ٱ -> ا,
// ؤ -> و, ئ -> ي), ى -> ي, ة -> ه, Latin lower-cased, and runs of spaces,
// '-' and '_' collapsed to one space (none at either end). Both store
// backends key their registries on it, so it must never change without a
// migration of the stored folded columns.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r >= 0x064B && r <= 0x065F, r == 0x0670, r == 0x0640:
			continue
		case r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ':
			r = 'ا'
		case r == 'ؤ':
			r = 'و'
		case r == 'ئ' || r == 'ى':
			r = 'ي'
		case r == 'ة':
			r = 'ه'
		case unicode.IsSpace(r) || r == '-' || r == '_':
			space = true
			continue
		default:
			r = unicode.ToLower(r)
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// Skeleton returns Fold(s) reduced to what transliterations of one
// foreign name share: the spaces removed (عبد الله / عبدالله), the long
// vowels ا و ي dropped after the first letter, غ written ج (both render
// "g"). زاخاروفا and زخاروفا both give زخرف. The registry uses it to merge
// spelling variants of multi-word names and as a fallback lookup key.
func Skeleton(s string) string {
	f := Fold(s)
	var b strings.Builder
	b.Grow(len(f))
	first := true
	for _, r := range f {
		if r == ' ' {
			continue
		}
		if !first && (r == 'ا' || r == 'و' || r == 'ي') {
			continue
		}
		if r == 'غ' {
			r = 'ج'
		}
		first = false
		b.WriteRune(r)
	}
	return b.String()
}
