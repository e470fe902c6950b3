package arabic

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"ascii unchanged", "Hello, world 123", "Hello, world 123"},
		{"plain arabic unchanged", "وزير الدفاع", "وزير الدفاع"},
		{"fatha damma kasra sukun", "كَتَبَ الوَلَدُ", "كتب الولد"},
		{"tanween", "شكرًا جزيلاً", "شكرا جزيلا"},
		{"shadda", "محمّد", "محمد"},
		{"dagger alef", "هٰذا", "هذا"},
		{"hamza below mark", "\u0627\u0655", "ا"},
		{"quranic small high marks", "الرَّحِيمِ\u06D6 ذَٰلِكَ\u06DA", "الرحيم ذلك"},
		{"honorific marks U+0610", "محمد\u0610", "محمد"},
		{"tatweel", "الـــوزير", "الوزير"},
		{"alef hamza above", "أحمد", "احمد"},
		{"alef hamza below", "إسرائيل", "اسراييل"},
		{"alef madda", "آمال", "امال"},
		{"alef wasla", "ٱلحمد", "الحمد"},
		{"alef maqsura", "مصطفى على", "مصطفي علي"},
		{"teh marbuta", "مدرسة الحكومة", "مدرسه الحكومه"},
		{"waw hamza", "مؤتمر", "موتمر"},
		{"yeh hamza", "رئيس", "رييس"},
		{"decomposed alef+hamza above (NFC)", "\u0627\u0654حمد", "احمد"},
		{"decomposed alef+madda (NFC)", "\u0627\u0653مال", "امال"},
		{"persian yeh and keheh", "ی ک", "ي ك"},
		{"lam-alef ligature", "\uFEFB", "لا"},
		{"lam-alef hamza ligature", "\uFEF7", "لا"},
		{"presentation forms word", "\uFEB3\uFEE0\uFE8E\uFEE1", "سلام"},
		{"allah ligature", "\uFDF2", "الله"},
		{"arabic-indic digits", "١٧ نوفمبر ٢٠٢٥", "17 نوفمبر 2025"},
		{"persian digits", "۱۴۰۳", "1403"},
		{"mixed digits", "٣.٥ و 4", "3.5 و 4"},
		{"arabic punctuation kept", "نعم، لا؛ ماذا؟ ٪ ٫ ٬", "نعم، لا؛ ماذا؟ ٪ ٫ ٬"},
		{"zwnj zwj removed", "می\u200Cخواهم \u200Dx", "ميخواهم x"},
		{"zwsp removed", "a\u200Bb", "ab"},
		{"lrm rlm removed", "\u200Fنعم\u200E", "نعم"},
		{"alm removed", "\u061Cنعم", "نعم"},
		{"embeddings overrides removed", "\u202Bنعم\u202C \u202E123\u202C", "نعم 123"},
		{"isolates removed", "\u2067نعم\u2069 \u2066x\u2069 \u2068y\u2069", "نعم x y"},
		{"bom removed", "\uFEFFنص", "نص"},
		{"latin NFC", "cafe\u0301", "café"},
		{"NFC after dropping a blocking mark", "e\u0654\u0301", "é"},
		{"latin ligature", "\uFB01le", "file"},
		{"unassigned presentation-form code point kept", "\uFB0E\uFD3E", "\uFB0E\uFD3E"},
		{"invalid utf8 replaced", "a\xffب", "a\uFFFDب"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Normalize(tt.in)
			if got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := Normalize(got); again != got {
				t.Errorf("not idempotent: Normalize(%q) = %q", got, again)
			}
		})
	}
}

func TestNormalizeKeepTehMarbuta(t *testing.T) {
	o := NormalizeOptions{KeepTehMarbuta: true}
	tests := []struct{ in, want string }{
		{"مدرسةٌ", "مدرسة"},
		{"الحكومة السورية", "الحكومة السورية"},
		{"أسرة", "اسرة"},
	}
	for _, tt := range tests {
		if got := NormalizeWith(tt.in, o); got != tt.want {
			t.Errorf("NormalizeWith(%q, KeepTehMarbuta) = %q, want %q", tt.in, got, tt.want)
		}
		if got, want := FoldTehMarbuta(NormalizeWith(tt.in, o)), Normalize(tt.in); got != want {
			t.Errorf("FoldTehMarbuta(NormalizeWith(%q)) = %q, want Normalize = %q", tt.in, got, want)
		}
	}
}

func TestNormalizeNoAllocWhenUnchanged(t *testing.T) {
	s := "وزير الدفاع السوري 2025"
	if n := testing.AllocsPerRun(100, func() { _ = Normalize(s) }); n != 0 {
		t.Errorf("Normalize of already-normal text allocates %v times", n)
	}
}

func TestAppendNormalized(t *testing.T) {
	in := "أَحْمَد ١٢"
	got := string(AppendNormalized([]byte("x:"), in, NormalizeOptions{}))
	if want := "x:" + Normalize(in); got != want {
		t.Errorf("AppendNormalized = %q, want %q", got, want)
	}
	// news text (bullets, dashes, quotes) stays on the fast path
	news := "● أخبار سورية ١٧ نوفمبر ٢٠٢٥ – “حق اللجوء” ﻻ"
	buf := make([]byte, 0, 256)
	if a := testing.AllocsPerRun(50, func() { buf = AppendNormalized(buf[:0], news, NormalizeOptions{}) }); a != 0 {
		t.Errorf("AppendNormalized of news text allocates %v times (slow path?)", a)
	}
}

// slowNormalize is the definition of the matching form applied naively:
// NFC over the whole text, then the fold rune by rune.
func slowNormalize(s string) string {
	s = norm.NFC.String(s)
	return norm.NFC.String(string(appendFold(nil, s, NormalizeOptions{})))
}

func TestNormalizeFastPathMatchesNFC(t *testing.T) {
	inputs := []string{
		"\u0627\u0654\u064E", "\u0648\u0654", "\u064A\u0654", "\u06D5\u0654", "\u06C1\u0654", "\u06D2\u0654",
		"\u0627\u0651\u064E\u0653", "ب\u0651\u064E", "ﻷ\u0654", "\u0627\u0655", "١٢٣ \u200Fنعم",
		"● أخبار", "\u2000\u2001", "e\u0301", "\u1100\u1161", "क\u093C", "\u0B47\u0B3E", "漢字 😀",
	}
	for _, s := range inputs {
		if got, want := Normalize(s), slowNormalize(s); got != want {
			t.Errorf("Normalize(%q) = %q, NFC+fold = %q", s, got, want)
		}
	}
}

func TestFoldDigits(t *testing.T) {
	tests := []struct{ in, want string }{
		{"٠١٢٣٤٥٦٧٨٩", "0123456789"},
		{"۰۱۲۳۴۵۶۷۸۹", "0123456789"},
		{"أَحمد ١٧ نوفمبر", "أَحمد 17 نوفمبر"},
		{"٣٫٥٪", "3٫5٪"},
		{"no digits", "no digits"},
	}
	for _, tt := range tests {
		if got := FoldDigits(tt.in); got != tt.want {
			t.Errorf("FoldDigits(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRemoveDiacritics(t *testing.T) {
	tests := []struct{ in, want string }{
		{"مُحَمَّدٌ", "محمد"},
		{"الـــوزير", "الوزير"},
		{"هٰذا", "هذا"},
		{"أحمد إلى آخر", "أحمد إلى آخر"}, // letters are not folded
		{"١٧ ة ى", "١٧ ة ى"},
		{"\u200Fنعم", "\u200Fنعم"}, // controls are not its business
	}
	for _, tt := range tests {
		if got := RemoveDiacritics(tt.in); got != tt.want {
			t.Errorf("RemoveDiacritics(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDisplay(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"keeps letters and marks", "وُصفت أحمد ١٧ ة ى", "وُصفت أحمد ١٧ ة ى"},
		{"keeps tatweel", "الـــوزير", "الـــوزير"},
		{"drops embeddings/overrides", "\u202Aa\u202B\u202Cb\u202D\u202Ec", "abc"},
		{"drops isolates", "\u2066a\u2067b\u2068c\u2069", "abc"},
		{"drops directional marks", "\u200Eنعم\u200F\u061C", "نعم"},
		{"keeps zwnj zwj", "a\u200Cb\u200Dc", "a\u200Cb\u200Dc"},
		{"nbsp and odd spaces", "a\u00A0b\u2009c\u202Fd\u3000e\u2003f", "a b c d e f"},
		{"keeps newlines and tabs", "a\n\tb", "a\n\tb"},
		{"drops bom", "\uFEFFنص", "نص"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Display(tt.in); got != tt.want {
				t.Errorf("Display(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalizeNeverGrowsUnbounded(t *testing.T) {
	// The widest expansion is a presentation-form ligature (ﷺ is 18 runes).
	s := strings.Repeat("\uFDFA", 1000)
	got := Normalize(s)
	if utf8.RuneCountInString(got) > 20*1000 {
		t.Errorf("expansion too large: %d runes", utf8.RuneCountInString(got))
	}
}

func TestArabicFoldTable(t *testing.T) {
	for _, o := range []NormalizeOptions{{}, {KeepTehMarbuta: true}} {
		for r := rune(0x0600); r <= 0x06FF; r++ {
			a, x := fold(r, o)
			var want []byte
			switch a {
			case keep:
				want = utf8.AppendRune(nil, r)
			case repl:
				want = utf8.AppendRune(nil, x)
			}
			got, ok := foldFast(nil, string(r), o)
			if !ok || string(got) != string(want) {
				t.Errorf("%+v: table folds %U to %q, fold gives %q", o, r, got, want)
			}
		}
	}
}
