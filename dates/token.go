package dates

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokKind uint8

const (
	tkWord tokKind = iota + 1
	tkNum
	tkPunct
)

// Token flags.
const (
	fFuture  uint8 = 1 << iota // a future-pointing cue (سـ, سوف, من المقرر ...)
	fTanween                   // the word carries tanween (غداً)
	fAl                        // the normalized word starts with ال
	fWaw                       // the normalized word starts with و or ف
)

// token is one word, number or punctuation mark of the text.
type token struct {
	bs, be int32 // byte offsets
	rs, re int32 // code point offsets
	num    int32 // value of a number (saturates at 1e9)
	sent   int32 // sentence number
	punct  rune
	ent    uint16 // index of the word's lexicon entries, 0 when unknown
	kind   tokKind
	flags  uint8
	pre    uint8 // clitic letters stripped before the lexicon matched
	nd     int8  // digits of a number
	space  bool  // preceded by white space (false: glued to the previous token)
}

func isDigitRune(r rune) (int, bool) {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0'), true
	case r >= 0x0660 && r <= 0x0669:
		return int(r - 0x0660), true
	case r >= 0x06F0 && r <= 0x06F9:
		return int(r - 0x06F0), true
	}
	return 0, false
}

// isIgnorable reports Arabic diacritics, tatweel and format characters that
// are dropped inside words.
func isIgnorable(r rune) bool {
	return (r >= 0x064B && r <= 0x065F) || r == 0x0670 || r == 0x0640 || r == 0x200C || r == 0x200D
}

func isWordRune(r rune) bool {
	if r < 0x80 {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	if r >= 0x0621 && r <= 0x065F || r == 0x0670 || r >= 0x0671 && r <= 0x06D3 && r != 0x06D4 {
		return true // Arabic letters and marks (fast path)
	}
	if _, ok := isDigitRune(r); ok {
		return false
	}
	return unicode.IsLetter(r) || isIgnorable(r) || unicode.Is(unicode.Mn, r)
}

// foldLetter maps letter variants to one form: alef forms to ا, ى to ي,
// ة to ه, Persian ی and ک to ي and ك, ASCII to lower case. It returns -1
// for characters that are dropped.
func foldLetter(r rune) rune {
	switch r {
	case 'أ', 'إ', 'آ', 'ٱ':
		return 'ا'
	case 'ى', 'ی':
		return 'ي'
	case 'ة':
		return 'ه'
	case 'ک':
		return 'ك'
	case 'ڤ':
		return 'ف'
	}
	if r < 0x80 {
		if r >= 'A' && r <= 'Z' {
			return r + 32
		}
		return r
	}
	if r >= 0x0621 && r <= 0x063F || r >= 0x0641 && r <= 0x064A {
		return r
	}
	if isIgnorable(r) || unicode.Is(unicode.Mn, r) {
		return -1
	}
	return r
}

// normWord returns the lexicon key of a word.
func normWord(s string) string {
	var b strings.Builder
	for _, r := range s {
		if f := foldLetter(r); f >= 0 {
			b.WriteRune(f)
		}
	}
	return b.String()
}

// lexicon maps normalized words to their roles: index gives the position
// in ents (0 is unused: unknown words).
type lexicon struct {
	index map[string]uint16
	ents  [][]lexEntry
}

// lookup returns the entries of a normalized word.
func (lx *lexicon) lookup(w string) []lexEntry {
	return lx.ents[lx.index[w]]
}

func buildLexicon() *lexicon {
	lx := &lexicon{index: map[string]uint16{}, ents: [][]lexEntry{nil}}
	for _, it := range lexItems() {
		k := normWord(it.word)
		i, ok := lx.index[k]
		if !ok {
			i = uint16(len(lx.ents))
			lx.index[k] = i
			lx.ents = append(lx.ents, nil)
		}
		dup := false
		for _, e := range lx.ents[i] {
			if e == it.e {
				dup = true
			}
		}
		if !dup {
			lx.ents[i] = append(lx.ents[i], it.e)
		}
	}
	return lx
}

// futureStop lists words that begin like a future verb (سـ + ي/ت/ن) but
// are nouns or names.
var futureStop = []string{"سياس", "سيار", "سيطر", "سيد", "سيول", "سينا", "سينم", "سيف", "سير", "سيج", "سيب", "سيم", "سيل", "سيغ",
	"سنو", "سنه", "سنين", "سنت", "سنغ", "سند", "سنا", "سنب", "ستار", "ستو", "ستي", "ستراتيج", "سته", "ستون", "ستاد", "ستوكهولم", "ستيف", "سنيور", "سينيور"}

var futureWords = map[string]bool{
	"سوف": true, "وسوف": true, "فسوف": true, "يعتزم": true, "تعتزم": true, "نعتزم": true, "يعتزمون": true, "تعتزمان": true, "يعتزمان": true,
	"المقرر": true, "مقرر": true, "المزمع": true, "يزمع": true, "تزمع": true, "المرتقب": true, "المرتقبه": true, "مرتقب": true, "مرتقبه": true,
	"يرتقب": true, "ترتقب": true, "المنتظر": true, "المتوقع": true, "يتوقع": true, "تتوقع": true, "ينتظر": true, "ستنطلق": true,
}

// isFutureCue reports a future-pointing word: سوف, يعتزم, المقرر ... or a
// verb with the future prefix سـ (ستعقد, سيزور, وسنعمل). w is the
// normalized word, orig the word as written.
func isFutureCue(w []byte, orig string) bool {
	if futureWords[string(w)] {
		return true
	}
	s := w
	if bytes.HasPrefix(s, []byte("و")) || bytes.HasPrefix(s, []byte("ف")) {
		s = s[len("و"):]
	}
	if strings.HasPrefix(orig, "سأ") || strings.HasPrefix(orig, "وسأ") {
		return utf8.RuneCount(s) >= 4
	}
	if !bytes.HasPrefix(s, []byte("س")) {
		return false
	}
	rest := s[len("س"):]
	if !(bytes.HasPrefix(rest, []byte("ي")) || bytes.HasPrefix(rest, []byte("ت")) || bytes.HasPrefix(rest, []byte("ن"))) {
		return false
	}
	if utf8.RuneCount(s) < 4 {
		return false
	}
	for _, p := range futureStop {
		if bytes.HasPrefix(s, []byte(p)) {
			return false
		}
	}
	return true
}

// tokenizer splits text into tokens. It reuses its buffers.
type tokenizer struct {
	lx   *lexicon
	buf  []byte
	toks []token
}

func (tz *tokenizer) tokenize(text string) []token {
	toks := tz.toks[:0]
	if cap(toks) == 0 {
		toks = make([]token, 0, len(text)/8+8)
	}
	space := true
	rs := 0
	var sent int32
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if r == '\n' || r == '\r' || r == 0x2029 || r == 0x2028 {
			sent++
			space = true
			i += size
			rs++
			continue
		}
		if r < 0x80 && (r == ' ' || r == '\t') || r >= 0x80 && (unicode.IsSpace(r) || r == 0x200F || r == 0x200E || r == 0x200B || r == 0xFEFF || r == 0x061C) {
			space = true
			i += size
			rs++
			continue
		}
		if d, ok := isDigitRune(r); ok {
			t := token{kind: tkNum, bs: int32(i), rs: int32(rs), space: space, sent: sent}
			n, nd := 0, 0
			for i < len(text) {
				r, size = rune(text[i]), 1
				if r >= utf8.RuneSelf {
					r, size = utf8.DecodeRuneInString(text[i:])
				}
				if d, ok = isDigitRune(r); !ok {
					break
				}
				if n < 1e8 {
					n = n*10 + d
				} else {
					n = 1e9
				}
				nd++
				i += size
				rs++
			}
			t.num, t.be, t.re = int32(n), int32(i), int32(rs)
			if nd > 100 {
				nd = 100
			}
			t.nd = int8(nd)
			toks = append(toks, t)
			space = false
			continue
		}
		if isWordRune(r) {
			t := token{kind: tkWord, bs: int32(i), rs: int32(rs), space: space, sent: sent}
			b := tz.buf[:0]
			for i < len(text) {
				r, size = rune(text[i]), 1
				if r >= utf8.RuneSelf {
					r, size = utf8.DecodeRuneInString(text[i:])
				}
				if !isWordRune(r) {
					break
				}
				if r == 0x064B || r == 0x064C || r == 0x064D {
					t.flags |= fTanween
				}
				if f := foldLetter(r); f >= 0 {
					b = utf8.AppendRune(b, f)
				}
				i += size
				rs++
			}
			tz.buf = b
			t.be, t.re = int32(i), int32(rs)
			tz.classify(&t, b, text[t.bs:t.be])
			toks = append(toks, t)
			space = false
			continue
		}
		t := token{kind: tkPunct, bs: int32(i), be: int32(i + size), rs: int32(rs), re: int32(rs + 1), space: space, punct: r, sent: sent}
		toks = append(toks, t)
		i += size
		rs++
		space = false
		switch r {
		case '!', '?', '؟', '؛', ';', '…':
			sent++
		case '.':
			if i >= len(text) {
				break
			}
			if _, ok := isDigitRune(rune(text[i])); !ok {
				if nr, _ := utf8.DecodeRuneInString(text[i:]); nr < 0x80 {
					if _, ok := isDigitRune(nr); !ok {
						sent++
					}
				} else if _, ok := isDigitRune(nr); !ok {
					sent++
				}
			}
		}
	}
	tz.toks = toks
	return toks
}

// classify looks the normalized word b up in the lexicon (also after
// stripping a clitic prefix) and sets the token's flags.
func (tz *tokenizer) classify(t *token, b []byte, orig string) {
	if len(b) >= len("ال") && string(b[:len("ال")]) == "ال" {
		t.flags |= fAl
	}
	if len(b) > len("و") && (string(b[:len("و")]) == "و" || string(b[:len("ف")]) == "ف") {
		t.flags |= fWaw
	}
	if i, ok := tz.lx.index[string(b)]; ok {
		t.ent = i
	} else if len(b) >= 6 && isClitic(b[:2]) {
		// One clitic letter, then possibly a second (وب, ول, فب ...).
		if i, ok := tz.lx.index[string(b[2:])]; ok {
			t.ent, t.pre = i, 1
		} else if len(b) >= 8 && isClitic(b[2:4]) {
			if i, ok := tz.lx.index[string(b[4:])]; ok {
				t.ent, t.pre = i, 2
			}
		}
	}
	if len(b) >= 6 && isFutureCue(b, orig) {
		t.flags |= fFuture
	}
}

// isClitic reports whether the two bytes encode و, ف, ب, ل or ك.
func isClitic(b []byte) bool {
	switch string(b) {
	case "و", "ف", "ب", "ل", "ك":
		return true
	}
	return false
}

func decodeRune(s string) (rune, int) {
	if len(s) > 0 && s[0] < utf8.RuneSelf {
		return rune(s[0]), 1
	}
	return utf8.DecodeRuneInString(s)
}
