package exteval

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"Hello, world!", []string{"Hello", "world"}},
		{"snake_case 42 x", []string{"snake_case", "42", "x"}},
		{"وزير الدفاع، السوري", []string{"وزير", "الدفاع", "السوري"}},
		{"١٧ نوفمبر ٢٠٢٥", []string{"١٧", "نوفمبر", "٢٠٢٥"}},
		// Harakat are combining marks, not word characters: they split.
		{"كَتَب", []string{"ك", "ت", "ب"}},
		{"l'été", []string{"l", "été"}},
	}
	for _, tc := range tests {
		if got := Tokens(tc.in); !(len(got) == 0 && len(tc.want) == 0) && !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestShingles(t *testing.T) {
	tests := []struct {
		in   string
		want map[string]int
	}{
		{"", map[string]int{}},
		{"one two", map[string]int{"one two": 1}},
		{"a b c d", map[string]int{"a b c d": 1}},
		{"a b c d e", map[string]int{"a b c d": 1, "b c d e": 1}},
		{"a b c d a b c d", map[string]int{"a b c d": 2, "b c d a": 1, "c d a b": 1, "d a b c": 1}},
	}
	for _, tc := range tests {
		if got := Shingles(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Shingles(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestScorePage(t *testing.T) {
	tests := []struct {
		name        string
		truth, pred string
		p, r        float64
		tp, fp, fn  float64
	}{
		{"identical", "a b c d e f", "a b c d e f", 1, 1, 1, 0, 0},
		{"disjoint", "a b c d", "w x y z", 0, 0, 0, 0.5, 0.5},
		{"empty prediction", "a b c d e", "", 0, 0, 0, 0, 1},
		{"both empty", "", "", 0, 0, 0, 0, 0},
		// truth shingles: abcd bcde; pred: abcd bcde cdef defg -> tp 2, fp 2, fn 0
		{"extra text", "a b c d e", "a b c d e f g", 0.5, 1, 0.5, 0.5, 0},
	}
	for _, tc := range tests {
		s := ScorePage(tc.truth, tc.pred)
		if !near(s.Precision, tc.p) || !near(s.Recall, tc.r) || !near(s.TP, tc.tp) || !near(s.FP, tc.fp) || !near(s.FN, tc.fn) {
			t.Errorf("%s: got %+v, want P=%v R=%v TP=%v FP=%v FN=%v", tc.name, s, tc.p, tc.r, tc.tp, tc.fp, tc.fn)
		}
		if s.TP+s.FP+s.FN != 0 && !near(s.TP+s.FP+s.FN, 1) {
			t.Errorf("%s: TP+FP+FN = %v, want 1", tc.name, s.TP+s.FP+s.FN)
		}
	}
}

func TestEvaluate(t *testing.T) {
	truth := map[string]string{
		"p1": "a b c d e",   // pred exact: P=1 R=1
		"p2": "a b c d e",   // pred with extra: P=0.5 R=1
		"p3": "q r s t u v", // missing prediction: recall 0, no precision
	}
	pred := map[string]string{"p1": "a b c d e", "p2": "a b c d e f g", "extra": "ignored text here now"}
	r := Evaluate(truth, pred)
	wantP := (1 + 0.5) / 2.0
	wantR := (1 + 1 + 0) / 3.0
	if !near(r.Precision, wantP) || !near(r.Recall, wantR) || !near(r.F1, 2*wantP*wantR/(wantP+wantR)) {
		t.Errorf("got %s, want P=%v R=%v", r.Summary(), wantP, wantR)
	}
	if len(r.Pages) != 3 || r.Pages[0].ID != "p3" {
		t.Errorf("pages not sorted worst first: %+v", r.Pages)
	}
	if w := r.Worst(10); len(w) != 3 {
		t.Errorf("Worst(10) = %d pages", len(w))
	}
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	truth := map[string]Item{
		"gz":    {ArticleBody: "the quick brown fox jumps over the lazy dog", URL: "https://example.com/gz"},
		"plain": {ArticleBody: "pack my box with five dozen liquor jugs"},
	}
	b, _ := json.Marshal(truth)
	truthPath := filepath.Join(dir, "ground-truth.json")
	if err := os.WriteFile(truthPath, b, 0o644); err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("<p>the quick brown fox jumps over the lazy dog</p>"))
	zw.Close()
	os.WriteFile(filepath.Join(dir, "gz.html.gz"), gz.Bytes(), 0o644)
	os.WriteFile(filepath.Join(dir, "plain.html"), []byte("<p>pack my box</p>"), 0o644)

	ex := func(ctx context.Context, p Page) (string, error) {
		if p.ID == "plain" {
			return "", errors.New("boom")
		}
		s := string(p.HTML)
		return strings.TrimSuffix(strings.TrimPrefix(s, "<p>"), "</p>"), nil
	}
	rep, err := Run(context.Background(), Config{TruthPath: truthPath, HTMLDir: dir, Extract: ex})
	if err != nil {
		t.Fatal(err)
	}
	if !near(rep.Precision, 1) || !near(rep.Recall, 0.5) {
		t.Errorf("got %s, want P=1 R=0.5", rep.Summary())
	}
	if rep.Failed["plain"] != "boom" {
		t.Errorf("failed = %v", rep.Failed)
	}
	var out bytes.Buffer
	if err := WritePredictions(&out, rep.Predictions); err != nil {
		t.Fatal(err)
	}
	var back map[string]Item
	if err := json.Unmarshal(out.Bytes(), &back); err != nil || back["gz"].ArticleBody != truth["gz"].ArticleBody {
		t.Errorf("predictions round trip: %v %+v", err, back)
	}
	if _, err := Run(context.Background(), Config{TruthPath: filepath.Join(dir, "nope.json"), HTMLDir: dir, Extract: ex}); err == nil {
		t.Error("missing truth file: no error")
	}
	if _, err := Run(context.Background(), Config{TruthPath: truthPath, HTMLDir: t.TempDir(), Extract: ex}); err == nil {
		t.Error("missing pages: no error")
	}
}

// FuzzScorePage checks the metric's invariants on any pair of texts.
func FuzzScorePage(f *testing.F) {
	f.Add("a b c d e", "a b c d")
	f.Add("وزير الدفاع السوري في دمشق", "")
	f.Add("", "\xff\xfe")
	f.Fuzz(func(t *testing.T, truth, pred string) {
		s := ScorePage(truth, pred)
		for _, v := range []float64{s.TP, s.FP, s.FN, s.Precision, s.Recall, s.F1} {
			if v < 0 || v > 1 || math.IsNaN(v) {
				t.Fatalf("score out of range: %+v", s)
			}
		}
		if self := ScorePage(truth, truth); len(Tokens(truth)) > 0 && (!near(self.Precision, 1) || !near(self.Recall, 1)) {
			t.Fatalf("self score %+v", self)
		}
	})
}

func BenchmarkScorePage(b *testing.B) {
	text := strings.Repeat("وزير الدفاع السوري يلتقي نظيره التركي في دمشق لبحث الترتيبات الأمنية ", 200)
	for b.Loop() {
		ScorePage(text, text[:len(text)/2])
	}
}
