package alert

import (
	"bytes"
	"encoding/xml"
	"io"
	"slices"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/marsad-news/marsad"
)

// FuzzMatch checks that the index of required terms never misses an
// alert: Match finds exactly the alerts a full evaluation finds.
func FuzzMatch(f *testing.F) {
	f.Add("وزير الدفاع", "وزير الدفاع يستقبل", "التقى الوزير بالوفد في دمشق.")
	f.Add(`"وزير الدفاع" -موسكو`, "عنوان", "وزير الدفاع في موسكو")
	f.Add("في", "", "في")
	f.Add("وزير-الخارجية لوزير", "U.S. l'Élysée", "ولوزير الخارجية")
	f.Add(`-"`, "x", "y")
	f.Fuzz(func(t *testing.T, query, title, text string) {
		a := &marsad.Article{ID: "a", Title: title, Text: text, Language: "ar"}
		qs := []marsad.Query{{Text: query}, {Text: query + " " + title}, {Text: `"` + query + `"`}, {Text: "-" + query}}
		var alerts []marsad.Alert
		for i, q := range qs {
			alerts = append(alerts, marsad.Alert{ID: string(rune('a' + i)), Query: q})
		}
		m, _ := NewMatcher(alerts)
		got := m.Match(a)
		d := newDoc(a)
		var want []string
		for _, c := range m.alerts {
			if c.matches(d) {
				want = append(want, c.id)
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("Match = %v, full evaluation %v", got, want)
		}
	})
}

// FuzzWriteAtom checks that any article text gives well-formed XML that a
// feed parser reads.
func FuzzWriteAtom(f *testing.F) {
	f.Add("<script>alert(1)</script>", "نص \u202e", "سانا", "javascript:alert(1)", "x")
	f.Add("\x00\x01\ufffe", "]]>", "&amp;", "https://a.example/?a=1&b=2", "id/../x")
	f.Fuzz(func(t *testing.T, title, summary, source, url, id string) {
		var buf bytes.Buffer
		feed := Feed{
			Alert:   marsad.Alert{ID: id, Name: title, Created: time.Unix(1700000000, 0)},
			BaseURL: "http://localhost:8080",
			Entries: []marsad.AlertMatch{{Article: marsad.ArticleRef{ID: id, Title: title, URL: url, Source: source, Published: summary}, Summary: summary, Matched: time.Unix(1700000001, 0)}},
		}
		if err := WriteAtom(&buf, feed); err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(bytes.NewReader(buf.Bytes()))
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("not well-formed XML: %v\n%s", err, buf.String())
			}
		}
		pf, err := gofeed.NewParser().Parse(bytes.NewReader(buf.Bytes()))
		if err != nil || len(pf.Items) != 1 {
			t.Fatalf("gofeed: %v\n%s", err, buf.String())
		}
	})
}
