package analysis

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestAnalyzeArabic(t *testing.T) {
	tests := []struct {
		in      string
		surface string
		stem    string
		alts    []string
	}{
		{"وَزِيرُ", "وزير", "وزير", []string{"زير"}},
		{"الوزير", "الوزير", "وزير", nil},
		{"لوزير", "لوزير", "لوزير", []string{"وزير"}},
		{"والوزير", "والوزير", "وزير", nil},
		{"للوزير", "للوزير", "وزير", []string{"لوزير"}}, // ل + لوزير: harmless
		{"الدِّفَاعِ", "الدفاع", "دفاع", nil},
		{"سانا", "سانا", "سانا", nil},
		{"اللجنة", "اللجنه", "لجن", nil},
		{"للجنة", "للجنه", "جن", []string{"لجن"}},
		{"السورية", "السوريه", "سور", nil},
		{"سوريّ", "سوري", "سور", nil},
		{"وزارات", "وزارات", "وزار", []string{"زار"}},
		{"أحمد", "احمد", "احمد", nil},
		{"إلى", "الي", "ال", nil}, // Light10: ال + ي is not stripped, ي is
		{"مستشفى", "مستشفي", "مستشف", nil},
		{"ـــالأخبـــار", "الاخبار", "اخبار", nil},
		{"١٧", "17", "17", nil},
		{"Élysée", "élysée", "elysee", nil},
		{"l'Élysée", "l'élysée", "elysee", nil},
		{"Syria's", "syria's", "syria", nil},
	}
	for _, tt := range tests {
		toks := Analyze(tt.in, Arabic)
		if len(toks) != 1 {
			t.Errorf("Analyze(%q) = %d tokens %+v", tt.in, len(toks), toks)
			continue
		}
		got := toks[0]
		if got.Surface != tt.surface || got.Stem != tt.stem || !slices.Equal(got.Alts, tt.alts) {
			t.Errorf("Analyze(%q) = %q %q %q, want %q %q %q", tt.in, got.Surface, got.Stem, got.Alts, tt.surface, tt.stem, tt.alts)
		}
		if q := Terms(tt.in); len(q) != 1 || q[0].Stem != tt.stem || q[0].Alts != nil {
			t.Errorf("Terms(%q) = %+v", tt.in, q)
		}
		if s := Stem(tt.in); utf8.RuneCountInString(tt.in) > 0 && got.Stem != s && toks[0].Surface == got.Surface && !strings.ContainsAny(tt.in, "'ÉS") {
			t.Errorf("Stem(%q) = %q, Analyze stem %q", tt.in, s, got.Stem)
		}
	}
}

// TestQueryStemMatchesIndexForms is the matching contract: the query
// stem of a word is among the stems indexed for each of its clitic forms.
func TestQueryStemMatchesIndexForms(t *testing.T) {
	for _, tt := range []struct {
		query string
		forms []string
	}{
		{"وزير", []string{"وزير", "الوزير", "لوزير", "ووزير", "والوزير", "للوزير", "بوزير", "فالوزير", "وَزِيرُ"}},
		{"الدفاع", []string{"دفاع", "الدفاع", "والدفاع", "للدفاع", "بالدفاع", "ودفاع"}},
		{"لجنة", []string{"لجنة", "اللجنة", "للجنة", "واللجنة", "لجنه"}},
		{"وزارة", []string{"وزارة", "الوزارة", "للوزارة", "وزارات", "والوزارات"}},
		{"سوريا", []string{"سوريا", "وسوريا", "لسوريا"}},
	} {
		q := Terms(tt.query)[0].Stem
		for _, f := range tt.forms {
			tok := Analyze(f, Arabic)[0]
			if tok.Stem != q && !slices.Contains(tok.Alts, q) {
				t.Errorf("query %q (stem %q) misses %q (stem %q, alts %q)", tt.query, q, f, tok.Stem, tok.Alts)
			}
		}
	}
}

func TestAnalyzePositionsAndOffsets(t *testing.T) {
	text := "قال وزير الدفاع، في «دمشق» يوم ١٧ نوفمبر: Hello world."
	toks := Analyze(text, Arabic)
	want := []string{"قال", "وزير", "الدفاع", "في", "دمشق", "يوم", "17", "نوفمبر", "hello", "world"}
	if len(toks) != len(want) {
		t.Fatalf("got %d tokens: %+v", len(toks), toks)
	}
	runes := []rune(text)
	for i, tok := range toks {
		if tok.Surface != want[i] {
			t.Errorf("token %d = %q, want %q", i, tok.Surface, want[i])
		}
		if tok.Position != i+1 {
			t.Errorf("token %d position %d", i, tok.Position)
		}
		if string(runes[tok.Start:tok.End]) != text[tok.ByteStart:tok.ByteEnd] {
			t.Errorf("token %d offsets disagree", i)
		}
	}
}

func TestPlainMode(t *testing.T) {
	toks := Analyze("الوزير Élysée", Plain)
	if toks[0].Stem != "الوزير" || toks[0].Alts != nil {
		t.Errorf("plain Arabic word stemmed: %+v", toks[0])
	}
	if toks[1].Surface != "élysée" || toks[1].Stem != "elysee" {
		t.Errorf("plain Latin word: %+v", toks[1])
	}
	for lang, want := range map[string]Mode{"": Arabic, "ar": Arabic, "AR-sy": Arabic, "en": Plain, "fr": Plain, "fa": Plain} {
		if got := ModeFor(lang); got != want {
			t.Errorf("ModeFor(%q) = %v, want %v", lang, got, want)
		}
	}
}

func TestLongTokensSkipped(t *testing.T) {
	long := strings.Repeat("ب", MaxTokenBytes)
	toks := Analyze("قبل "+long+" بعد", Arabic)
	if len(toks) != 2 || toks[1].Position != 2 {
		t.Fatalf("got %+v", toks)
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"وَزِيرُ الدِّفَاعِ", "l'Élysée", "١٬٢٠٠٫٥ ٪", "\u200fوال\u0640\u0640وزير", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := Analyze(s, Arabic)
		prev := 0
		for _, tok := range toks {
			if tok.Surface == "" || tok.Stem == "" || len(tok.Surface) > MaxTokenBytes {
				t.Fatalf("bad token %+v", tok)
			}
			if tok.Position != prev+1 || tok.ByteStart > tok.ByteEnd || tok.ByteEnd > len(s) {
				t.Fatalf("bad position/offsets %+v", tok)
			}
			prev = tok.Position
			if slices.Contains(tok.Alts, tok.Stem) {
				t.Fatalf("alt repeats stem %+v", tok)
			}
		}
		// The query analysis of the same text gives the same words.
		q := Terms(s)
		if len(q) != len(toks) {
			t.Fatalf("Terms %d tokens, Analyze %d", len(q), len(toks))
		}
		for i := range q {
			if q[i].Surface != toks[i].Surface || q[i].Stem != toks[i].Stem {
				t.Fatalf("Terms %+v != Analyze %+v", q[i], toks[i])
			}
		}
	})
}

func BenchmarkAnalyze(b *testing.B) {
	text := strings.Repeat("بحث وزير الدفاع السوري اللواء مرهف أبو قصرة مع وفد روسي رفيع المستوى في دمشق، يوم الأحد ١٦ تشرين الثاني، سبل تعزيز التعاون العسكري بين البلدين. ", 40)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Analyze(text, Arabic)
	}
}
