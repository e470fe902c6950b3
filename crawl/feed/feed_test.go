package feed

import (
	"testing"
	"time"
)

const rss = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>عنب بلدي</title><link>https://news.example/</link><language>ar</language>
<item><title>مباحثات عسكرية في دمشق</title><link>/2025/11/talks</link><pubDate>Mon, 17 Nov 2025 08:00:00 +0200</pubDate></item>
<item><title>بلا رابط</title></item>
<item><title>مكرر</title><link>https://news.example/2025/11/talks#top</link></item>
<item><title>جافاسكربت</title><link>javascript:alert(1)</link></item>
</channel></rss>`

const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>أخبار</title>
<entry><title>خبر</title><link href="https://news.example/a/1"/><updated>2025-11-16T10:00:00Z</updated><id>x</id></entry>
</feed>`

const jsonFeed = `{"version":"https://jsonfeed.org/version/1.1","title":"موجز","items":[{"id":"1","url":"https://news.example/j/1","title":"خبر","date_published":"2025-11-15T09:00:00Z"}]}`

func TestParse(t *testing.T) {
	tests := []struct {
		name, data string
		wantURLs   []string
		wantFirst  time.Time
	}{
		{"rss", rss, []string{"https://news.example/2025/11/talks"}, time.Date(2025, 11, 17, 6, 0, 0, 0, time.UTC)},
		{"atom", atom, []string{"https://news.example/a/1"}, time.Date(2025, 11, 16, 10, 0, 0, 0, time.UTC)},
		{"json", jsonFeed, []string{"https://news.example/j/1"}, time.Date(2025, 11, 15, 9, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse([]byte(tt.data), "https://news.example/feed")
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Items) != len(tt.wantURLs) {
				t.Fatalf("items %+v, want %v", f.Items, tt.wantURLs)
			}
			for i, u := range tt.wantURLs {
				if f.Items[i].URL != u {
					t.Errorf("item %d URL %q, want %q", i, f.Items[i].URL, u)
				}
			}
			if !f.Items[0].Published.Equal(tt.wantFirst) {
				t.Errorf("published %v, want %v", f.Items[0].Published, tt.wantFirst)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	for _, in := range []string{"", "<html><body>not a feed</body></html>", "\x00\x01\x02", "<rss><channel><item>"} {
		if _, err := Parse([]byte(in), "https://news.example/feed"); err == nil && in != "<rss><channel><item>" {
			t.Errorf("Parse(%q) gave no error", in)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{rss, atom, jsonFeed, "<rss><channel><item><link>", "{}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fd, err := Parse([]byte(s), "https://news.example/feed")
		if err != nil {
			return
		}
		if len(fd.Items) > MaxItems {
			t.Fatalf("%d items", len(fd.Items))
		}
		for _, it := range fd.Items {
			if it.URL == "" {
				t.Fatal("empty URL kept")
			}
		}
	})
}
