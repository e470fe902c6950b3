package arabic

import (
	"sync"
	"unicode"
	"unicode/utf8"
)

// Kind is the kind of a Token. The zero Kind is not used.
type Kind uint8

// Token kinds.
const (
	// Word is a run of Arabic-script letters and marks (clitics attached,
	// e.g. "وبالوزير"), tatweel and ZWNJ/ZWJ between letters included,
	// holding at least one letter other than tatweel.
	Word Kind = iota + 1
	// Number is a run of digits of any script (ASCII, Arabic-Indic,
	// Persian, ...) with the separators , . ٫ ٬ between digits and an
	// optional trailing % or ٪, e.g. "3.5", "١٬٢٠٠", "٤٠٪".
	Number
	// Latin is a word in a non-Arabic script (Latin, Cyrillic, ...):
	// letters, marks and digits starting with a letter, with an
	// apostrophe (' or ’) between letters kept inside ("don't").
	Latin
	// Punct is punctuation other than quotes: . , ! ? … ، ؛ ؟ - ( ) ...
	Punct
	// Quote is a quotation mark: “ ” « » " ' ‹ › ‘ ’ „ ‚ ‟ ‛ ＂.
	// Quote tokens are paired by position (see Token.Pair).
	Quote
	// Symbol is any other visible character: currency, math, bullets
	// (●), emoji, a percent sign not attached to a number, a run of
	// tatweel (ـــــ), a stray combining mark, an invalid UTF-8 byte.
	Symbol
)

var kindNames = [...]string{"", "Word", "Number", "Latin", "Punct", "Quote", "Symbol"}

// String returns the name of k, e.g. "Word".
func (k Kind) String() string {
	if int(k) < len(kindNames) && k != 0 {
		return kindNames[k]
	}
	return "Kind(" + itoa(int(k)) + ")"
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// Token is one token of a text. Text is a substring of the original
// text: Text == string([]rune(s)[Start:End]) == s[ByteStart:ByteEnd].
type Token struct {
	Text string
	Kind Kind
	// Start and End are code point offsets into the original text, end
	// exclusive.
	Start, End int
	// ByteStart and ByteEnd are the same bounds as byte offsets.
	ByteStart, ByteEnd int
	// Pair is, for a Quote token, the index (in the token slice) of the
	// quote it pairs with, or -1 when it is unpaired. It is -1 for other
	// kinds.
	Pair int
	// Open reports whether a Quote token opens a quotation (by position,
	// whatever its code point: in "” … “" the ” opens).
	Open bool
}

// Tokenize splits s into tokens (see Kind). White space, control and
// invisible format characters (bidi controls, BOM, ZWNJ outside a word)
// separate tokens and are not returned.
//
// Quote tokens are paired by position, not by code point, since Arabic
// pages often store the pairs reversed (” … “, » … «). A quote attached
// to the text after it but not to the text before it opens a quotation.
// Otherwise it closes the innermost open quotation of its family (double
// curly “ ” „ ‟, guillemets « », single guillemets ‹ ›, single curly
// ‘ ’ ‚ ‛, straight ", straight ') when there is one; failing that, a
// quote attached only to the text before it is an unpaired closing quote,
// and any other opens a quotation. Pairs never cross; quotations still
// open at the end of s stay unpaired (Pair -1, Open true).
//
// Tokenize runs in time linear in len(s).
func Tokenize(s string) []Token {
	return AppendTokens(make([]Token, 0, len(s)/8+1), s)
}

// AppendTokens appends the tokens of s (see Tokenize) to dst and returns
// the extended slice; reusing dst avoids allocation. Pair indices refer
// to positions in the returned slice.
func AppendTokens(dst []Token, s string) []Token {
	base := len(dst)
	sc := scanner{s: s, tab: arabicClasses()}
	for {
		dst = append(dst, Token{})
		if !sc.next(&dst[len(dst)-1]) {
			dst = dst[:len(dst)-1]
			break
		}
	}
	pairQuotes(dst[base:], base, s)
	return dst
}

// char classes used by the scanner.
type class uint8

const (
	cSpace class = iota // white space, controls, invisible format chars
	cArabic
	cMark // combining mark
	cJoiner
	cDigit
	cLetter // non-Arabic letter
	cQuote
	cApos // ' and ’: a quote unless inside a Latin word
	cPunct
	cSymbol
)

// asciiClass classifies ASCII bytes.
var asciiClass = [128]class{
	'0': cDigit, '1': cDigit, '2': cDigit, '3': cDigit, '4': cDigit,
	'5': cDigit, '6': cDigit, '7': cDigit, '8': cDigit, '9': cDigit,
	'A': cLetter, 'B': cLetter, 'C': cLetter, 'D': cLetter, 'E': cLetter,
	'F': cLetter, 'G': cLetter, 'H': cLetter, 'I': cLetter, 'J': cLetter,
	'K': cLetter, 'L': cLetter, 'M': cLetter, 'N': cLetter, 'O': cLetter,
	'P': cLetter, 'Q': cLetter, 'R': cLetter, 'S': cLetter, 'T': cLetter,
	'U': cLetter, 'V': cLetter, 'W': cLetter, 'X': cLetter, 'Y': cLetter,
	'Z': cLetter,
	'a': cLetter, 'b': cLetter, 'c': cLetter, 'd': cLetter, 'e': cLetter,
	'f': cLetter, 'g': cLetter, 'h': cLetter, 'i': cLetter, 'j': cLetter,
	'k': cLetter, 'l': cLetter, 'm': cLetter, 'n': cLetter, 'o': cLetter,
	'p': cLetter, 'q': cLetter, 'r': cLetter, 's': cLetter, 't': cLetter,
	'u': cLetter, 'v': cLetter, 'w': cLetter, 'x': cLetter, 'y': cLetter,
	'z': cLetter,
	'!': cPunct, '"': cQuote, '#': cPunct, '%': cPunct, '&': cPunct,
	'\'': cApos, '(': cPunct, ')': cPunct, '*': cPunct, ',': cPunct,
	'-': cPunct, '.': cPunct, '/': cPunct, ':': cPunct, ';': cPunct,
	'?': cPunct, '@': cPunct, '[': cPunct, '\\': cPunct, ']': cPunct,
	'_': cPunct, '{': cPunct, '}': cPunct,
	'$': cSymbol, '+': cSymbol, '<': cSymbol, '=': cSymbol, '>': cSymbol,
	'^': cSymbol, '`': cSymbol, '|': cSymbol, '~': cSymbol,
}

func classify(r rune) class {
	if r < utf8.RuneSelf {
		return asciiClass[r]
	}
	switch {
	case r >= 0x0621 && r <= 0x063A, r >= 0x0641 && r <= 0x064A:
		return cArabic
	case r >= 0x064B && r <= 0x065F, r == 0x0670:
		return cMark
	case r == 0x0640:
		return cArabic // tatweel
	case r >= 0x0660 && r <= 0x0669, r >= 0x06F0 && r <= 0x06F9:
		return cDigit
	case r == 0x200C || r == 0x200D:
		return cJoiner
	case r == 0x00A0, r >= 0x2000 && r <= 0x200B, r >= 0x200E && r <= 0x200F,
		r >= 0x2028 && r <= 0x202F, r >= 0x2060 && r <= 0x206F, r == 0xFEFF, r == 0x061C:
		return cSpace
	}
	switch r {
	case '“', '”', '«', '»', '‹', '›', '‘', '„', '‚', '‟', '‛', '＂':
		return cQuote
	case '’':
		return cApos
	case '٪', '٫', '٬', '،', '؛', '؟', '…':
		return cPunct
	case utf8.RuneError:
		return cSymbol
	}
	switch {
	case unicode.Is(unicode.Arabic, r):
		switch {
		case unicode.IsLetter(r):
			return cArabic
		case unicode.IsMark(r):
			return cMark
		case unicode.IsPunct(r):
			return cPunct // ؍ ۔ ؞
		}
	case unicode.IsLetter(r):
		return cLetter
	case unicode.IsMark(r):
		return cMark
	case unicode.IsDigit(r):
		return cDigit
	case unicode.IsSpace(r), unicode.IsControl(r), unicode.Is(unicode.Cf, r):
		return cSpace
	case unicode.IsPunct(r):
		return cPunct
	}
	if unicode.IsNumber(r) {
		return cSymbol // ², ½, Ⅻ: not parsed as numbers
	}
	return cSymbol
}

// scanner walks s producing tokens with byte and code point offsets.
type scanner struct {
	s   string
	i   int // byte offset
	ri  int // code point offset
	tab *[256]class
}

// arabicClasses is classify over U+0600–U+06FF, built once, read-only.
var arabicClasses = sync.OnceValue(func() *[256]class {
	var t [256]class
	for i := range t {
		t[i] = classify(rune(0x0600 + i))
	}
	return &t
})

// at decodes the rune at byte offset i.
func (sc *scanner) at(i int) (rune, int, class) {
	c := sc.s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1, asciiClass[c]
	}
	if c >= 0xD8 && c <= 0xDB && i+1 < len(sc.s) && sc.s[i+1]&0xC0 == 0x80 {
		r := rune(c&0x1F)<<6 | rune(sc.s[i+1]&0x3F)
		return r, 2, sc.tab[r-0x0600]
	}
	r, n := utf8.DecodeRuneInString(sc.s[i:])
	return r, n, classify(r)
}

// next scans the next token into t and reports whether there was one.
func (sc *scanner) next(t *Token) bool {
	s := sc.s
	// skip spaces
	var (
		r rune
		n int
		c class
	)
	for {
		if sc.i >= len(s) {
			return false
		}
		if s[sc.i] == ' ' {
			sc.i++
			sc.ri++
			continue
		}
		r, n, c = sc.at(sc.i)
		if c != cSpace && c != cJoiner { // a joiner only counts between letters
			break
		}
		sc.i += n
		sc.ri++
	}
	start, rstart := sc.i, sc.ri
	sc.i += n
	sc.ri++
	var k Kind
	switch c {
	case cArabic, cMark:
		k = Word
		if c == cMark {
			// a stray mark: it belongs to the letters after it, if any
			sc.marks()
			if sc.classAt(sc.i) != cArabic {
				k = Symbol
				break
			}
		}
		// a run of tatweel (a separator line) is not a word
		if !sc.arabicWord(c == cArabic && r != 0x0640) {
			k = Symbol
		}
	case cLetter:
		k = Latin
		sc.latinWord()
	case cDigit:
		k = Number
		sc.number()
	case cQuote, cApos:
		k = Quote
	case cPunct:
		k = Punct
		if r == '%' || r == '٪' {
			k = Symbol
		}
		sc.marks()
	default:
		k = Symbol
		sc.marks()
	}
	*t = Token{
		Text: s[start:sc.i], Kind: k,
		Start: rstart, End: sc.ri,
		ByteStart: start, ByteEnd: sc.i,
		Pair: -1,
	}
	return true
}

// classAt returns the class of the rune at byte offset i, or cSpace at
// the end of the text.
func (sc *scanner) classAt(i int) class {
	if i >= len(sc.s) {
		return cSpace
	}
	_, _, c := sc.at(i)
	return c
}

// marks consumes combining marks following a character.
func (sc *scanner) marks() {
	for sc.i < len(sc.s) {
		_, n, c := sc.at(sc.i)
		if c != cMark {
			return
		}
		sc.i += n
		sc.ri++
	}
}

// arabicWord consumes the rest of an Arabic word: letters, marks, and
// joiners directly followed by a letter. It reports whether the word
// holds a letter other than tatweel (letter says whether what was
// consumed before does).
func (sc *scanner) arabicWord(letter bool) bool {
	s, tab := sc.s, sc.tab
	// fast path, in registers: letters and marks of U+0600–U+06FF
	i, ri := sc.i, sc.ri
	for i+1 < len(s) {
		b := s[i]
		if b < 0xD8 || b > 0xDB || s[i+1]&0xC0 != 0x80 {
			break
		}
		x := int(b&0x03)<<6 | int(s[i+1]&0x3F)
		c := tab[x]
		if c != cArabic && c != cMark {
			break
		}
		letter = letter || (c == cArabic && x != 0x40)
		i += 2
		ri++
	}
	sc.i, sc.ri = i, ri
	for sc.i < len(s) {
		if s[sc.i] < utf8.RuneSelf {
			return letter // ASCII never belongs to an Arabic word
		}
		// letters and marks of U+0600–U+06FF
		if b := s[sc.i]; b >= 0xD8 && b <= 0xDB && sc.i+1 < len(s) && s[sc.i+1]&0xC0 == 0x80 {
			x := int(b&0x03)<<6 | int(s[sc.i+1]&0x3F)
			c := sc.tab[x]
			if c != cArabic && c != cMark {
				return letter // no joiner in this block
			}
			letter = letter || (c == cArabic && x != 0x40)
			sc.i += 2
			sc.ri++
			continue
		}
		_, n, c := sc.at(sc.i)
		switch c {
		case cArabic:
			letter = true
		case cMark:
		case cJoiner:
			if sc.classAt(sc.i+n) != cArabic {
				return letter
			}
		default:
			return letter
		}
		sc.i += n
		sc.ri++
	}
	return letter
}

func (sc *scanner) latinWord() {
	for sc.i < len(sc.s) {
		_, n, c := sc.at(sc.i)
		switch c {
		case cLetter, cMark, cDigit:
			sc.i += n
			sc.ri++
			continue
		case cApos:
			// apostrophe between two letters stays in the word
			if sc.i+n < len(sc.s) {
				if _, _, c2 := sc.at(sc.i + n); c2 == cLetter {
					sc.i += n
					sc.ri++
					continue
				}
			}
		}
		return
	}
}

// isNumSep reports whether r may join two digit runs inside a number.
func isNumSep(r rune) bool {
	return r == '.' || r == ',' || r == '٫' || r == '٬'
}

func (sc *scanner) number() {
	for sc.i < len(sc.s) {
		r, n, c := sc.at(sc.i)
		if c == cDigit {
			sc.i += n
			sc.ri++
			continue
		}
		if isNumSep(r) && sc.i+n < len(sc.s) {
			if _, n2, c2 := sc.at(sc.i + n); c2 == cDigit {
				sc.i += n + n2
				sc.ri += 2
				continue
			}
		}
		if r == '%' || r == '٪' {
			sc.i += n
			sc.ri++
		}
		return
	}
}

// quote families for pairing.
const (
	famNone = iota
	famCurlyDouble
	famGuillemet
	famSingleGuillemet
	famCurlySingle
	famStraightDouble
	famStraightSingle
)

func quoteFamily(r rune) int {
	switch r {
	case '“', '”', '„', '‟':
		return famCurlyDouble
	case '«', '»':
		return famGuillemet
	case '‹', '›':
		return famSingleGuillemet
	case '‘', '’', '‚', '‛':
		return famCurlySingle
	case '"', '＂':
		return famStraightDouble
	case '\'':
		return famStraightSingle
	}
	return famNone
}

// blankBefore reports whether the text before byte offset i counts as
// "no text" for quote flanking: start, space, an opening bracket or dash,
// or another quote.
func blankBefore(s string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	switch r {
	case '(', '[', '{', '-', '–', '—', ':', '/':
		return true
	}
	c := classify(r)
	return c == cSpace || c == cQuote || c == cApos
}

// blankAfter reports whether the text from byte offset i counts as "no
// text" for quote flanking: end, space, closing punctuation, or a quote.
func blankAfter(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	switch r {
	case '.', ',', ';', ':', '!', '?', ')', ']', '}', '،', '؛', '؟', '…', '-', '–', '—':
		return true
	}
	c := classify(r)
	return c == cSpace || c == cQuote || c == cApos
}

// pairQuotes sets Pair and Open on the Quote tokens of toks, whose
// indices in the caller's slice start at base. It runs in linear time:
// the stack is searched only when it holds a quote of the family (kept
// in counts), and everything above the match is popped.
func pairQuotes(toks []Token, base int, s string) {
	type open struct{ idx, fam int }
	var stackBuf [16]open
	stack := stackBuf[:0]
	var count [famStraightSingle + 1]int
	for i := range toks {
		t := &toks[i]
		if t.Kind != Quote {
			continue
		}
		r, _ := utf8.DecodeRuneInString(t.Text)
		fam := quoteFamily(r)
		bb := blankBefore(s, t.ByteStart)
		ba := blankAfter(s, t.ByteEnd)
		opens := bb && !ba
		closes := !bb && ba
		match := -1
		if !opens && count[fam] > 0 {
			for j := len(stack) - 1; j >= 0; j-- {
				if stack[j].fam == fam {
					match = j
					break
				}
			}
		}
		switch {
		case match >= 0:
			o := stack[match]
			for _, above := range stack[match:] {
				count[above.fam]--
			}
			stack = stack[:match]
			t.Open = false
			t.Pair = o.idx + base
			toks[o.idx].Pair = i + base
		case closes:
			// a closing quote with nothing to close
			t.Open = false
		default:
			t.Open = true
			stack = append(stack, open{i, fam})
			count[fam]++
		}
	}
}
