package alert

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/marsad-news/marsad"
)

func testFeed() Feed {
	t0 := time.Date(2025, 11, 17, 9, 30, 0, 0, time.UTC)
	return Feed{
		Alert:   marsad.Alert{ID: "ab12", Name: "وزير الدفاع", Query: marsad.Query{Text: "وزير الدفاع", Sources: []string{"سانا"}}, Created: t0.Add(-time.Hour)},
		BaseURL: "http://localhost:8080/",
		Entries: []marsad.AlertMatch{
			{Seq: 2, Article: marsad.ArticleRef{ID: "a2", URL: "javascript:alert(1)", Title: `<script>alert("x")</script> عنوان & "رمز"` + "\u202e" + "\x01",
				Source: "مصدر <b>", Published: "2025-11-17"}, Summary: "<img src=x onerror=alert(1)> نص", Matched: t0},
			{Seq: 1, Article: marsad.ArticleRef{ID: "a1", URL: "https://sana.sy/?p=1&x=2", Title: "وزير الدفاع يستقبل وفداً", Source: "سانا",
				Published: "2025-11-16T10:00:00+03:00"}, Summary: "التقى وزير الدفاع", Matched: t0.Add(-time.Minute)},
		},
	}
}

func TestAtomParsesWithGofeed(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteAtom(&buf, testFeed()); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Errorf("no XML declaration: %.60q", buf.String())
	}
	var probe struct{ XMLName xml.Name }
	if err := xml.Unmarshal(buf.Bytes(), &probe); err != nil || probe.XMLName.Space != "http://www.w3.org/2005/Atom" {
		t.Fatalf("not Atom XML: %v %v", probe.XMLName, err)
	}
	f, err := gofeed.NewParser().ParseString(buf.String())
	if err != nil {
		t.Fatalf("gofeed: %v\n%s", err, buf.String())
	}
	if f.FeedType != "atom" || f.FeedVersion != "1.0" {
		t.Errorf("feed type %s %s", f.FeedType, f.FeedVersion)
	}
	if !strings.Contains(f.Title, "وزير الدفاع") || len(f.Items) != 2 {
		t.Fatalf("title %q, %d items", f.Title, len(f.Items))
	}
	hostile := f.Items[0]
	if hostile.Title != `<script>alert("x")</script> عنوان & "رمز"` {
		t.Errorf("hostile title = %q: text must survive as text, without controls", hostile.Title)
	}
	if hostile.Link != "http://localhost:8080/article/a2" {
		t.Errorf("javascript: URL must not be a link; link = %q", hostile.Link)
	}
	if f.Items[1].Link != "https://sana.sy/?p=1&x=2" || f.Items[1].PublishedParsed == nil {
		t.Errorf("item 2 = link %q published %v", f.Items[1].Link, f.Items[1].PublishedParsed)
	}
	if f.Items[0].GUID == f.Items[1].GUID || f.Items[0].GUID == "" {
		t.Errorf("entry IDs %q %q", f.Items[0].GUID, f.Items[1].GUID)
	}
	if f.UpdatedParsed == nil || !f.UpdatedParsed.Equal(testFeed().Entries[0].Matched) {
		t.Errorf("updated = %v", f.UpdatedParsed)
	}
}

// feedparserPython returns a Python interpreter with feedparser (Debian's
// python3-feedparser), or skips.
func feedparserPython(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if p, err := exec.LookPath(py); err == nil {
			if exec.Command(p, "-c", "import feedparser").Run() == nil {
				return p
			}
		}
	}
	t.Skip("python3 with feedparser not found: apt-get install -y python3-feedparser")
	return ""
}

// TestAtomParsesWithFeedparser checks the feed with Universal Feed Parser,
// which reports any XML or Atom error in bozo.
func TestAtomParsesWithFeedparser(t *testing.T) {
	py := feedparserPython(t)
	var buf bytes.Buffer
	if err := WriteAtom(&buf, testFeed()); err != nil {
		t.Fatal(err)
	}
	path := t.TempDir() + "/feed.xml"
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	script := `
import sys, feedparser
d = feedparser.parse(sys.argv[1])
if d.bozo:
    print("bozo:", d.bozo_exception); sys.exit(1)
if d.version != "atom10":
    print("version:", d.version); sys.exit(1)
print(len(d.entries))
for e in d.entries:
    print(e.id, e.link, e.title_detail.type, repr(e.title))
print(d.feed.title)
`
	out, err := exec.Command(py, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("feedparser: %v\n%s\n%s", err, out, buf.String())
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if lines[0] != "2" {
		t.Fatalf("feedparser saw %s entries:\n%s", lines[0], out)
	}
	if !strings.Contains(lines[1], "text/plain") || !strings.Contains(lines[1], "<script>") || !strings.Contains(lines[1], "/article/a2") {
		t.Errorf("hostile entry as feedparser reads it: %s", lines[1])
	}
	t.Logf("feedparser: %s", strings.Join(lines, " | "))
}

func TestAtomEmptyFeed(t *testing.T) {
	var buf bytes.Buffer
	f := testFeed()
	f.Entries = nil
	if err := WriteAtom(&buf, f); err != nil {
		t.Fatal(err)
	}
	pf, err := gofeed.NewParser().ParseString(buf.String())
	if err != nil || len(pf.Items) != 0 || pf.UpdatedParsed == nil || !pf.UpdatedParsed.Equal(f.Alert.Created) {
		t.Fatalf("empty feed: %v %+v", err, pf)
	}
}
