package arabic

import (
	"fmt"
	"strings"
	"testing"
)

// tok is a compact expectation: text and kind.
type tok struct {
	text string
	kind Kind
}

func kinds(toks []Token) []tok {
	out := make([]tok, len(toks))
	for i, t := range toks {
		out[i] = tok{t.Text, t.Kind}
	}
	return out
}

func TestTokenizeKinds(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []tok
	}{
		{"empty", "", []tok{}},
		{"spaces only", " \t\n\u00A0\u200F", []tok{}},
		{"words with clitics", "وبالوزير وللسوريين", []tok{{"وبالوزير", Word}, {"وللسوريين", Word}}},
		{"diacritics and tatweel stay in word", "وُصِفت الـــوزير", []tok{{"وُصِفت", Word}, {"الـــوزير", Word}}},
		{"zwnj inside word", "می\u200Cخواهم", []tok{{"می\u200Cخواهم", Word}}},
		{"zwnj at word end is dropped", "نعم\u200C ", []tok{{"نعم", Word}}},
		{"arabic punctuation", "نعم، لا؛ ماذا؟", []tok{{"نعم", Word}, {"،", Punct}, {"لا", Word}, {"؛", Punct}, {"ماذا", Word}, {"؟", Punct}}},
		{"ascii number", "نحو 190 شخصية", []tok{{"نحو", Word}, {"190", Number}, {"شخصية", Word}}},
		{"arabic-indic number", "١٧ نوفمبر ٢٠٢٥", []tok{{"١٧", Number}, {"نوفمبر", Word}, {"٢٠٢٥", Number}}},
		{"persian digits", "۱۴۰۳", []tok{{"۱۴۰۳", Number}}},
		{"decimal point", "3.5", []tok{{"3.5", Number}}},
		{"thousands comma", "1,200,000", []tok{{"1,200,000", Number}}},
		{"arabic decimal separator", "٣٫٥", []tok{{"٣٫٥", Number}}},
		{"arabic thousands separator", "١٬٢٠٠", []tok{{"١٬٢٠٠", Number}}},
		{"arabic percent", "٤٠٪", []tok{{"٤٠٪", Number}}},
		{"ascii percent", "40%", []tok{{"40%", Number}}},
		{"sentence-final dot after number", "عام 2024.", []tok{{"عام", Word}, {"2024", Number}, {".", Punct}}},
		{"comma after number", "1، 2, 3", []tok{{"1", Number}, {"،", Punct}, {"2", Number}, {",", Punct}, {"3", Number}}},
		{"latin words", "Fox News", []tok{{"Fox", Latin}, {"News", Latin}}},
		{"latin apostrophe inside", "don't O’Brien", []tok{{"don't", Latin}, {"O’Brien", Latin}}},
		{"latin with digits", "G20 F16", []tok{{"G20", Latin}, {"F16", Latin}}},
		{"latin accents", "café", []tok{{"café", Latin}}},
		{"arabic next to latin", "شبكةCNN", []tok{{"شبكة", Word}, {"CNN", Latin}}},
		{"slash and dash", "أكتوبر/تشرين سورية-روسية", []tok{{"أكتوبر", Word}, {"/", Punct}, {"تشرين", Word}, {"سورية", Word}, {"-", Punct}, {"روسية", Word}}},
		{"bullet symbol", "● أخبار", []tok{{"●", Symbol}, {"أخبار", Word}}},
		{"currency", "$5 €", []tok{{"$", Symbol}, {"5", Number}, {"€", Symbol}}},
		{"ellipsis", "ماذا…", []tok{{"ماذا", Word}, {"…", Punct}}},
		{"double dot", "روسي .. مباحثات", []tok{{"روسي", Word}, {".", Punct}, {".", Punct}, {"مباحثات", Word}}},
		{"bidi controls split nothing visible", "\u202Bنعم\u202C", []tok{{"نعم", Word}}},
		{"all quote kinds", "“ ” « » \" ' ‹ › ‘ ’ „", []tok{{"“", Quote}, {"”", Quote}, {"«", Quote}, {"»", Quote}, {"\"", Quote}, {"'", Quote}, {"‹", Quote}, {"›", Quote}, {"‘", Quote}, {"’", Quote}, {"„", Quote}}},
		{"presentation forms are words", "\uFEFB\uFEB3", []tok{{"\uFEFB\uFEB3", Word}}},
		{"stray mark", "\u064E x", []tok{{"\u064E", Symbol}, {"x", Latin}}},
		{"marks before letters join the word", "\u064E\u064Eب", []tok{{"\u064E\u064Eب", Word}}},
		{"tatweel separator line", "ـــــــ\nنص", []tok{{"ـــــــ", Symbol}, {"نص", Word}}},
		{"tatweel before a word", "ـــالوزير", []tok{{"ـــالوزير", Word}}},
		{"joiner runs", "\u200C\u200Cب\u200C\u200C", []tok{{"ب", Word}}},
		{"joiner before a word is dropped", "\u200Dب", []tok{{"ب", Word}}},
		{"arabic full stop and date separator", "نعم۔ ١\u060D٢", []tok{{"نعم", Word}, {"۔", Punct}, {"١", Number}, {"\u060D", Punct}, {"٢", Number}}},
		{"invalid utf8", "a\xffb", []tok{{"a", Latin}, {"\xff", Symbol}, {"b", Latin}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := kinds(Tokenize(tt.in))
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("Tokenize(%q)\n got %v\nwant %v", tt.in, got, tt.want)
			}
			checkTokens(t, tt.in, Tokenize(tt.in))
		})
	}
}

func TestTokenOffsets(t *testing.T) {
	s := "قال: «نعم» 3.5"
	toks := Tokenize(s)
	want := []struct{ start, end, bs, be int }{
		{0, 3, 0, 6}, {3, 4, 6, 7}, {5, 6, 8, 10}, {6, 9, 10, 16}, {9, 10, 16, 18}, {11, 14, 19, 22},
	}
	if len(toks) != len(want) {
		t.Fatalf("got %d tokens, want %d: %v", len(toks), len(want), kinds(toks))
	}
	for i, w := range want {
		tk := toks[i]
		if tk.Start != w.start || tk.End != w.end || tk.ByteStart != w.bs || tk.ByteEnd != w.be {
			t.Errorf("token %d %q: offsets %d-%d bytes %d-%d, want %d-%d bytes %d-%d",
				i, tk.Text, tk.Start, tk.End, tk.ByteStart, tk.ByteEnd, w.start, w.end, w.bs, w.be)
		}
	}
}

// quotePairs returns, for each quote token in order, "o<j>" (opens,
// paired with the quote at token index j), "c<j>", "o-" or "c-".
func quotePairs(toks []Token) string {
	var b strings.Builder
	for _, t := range toks {
		if t.Kind != Quote {
			continue
		}
		if t.Open {
			b.WriteByte('o')
		} else {
			b.WriteByte('c')
		}
		if t.Pair < 0 {
			b.WriteString("- ")
		} else {
			fmt.Fprintf(&b, "%s ", toks[t.Pair].Text)
		}
	}
	return strings.TrimSpace(b.String())
}

func TestQuotePairing(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"curly usual", "قال “نحن هنا” ثم", "o” c“"},
		{"curly reversed", "قال ”نحن هنا“ ثم", "o“ c”"},
		{"guillemets usual", "قال «نعم» ثم", "o» c«"},
		{"guillemets reversed", "قال »نعم« ثم", "o« c»"},
		{"single guillemets reversed", "›نعم‹", "o‹ c›"},
		{"straight double", "قال \"نعم\" ثم \"لا\".", "o\" c\" o\" c\""},
		{"straight single", "قال 'نعم' ثم", "o' c'"},
		{"curly single", "‘نعم’", "o’ c‘"},
		{"low-high German style", "„نعم“", "o“ c„"},
		{"nested", "«قال “نعم” ثم» و", "o» o” c“ c«"},
		{"nested reversed", "»قال ”نعم“ ثم« و", "o« o“ c” c»"},
		{"adjacent quotes", "«“نص”»", "o» o” c“ c«"},
		{"empty quotation", "\"\"", "o\" c\""},
		{"quote before punctuation", "«نعم».", "o» c«"},
		{"spaces inside quotes", "” نحن هنا “", "o“ c”"},
		{"unclosed opening", "قال «نعم ثم", "o-"},
		{"lone closing", "نعم» ثم", "c-"},
		{"apostrophe in latin is not a quote", "don't say 'yes'", "o' c'"},
		{"possessive after latin word", "the players' union", "c-"},
		{"after clitic letter", "و\"نعم\"", "o\" c\""},
		{"mixed families do not pair", "«نعم“", "o- c-"},
		{"seed quote", "منحته موسكو لاحقاً “حق اللجوء الإنساني”، محتفظة", "o” c“"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks := Tokenize(tt.in)
			if got := quotePairs(toks); got != tt.want {
				t.Errorf("Tokenize(%q) quotes = %q, want %q", tt.in, got, tt.want)
			}
			checkTokens(t, tt.in, toks)
		})
	}
}

func TestAppendTokensReusesAndOffsetsPairs(t *testing.T) {
	dst := Tokenize("«أ»")
	n := len(dst)
	dst = AppendTokens(dst, "قال “نعم”")
	q := dst[n+1]
	if q.Kind != Quote || q.Pair != n+3 || dst[n+3].Pair != n+1 {
		t.Fatalf("pair indices not offset by the existing tokens: %+v", dst[n:])
	}
	buf := make([]Token, 0, 64)
	s := "بحث وزير الدفاع السوري، يوم الأحد، مع وفد «عسكري» روسي 3.5"
	if a := testing.AllocsPerRun(50, func() { buf = AppendTokens(buf[:0], s) }); a != 0 {
		t.Errorf("AppendTokens into a large enough buffer allocates %v times", a)
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{Word: "Word", Number: "Number", Latin: "Latin", Punct: "Punct", Quote: "Quote", Symbol: "Symbol", 0: "Kind(0)", 99: "Kind(99)"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", k, got, want)
		}
	}
}

// checkTokens verifies the token invariants: offsets in range and
// increasing, text equal to the source runes at the offsets, byte and
// code point offsets consistent, and quote pairs symmetric, properly
// ordered and not crossing.
func checkTokens(t testing.TB, s string, toks []Token) {
	t.Helper()
	runes := []rune(s)
	// byte offset -> rune offset
	r2b := make([]int, 0, len(runes)+1)
	for i := range s {
		r2b = append(r2b, i)
	}
	r2b = append(r2b, len(s))
	prevEnd := 0
	for i, tk := range toks {
		if tk.Start < prevEnd || tk.End <= tk.Start || tk.End > len(runes) {
			t.Fatalf("token %d %q: bad offsets %d-%d (prev end %d, len %d)", i, tk.Text, tk.Start, tk.End, prevEnd, len(runes))
		}
		prevEnd = tk.End
		if tk.ByteStart != r2b[tk.Start] || tk.ByteEnd != r2b[tk.End] {
			t.Fatalf("token %d %q: byte offsets %d-%d, want %d-%d", i, tk.Text, tk.ByteStart, tk.ByteEnd, r2b[tk.Start], r2b[tk.End])
		}
		if tk.Text != s[tk.ByteStart:tk.ByteEnd] {
			t.Fatalf("token %d: text %q != source %q", i, tk.Text, s[tk.ByteStart:tk.ByteEnd])
		}
		if tk.Kind < Word || tk.Kind > Symbol {
			t.Fatalf("token %d %q: bad kind %d", i, tk.Text, tk.Kind)
		}
		if tk.Kind != Quote {
			if tk.Pair != -1 || tk.Open {
				t.Fatalf("token %d %q: non-quote with Pair %d Open %v", i, tk.Text, tk.Pair, tk.Open)
			}
			continue
		}
		if tk.Pair == -1 {
			continue
		}
		if tk.Pair < 0 || tk.Pair >= len(toks) || tk.Pair == i {
			t.Fatalf("token %d: pair %d out of range", i, tk.Pair)
		}
		p := toks[tk.Pair]
		if p.Kind != Quote || p.Pair != i {
			t.Fatalf("token %d: pair %d not symmetric", i, tk.Pair)
		}
		if (i < tk.Pair) != tk.Open || p.Open == tk.Open {
			t.Fatalf("token %d: open flags inconsistent with order", i)
		}
		if tk.Open {
			// no pair may cross [i, tk.Pair]
			for j := i + 1; j < tk.Pair; j++ {
				if q := toks[j]; q.Kind == Quote && q.Pair >= 0 && (q.Pair < i || q.Pair > tk.Pair) {
					t.Fatalf("pairs cross: %d-%d and %d-%d", i, tk.Pair, j, q.Pair)
				}
			}
		}
	}
	// every non-space rune outside tokens must be a space/control class
	covered := make([]bool, len(runes))
	for _, tk := range toks {
		for j := tk.Start; j < tk.End; j++ {
			covered[j] = true
		}
	}
	for j, r := range runes {
		if !covered[j] && classify(r) != cSpace && classify(r) != cJoiner {
			t.Fatalf("rune %d %q not in any token", j, r)
		}
	}
}

func ExampleTokenize() {
	// Arabic pages often store quotation marks reversed; pairing is by
	// position, not by code point.
	for _, t := range Tokenize("قال ”نعم“ ٣٫٥٪") {
		fmt.Println(t.Text, t.Kind, t.Start, t.End, t.Open, t.Pair)
	}
	// Output:
	// قال Word 0 3 false -1
	// ” Quote 4 5 true 3
	// نعم Word 5 8 false -1
	// “ Quote 8 9 false 1
	// ٣٫٥٪ Number 10 14 false -1
}
