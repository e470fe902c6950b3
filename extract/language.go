package extract

import (
	"strings"
	"unicode"
)

// Language guesses the language of text from its letters: "ar" when most
// letters are Arabic, otherwise "en" or "fr" by their most common short
// words, "und" for other Latin text and "" when text has no letters. It is
// a simple detector meant for news pages, not a general classifier.
func Language(text string) string {
	if len(text) > 16<<10 {
		text = text[:16<<10]
	}
	arabic, latin, other := 0, 0, 0
	for _, r := range text {
		switch {
		case r < 0x80:
			if (r|0x20) >= 'a' && (r|0x20) <= 'z' {
				latin++
			}
		case r >= 0x0621 && r <= 0x064A, r >= 0x0671 && r <= 0x06D3:
			arabic++
		case !unicode.IsLetter(r):
		case unicode.Is(unicode.Arabic, r):
			arabic++
		case unicode.Is(unicode.Latin, r):
			latin++
		default:
			other++
		}
	}
	total := arabic + latin + other
	switch {
	case total == 0:
		return ""
	case arabic*2 >= total:
		return "ar"
	case latin*2 < total:
		return "und"
	}
	en, fr := 0, 0
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
		switch w {
		case "the", "and", "of", "to", "in", "is", "was", "that", "with", "for", "said":
			en++
		case "le", "la", "les", "des", "et", "du", "une", "est", "dans", "que", "pour", "qui", "sur":
			fr++
		}
	}
	switch {
	case en == 0 && fr == 0:
		return "und"
	case fr > en:
		return "fr"
	default:
		return "en"
	}
}
