package opml

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/marsad-news/marsad"
)

const sample = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>اشتراكاتي</title></head><body>
<outline text="سوريا">
  <outline text="عنب بلدي" type="rss" xmlUrl="https://www.enabbaladi.net/feed/" htmlUrl="https://www.enabbaladi.net/"/>
  <outline text="سانا" type="rss" xmlUrl="https://sana.sy/feed/"/>
</outline>
<outline text="موقع بلا خلاصة" htmlUrl="https://news.example/" category="عام"/>
<outline text="خبيث" xmlUrl="javascript:alert(1)"/>
</body></opml>`

func TestParse(t *testing.T) {
	got, err := Parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("got %d sources: %+v", len(got), got)
	}
	if got[0].Name != "عنب بلدي" || got[0].Category != "سوريا" || got[0].Feeds[0] != "https://www.enabbaladi.net/feed/" {
		t.Errorf("first %+v", got[0])
	}
	if got[1].HomeURL != "https://sana.sy/" {
		t.Errorf("home derived from feed: %q", got[1].HomeURL)
	}
	if got[2].Category != "عام" || len(got[2].Feeds) != 0 {
		t.Errorf("site outline %+v", got[2])
	}
}

func TestRoundTrip(t *testing.T) {
	in := []marsad.Source{
		{Name: "عنب بلدي", HomeURL: "https://www.enabbaladi.net/", Language: "ar", Category: "سوريا", Feeds: []string{"https://www.enabbaladi.net/feed/"}},
		{Name: "الجزيرة", HomeURL: "https://www.aljazeera.net/", Language: "ar"},
	}
	var b bytes.Buffer
	if err := Write(&b, "marsad", in, time.Date(2025, 11, 17, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	out, err := Parse(&b)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 2 || out[0].Feeds[0] != in[0].Feeds[0] || out[0].Name != in[0].Name || out[1].HomeURL != in[1].HomeURL || out[0].Category != "سوريا" {
		t.Errorf("round trip: %+v", out)
	}
}

func TestParseBad(t *testing.T) {
	for _, in := range []string{"", "<html/>", "<opml><body><outline"} {
		if _, err := Parse(strings.NewReader(in)); err == nil {
			t.Errorf("Parse(%q) gave no error", in)
		}
	}
	if _, err := Parse(strings.NewReader("<opml>" + strings.Repeat(" ", MaxBytes) + "</opml>")); err == nil {
		t.Error("oversized document accepted")
	}
}

func FuzzParse(f *testing.F) {
	f.Add(sample)
	f.Fuzz(func(t *testing.T, s string) {
		srcs, err := Parse(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, src := range srcs {
			if src.HomeURL == "" {
				t.Fatal("source without home URL")
			}
		}
	})
}
