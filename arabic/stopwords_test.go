package arabic

import (
	"slices"
	"testing"
)

func TestIsStopWord(t *testing.T) {
	tests := []struct {
		w    string
		want bool
	}{
		{"في", true}, {"من", true}, {"التي", true}, {"الذي", true}, {"لكن", true},
		{"إلى", true}, {"الى", true}, {"عَلَى", true}, {"هذه", true},
		// content words, month names, number words, name cues are not
		{"وزير", false}, {"مايو", false}, {"أيار", false}, {"نوفمبر", false},
		{"قال", false}, {"أكد", false}, {"اليوم", false}, {"عام", false},
		{"بن", false}, {"أبو", false}, {"ثلاثة", false}, {"مليون", false},
		{"الأول", false}, {"ذي", false}, {"", false},
	}
	for _, tt := range tests {
		if got := IsStopWord(tt.w); got != tt.want {
			t.Errorf("IsStopWord(%q) = %v, want %v", tt.w, got, tt.want)
		}
	}
}

func TestStopWordsFileIsNormalizedSortedUnique(t *testing.T) {
	ws := StopWords()
	if len(ws) < 300 {
		t.Fatalf("only %d stop words", len(ws))
	}
	if !slices.IsSorted(ws) {
		t.Error("stopwords.txt is not sorted")
	}
	if len(slices.Compact(slices.Clone(ws))) != len(ws) {
		t.Error("stopwords.txt has duplicates")
	}
	for _, w := range ws {
		if Normalize(w) != w {
			t.Errorf("stop word %q is not in Normalize form (%q)", w, Normalize(w))
		}
		if toks := Tokenize(w); len(toks) != 1 || toks[0].Kind != Word {
			t.Errorf("stop word %q is not one Arabic word", w)
		}
	}
}

func TestIsStopWordNoAlloc(t *testing.T) {
	words := []string{"في", "الحكومة", "إلى", "وزير", "مُحَمَّد"}
	if a := testing.AllocsPerRun(50, func() {
		for _, w := range words {
			IsStopWord(w)
		}
	}); a != 0 {
		t.Errorf("IsStopWord allocates %v times", a)
	}
}
