package arabic

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzSeeds are shared by the fuzz targets; testdata/fuzz holds more.
var fuzzSeeds = []string{
	"",
	"بمشاركة أكبر وفد روسي .. مباحثات عسكرية سورية - روسية واسعة في دمشق",
	"● أخبار سورية ١٧ نوفمبر ٢٠٢٥",
	"قال ”نحن هنا“. وقال «لا» و\"نعم\" don't 3.5 ٣٫٥ ١٬٢٠٠ ٤٠٪ د. أحمد",
	"مُحَمَّدٌ الـــوزير \uFEFB\uFDFA \u202Bنعم\u202C \u2067x\u2069 \u200F",
	"e\u0654\u0301 \u0627\u0654 cafe\u0301 \uFB01",
	"«قال “نعم” ثم» ‹›‘’„‟'\"",
	"a\xffb\xc0\x80\u0640\u064E",
	"قال: «وصلنا. بدأنا العمل.» ثم غادر.\nالتالي؟! 1950 م. هـ.",
}

func FuzzNormalize(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if again := Normalize(n); again != n {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, n, again)
		}
		if slow := slowNormalize(s); slow != n && utf8.ValidString(s) {
			t.Fatalf("fast path %q != NFC+fold %q for %q", n, slow, s)
		}
		for _, r := range n {
			if (r >= 0x064B && r <= 0x065F) || r == 0x0670 || r == 0x0640 ||
				(r >= 0x0660 && r <= 0x0669) || (r >= 0x06F0 && r <= 0x06F9) ||
				(r >= 0x200B && r <= 0x200F) || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) ||
				strings.ContainsRune("أإآٱىةؤئ", r) {
				t.Fatalf("Normalize(%q) = %q keeps %U", s, n, r)
			}
		}
		if got := string(AppendNormalized([]byte("x"), s, NormalizeOptions{})); got != "x"+n {
			t.Fatalf("AppendNormalized differs: %q vs %q", got, "x"+n)
		}
		k := NormalizeWith(s, NormalizeOptions{KeepTehMarbuta: true})
		if FoldTehMarbuta(k) != n {
			t.Fatalf("FoldTehMarbuta(KeepTehMarbuta form) %q != Normalize %q", FoldTehMarbuta(k), n)
		}
		d := Display(s)
		if Display(d) != d {
			t.Fatalf("Display not idempotent on %q", s)
		}
		for _, r := range d {
			if (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0xA0 {
				t.Fatalf("Display(%q) keeps %U", s, r)
			}
		}
		_ = RemoveDiacritics(s)
		_ = FoldDigits(s)
		for _, tk := range Tokenize(n) {
			if ls := LightStem(tk.Text); !strings.HasSuffix(tk.Text, ls) || ls == "" {
				t.Fatalf("LightStem(%q) = %q is not a non-empty suffix", tk.Text, ls)
			}
			if l10 := Light10(tk.Text); l10 == "" {
				t.Fatalf("Light10(%q) is empty", tk.Text)
			}
			_ = Stem(tk.Text)
		}
	})
}

func FuzzTokenize(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := Tokenize(s)
		checkTokens(t, s, toks)
		// appending to a non-empty slice gives the same tokens, pairs shifted
		pre := Tokenize("«x»")
		all := AppendTokens(pre, s)
		if len(all) != len(pre)+len(toks) {
			t.Fatalf("AppendTokens gives %d tokens, want %d", len(all)-len(pre), len(toks))
		}
		for i, tk := range toks {
			a := all[len(pre)+i]
			want := tk
			if tk.Pair >= 0 {
				want.Pair += len(pre)
			}
			if a != want {
				t.Fatalf("AppendTokens token %d = %+v, want %+v", i, a, want)
			}
		}
	})
}

func FuzzSentences(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		spans := Sentences(s)
		checkSpans(t, s, spans)
		// every token lies inside exactly one span
		toks := Tokenize(s)
		j := 0
		for _, tk := range toks {
			for j < len(spans) && spans[j].End <= tk.Start {
				j++
			}
			if j == len(spans) || tk.Start < spans[j].Start || tk.End > spans[j].End {
				t.Fatalf("token %q at %d-%d not inside a sentence %v", tk.Text, tk.Start, tk.End, spans)
			}
		}
		if len(toks) > 0 && len(spans) == 0 {
			t.Fatal("tokens but no sentence")
		}
	})
}
