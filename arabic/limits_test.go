package arabic

import (
	"strings"
	"testing"
	"time"
)

// TestLinearTime guards against quadratic behaviour on hostile input: each
// function must handle a 1 MB adversarial input quickly (generous bounds
// for a loaded machine; the linear cost is a few milliseconds).
func TestLinearTime(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode")
	}
	const n = 100_000
	inputs := map[string]string{
		"quotes that never match":  strings.Repeat(" «a", n) + strings.Repeat(" a”", n),
		"ambiguous straight":       strings.Repeat(" \" ", 2*n),
		"nested then closed":       "“a" + strings.Repeat(" «a", n) + " a”",
		"one long word":            strings.Repeat("بَ", 4*n),
		"one long line of dots":    strings.Repeat("د. ", n),
		"marks":                    strings.Repeat("\u064E", 4*n),
		"presentation forms":       strings.Repeat("\uFDFA", n),
		"decomposed latin (NFC)":   strings.Repeat("e\u0301", 2*n),
		"terminators and closings": strings.Repeat(".» ", n),
		"joiners":                  strings.Repeat("\u200C", 4*n),
		"joiners and marks":        strings.Repeat("\u200C\u064E", 2*n),
		"tatweel":                  strings.Repeat("ـ", 4*n),
	}
	for name, s := range inputs {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			toks := Tokenize(s)
			_ = SentencesOf(s, toks)
			_ = Normalize(s)
			_ = Display(s)
			for _, tk := range toks[:min(len(toks), 1000)] {
				_ = Stem(tk.Text)
				_ = Light10(tk.Text)
			}
			_ = Stem(s)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("%s: %v for %d bytes", name, d, len(s))
			}
		})
	}
}

func TestStemLongWordUnchanged(t *testing.T) {
	long := strings.Repeat("ب", MaxStemLen+1)
	if got := Stem(long); got != long {
		t.Errorf("Stem of a %d-letter word changed it", MaxStemLen+1)
	}
	if got := Stem("والمعلمون"); got == "والمعلمون" {
		t.Error("Stem of a normal word left it unchanged")
	}
}
