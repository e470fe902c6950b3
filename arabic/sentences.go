package arabic

// Span is a range of code points [Start, End) in a text.
type Span struct{ Start, End int }

// Sentences splits s into sentences for Arabic news and returns their
// spans (code point offsets into s), in order, trimmed of surrounding
// space; text without any token gives no span.
//
// A sentence ends at a line break (always), and after a run of . ؟ ! … ? ۔
// (with any closing quotes and brackets right after it), except:
//   - inside a paired quotation (see Tokenize) whose marks are attached
//     to the quoted text: «جملة. جملة» stays in one sentence (quotes with
//     space on both sides, paired only by alternation, do not count);
//   - after a one-letter abbreviation followed by more text on the line
//     ("د. أحمد", "م. علي", "J. Smith"), unless the letter follows a
//     number ("2025 م." and "1447 هـ." end sentences);
//   - a run of exactly two dots ("..", the headline separator of Arabic
//     news titles) does not end one, nor does a terminator with a Latin
//     word or number directly on both sides ("sana.sy", "U.S.");
//   - dots inside numbers ("3.5") are part of the number token.
func Sentences(s string) []Span {
	toks := Tokenize(s)
	return appendSentences(nil, s, toks)
}

// SentencesOf is Sentences for a text already tokenized with Tokenize
// (toks must be Tokenize(s)); it saves tokenizing twice.
func SentencesOf(s string, toks []Token) []Span {
	return appendSentences(nil, s, toks)
}

func isTerminator(t Token) bool {
	if t.Kind != Punct {
		return false
	}
	for _, r := range t.Text {
		switch r {
		case '.', '؟', '!', '…', '?', '۔':
			return true
		}
		return false
	}
	return false
}

func hasLineBreak(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n', '\r', '\v', '\f':
			return true
		case 0xE2: // U+2028, U+2029
			if i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
				return true
			}
		case 0xC2: // U+0085
			if i+1 < len(s) && s[i+1] == 0x85 {
				return true
			}
		}
	}
	return false
}

// isClosing reports whether token t (following a terminator) belongs to
// the sentence that ends: a closing quote or bracket.
func isClosing(t Token) bool {
	if t.Kind == Quote {
		return !t.Open
	}
	if t.Kind == Punct {
		switch t.Text {
		case ")", "]", "}":
			return true
		}
	}
	return false
}

// letterCount counts letters of a word, ignoring marks and tatweel.
func letterCount(w string) int {
	n := 0
	for _, r := range w {
		if r == 0x0640 || isTashkeel(r) {
			continue
		}
		n++
	}
	return n
}

// clearPair reports whether a quote pair is typographically clear: the
// opening quote is attached to the text after it and not to the text
// before it, and the closing quote the other way round. Pairs decided by
// alternation alone (quotes with space on both sides, as in
// pre-tokenized text) are not trusted to hold sentences together.
func clearPair(s string, open, close Token) bool {
	return blankBefore(s, open.ByteStart) && !blankAfter(s, open.ByteEnd) &&
		!blankBefore(s, close.ByteStart) && blankAfter(s, close.ByteEnd)
}

func appendSentences(dst []Span, s string, toks []Token) []Span {
	start := -1  // token index of the current sentence start
	closeAt := 0 // tokens before this index are inside a quotation
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if start < 0 {
			start = i
		}
		if t.Kind == Quote && t.Open && t.Pair > i && t.Pair > closeAt && clearPair(s, t, toks[t.Pair]) {
			// quotation from i to t.Pair; nothing inside splits
			// unless a line break intervenes (handled below).
			closeAt = t.Pair
		}
		end := -1 // token index (inclusive) ending a sentence here
		if i+1 < len(toks) && hasLineBreak(s[t.ByteEnd:toks[i+1].ByteStart]) {
			end = i
			closeAt = 0 // a line break ends any quotation for splitting
		} else if isTerminator(t) && i >= closeAt {
			// extend over the run of terminators
			j := i
			for j+1 < len(toks) && isTerminator(toks[j+1]) && toks[j+1].ByteStart == toks[j].ByteEnd {
				j++
			}
			if split(s, toks, start, i, j) {
				// closing quotes and brackets, and further terminators
				// on the same line ("؟ . . .", "! »"), end here too
				for j+1 < len(toks) && (isClosing(toks[j+1]) || isTerminator(toks[j+1])) &&
					!hasLineBreak(s[toks[j].ByteEnd:toks[j+1].ByteStart]) {
					j++
				}
				end = j
			}
			if end < 0 {
				i = j
				if i+1 < len(toks) && hasLineBreak(s[toks[i].ByteEnd:toks[i+1].ByteStart]) {
					end = i
					closeAt = 0
				}
			}
		}
		if end < 0 && i == len(toks)-1 {
			end = i
		}
		if end >= 0 {
			dst = append(dst, Span{toks[start].Start, toks[end].End})
			i = end
			start = -1
		}
	}
	return dst
}

// split decides whether the terminator run toks[i..j] ends the sentence
// that began at toks[start].
func split(s string, toks []Token, start, i, j int) bool {
	run := s[toks[i].ByteStart:toks[j].ByteEnd]
	if run == ".." {
		return false
	}
	// directly followed by a Latin word or number: "example.com", "v.2"
	if j+1 < len(toks) && toks[j+1].ByteStart == toks[j].ByteEnd {
		if k := toks[j+1].Kind; k == Latin || k == Number {
			if i > start && toks[i-1].ByteEnd == toks[i].ByteStart && toks[i-1].Kind != Word {
				return false
			}
		}
	}
	// one-letter abbreviation: "د. أحمد"
	if run == "." && i > start && j+1 < len(toks) {
		p := toks[i-1]
		if (p.Kind == Word || p.Kind == Latin) && p.ByteEnd == toks[i].ByteStart && letterCount(p.Text) == 1 {
			afterNumber := i-2 >= start && toks[i-2].Kind == Number
			if !afterNumber {
				return false
			}
		}
	}
	return true
}
