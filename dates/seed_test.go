package dates

import (
	"os"
	"testing"
	"time"

	"github.com/marsad-news/marsad/internal/shared"
)

// TestSeed reads the founding example and checks its four dates.
func TestSeed(t *testing.T) {
	b, err := os.ReadFile(shared.Path(t, "seed/article-ar-001.txt"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	ref := time.Date(2025, 11, 17, 0, 0, 0, 0, time.UTC)
	got := Find(text, ref)
	checkRefs(t, text, got)
	want := []struct{ text, value, gran string }{
		{"١٧ نوفمبر ٢٠٢٥", "2025-11-17", "day"},
		{"يوم الأحد", "2025-11-16", "day"},
		{"28 أكتوبر/تشرين الأول الماضي", "2025-10-28", "day"},
		{"عام 2024", "2024", "year"},
	}
	if len(got) != len(want) {
		t.Fatalf("seed: got %d dates %+v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		if got[i].Text != w.text || got[i].Value != w.value || got[i].Granularity != w.gran {
			t.Errorf("seed date %d: got %+v, want %+v", i, got[i], w)
		}
	}
	// The date line parses on its own.
	if r, ok := Parse("● أخبار سورية ١٧ نوفمبر ٢٠٢٥", time.Time{}); ok {
		t.Errorf("Parse accepted a line with other words: %+v", r)
	}
	if r, ok := Parse("١٧ نوفمبر ٢٠٢٥", time.Time{}); !ok || r.Value != "2025-11-17" {
		t.Errorf("Parse(date line) = %+v, %v", r, ok)
	}
}
