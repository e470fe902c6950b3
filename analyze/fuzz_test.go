package analyze

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/marsad-news/marsad"
)

func FuzzAnalyze(f *testing.F) {
	seeds := []string{
		"",
		"قال",
		"وقالت المتحدثة باسم الخارجية الروسية، ماريا زاخاروفا، إن “روسيا",
		"”روسيا وسوريا“ «نحن» \"\"\"",
		strings.Repeat("“", 10000),
		strings.Repeat("\"قال إن", 2000),
		strings.Repeat("وزيرالدفاعالسوري", 500),
		"بحث وزير الدفاع السوري مرهف أبو قصرة، يوم الأحد، مع وفد عسكري روسي رفيع برئاسة يونس بك يفكيروف، نائب وزير الدفاع الروسي،",
		"وأوضح أن", "مضيفة: “", "نظيره الروسي", "زيارة الرئيس إلى",
		"\x00\xff\xfe", "، ، ، ،", "الشيخ الشيخ الشيخ الشيخ",
		// Event and speech words at the very start or end of the text.
		"مباحثات عسكرية في دمشق", "لقائه", "الذي قال إن", "قوله إن", "، الذي اعتبر أن",
		"محمداً", "خالداً الرياحي", "سموه", "وأكد سموه أن", "“نص”، قال", "فيما أعرب، مؤكداً أن",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	an, err := New(Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		a := &marsad.Article{Text: text, Published: "2025-11-17"}
		done := make(chan error, 1)
		go func() { done <- an.Analyze(context.Background(), a) }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("Analyze: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("Analyze did not return within 10s on %d bytes", len(text))
		}
		n := utf8.RuneCountInString(text)
		runes := []rune(text)
		for _, e := range a.Entities {
			if len(e.Mentions) == 0 || e.Key == "" {
				t.Fatalf("entity %+v without mentions or key", e)
			}
			for _, m := range e.Mentions {
				if m.Start < 0 || m.End > n || m.Start >= m.End || string(runes[m.Start:m.End]) != m.Text {
					t.Fatalf("bad mention %+v", m)
				}
			}
		}
		for _, q := range a.Quotes {
			if q.Start < 0 || q.End > n || q.Start >= q.End || string(runes[q.Start:q.End]) != q.Text || q.Speaker == "" {
				t.Fatalf("bad quote %+v", q)
			}
		}
		for _, e := range a.Events {
			if len(e.Participants) == 0 {
				t.Fatalf("event without participants %+v", e)
			}
		}
	})
}
