package export

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/gen"
	"github.com/marsad-news/marsad/search"
	"github.com/marsad-news/marsad/sqlite"
)

var hostile = &marsad.Article{
	ID: "h1", URL: "https://example.org/h", Source: "سانا", Language: "ar", Published: "2025-11-17",
	Title:    `=HYPERLINK("http://evil.example","انقر") <script>alert(1)</script>`,
	Category: "+سياسة", Authors: []string{"@كاتب", "محرر"},
	Text: "فقرة أولى، فيها \"اقتباس\" وفاصلة.\n\nفقرة ثانية\r\nبسطر آخر.",
	Entities: []marsad.Entity{
		{Name: "مرهف أبو قصرة", Type: marsad.EntityPerson}, {Name: "دمشق", Type: marsad.EntityLocation},
		{Name: "وزارة الدفاع", Type: marsad.EntityOrganization},
	},
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	x, err := NewWriter(&buf, CSV)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Write(Record{Article: hostile, StoryID: "s1", DuplicateOf: "-x"}); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("no UTF-8 BOM: % x", b[:3])
	}
	if !bytes.Contains(b, []byte("\r\n")) {
		t.Error("rows do not end with CRLF")
	}
	rows, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || strings.Join(rows[0], ",") != strings.Join(CSVHeader, ",") {
		t.Fatalf("rows = %q", rows)
	}
	row := map[string]string{}
	for i, h := range CSVHeader {
		row[h] = rows[1][i]
	}
	for col, want := range map[string]string{
		"id": "h1", "title": "'" + hostile.Title, "category": "'+سياسة", "authors": "'@كاتب; محرر",
		"persons": "مرهف أبو قصرة", "organizations": "وزارة الدفاع", "locations": "دمشق",
		"story_id": "s1", "duplicate_of": "'-x", "source": "سانا",
	} {
		if row[col] != want {
			t.Errorf("%s = %q, want %q", col, row[col], want)
		}
	}
	// encoding/csv reads \r\n inside a quoted field as \n.
	if row["text"] != strings.ReplaceAll(hostile.Text, "\r\n", "\n") {
		t.Errorf("text = %q", row["text"])
	}
}

func TestJSONL(t *testing.T) {
	var buf bytes.Buffer
	x, _ := NewWriter(&buf, JSONL)
	x.Write(Record{Article: hostile})
	x.Write(Record{Article: &marsad.Article{ID: "b", Title: "ب\u202eلا"}, StoryID: "s", DuplicateOf: "h1"})
	x.Close()
	if bytes.HasPrefix(buf.Bytes(), []byte("\xEF\xBB\xBF")) {
		t.Error("JSON Lines must not start with a BOM")
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 2 || x.Count() != 2 {
		t.Fatalf("%d lines", len(lines))
	}
	var a struct {
		marsad.Article
		StoryID     string `json:"story_id"`
		DuplicateOf string `json:"duplicate_of"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &a); err != nil || a.Title != hostile.Title || a.Text != hostile.Text || len(a.Entities) != 3 {
		t.Errorf("line 1: %v %+v", err, a)
	}
	if strings.Contains(lines[0], "<script>") {
		t.Error("JSON line carries raw markup (want \\u003c escapes)")
	}
	a = struct {
		marsad.Article
		StoryID     string `json:"story_id"`
		DuplicateOf string `json:"duplicate_of"`
	}{}
	if strings.ContainsRune(lines[1], 0x202e) {
		t.Error("JSON line carries a raw bidi control")
	}
	if err := json.Unmarshal([]byte(lines[1]), &a); err != nil || a.StoryID != "s" || a.DuplicateOf != "h1" || a.Title != "ب\u202eلا" {
		t.Errorf("line 2: %v %+v", err, a)
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"jsonl": JSONL, "NDJSON": JSONL, " csv ": CSV} {
		if f, err := ParseFormat(in); err != nil || f != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, f, err)
		}
	}
	if _, err := ParseFormat("xlsx"); err == nil {
		t.Error("xlsx accepted")
	}
	if got := Filename("story", `../a"b/c`, CSV); got != "marsad-story-abc.csv" {
		t.Errorf("Filename = %q", got)
	}
}

// synthetic is a search backend and store of n generated articles that
// exist only while read: what a very large archive looks like to the
// exporter, without holding it in memory. It pages like the index
// (newest first with an opaque cursor) and samples the heap.
type synthetic struct {
	n, pageSize int
	maxHeap     uint64
	reads       int
}

func (s *synthetic) Search(ctx context.Context, q marsad.Query) (*marsad.SearchResults, error) {
	start := 0
	if q.Cursor != "" {
		var err error
		if start, err = strconv.Atoi(q.Cursor); err != nil {
			return nil, errors.New("bad cursor")
		}
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	s.maxHeap = max(s.maxHeap, m.HeapAlloc)
	res := &marsad.SearchResults{Total: s.n}
	end := min(s.n, start+q.Limit)
	for i := start; i < end; i++ {
		res.Results = append(res.Results, marsad.SearchHit{ID: strconv.Itoa(i)})
	}
	if end < s.n {
		res.NextCursor = strconv.Itoa(end)
	}
	return res, nil
}

var para = strings.Repeat("التقى وزير الدفاع السوري الوفد الروسي في دمشق لبحث التعاون العسكري. ", 40)

func (s *synthetic) Article(ctx context.Context, id string) (*marsad.Article, error) {
	s.reads++
	return &marsad.Article{ID: id, Title: "خبر " + id, Source: "سانا", Published: "2025-11-17", Text: para + id}, nil
}

// TestExportBoundedMemory exports 20,000 articles of about 5 KB (100 MB
// of output) and checks that the heap never grows with the export.
func TestExportBoundedMemory(t *testing.T) {
	for _, f := range []Format{JSONL, CSV} {
		t.Run(string(f), func(t *testing.T) {
			runtime.GC()
			var m0 runtime.MemStats
			runtime.ReadMemStats(&m0)
			src := &synthetic{n: 20000}
			var cw countWriter
			x, err := NewWriter(&cw, f)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Search(context.Background(), x, src, src, marsad.Query{Text: "دمشق"}, 0)
			if err != nil {
				t.Fatal(err)
			}
			if res.Articles != src.n || res.Total != src.n || src.reads != src.n || res.Truncated {
				t.Fatalf("result %+v, %d reads", res, src.reads)
			}
			growth := int64(src.maxHeap) - int64(m0.HeapAlloc)
			t.Logf("%s: %d articles, %.1f MB written, heap growth at most %.1f MB", f, res.Articles, float64(cw.n)/1e6, float64(growth)/1e6)
			if cw.n < 80e6 {
				t.Errorf("only %d bytes written", cw.n)
			}
			if growth > 16<<20 {
				t.Errorf("heap grew by %d MB while exporting: not streamed", growth>>20)
			}
		})
	}
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

func TestSearchLimit(t *testing.T) {
	src := &synthetic{n: 1000}
	var buf bytes.Buffer
	x, _ := NewWriter(&buf, JSONL)
	res, err := Search(context.Background(), x, src, src, marsad.Query{}, 250)
	if err != nil || res.Articles != 250 || strings.Count(buf.String(), "\n") != 250 {
		t.Fatalf("limit 250: %+v %v", res, err)
	}
}

// TestExportArchive exports from a real store and index: every article a
// search finds, in newest-first order, and a story's coverage.
func TestExportArchive(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := sqlite.Open(ctx, filepath.Join(dir, "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var items []marsad.PutItem
	stories := map[string][]string{}
	err = gen.Generate(ctx, gen.Options{Count: 300, Seed: 9}, func(g *gen.Article) error {
		a := &marsad.Article{ID: g.Truth.ID, URL: g.Truth.URL, Source: g.Truth.Source, Language: "ar",
			Title: g.Truth.Title, Category: g.Truth.Category, Published: g.Truth.Published, Text: g.Page.Text}
		items = append(items, marsad.PutItem{Article: a})
		stories[g.Truth.Story] = append(stories[g.Truth.Story], a.ID)
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutArticles(ctx, items); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.CatchUp(ctx, st); err != nil {
		t.Fatal(err)
	}

	q := marsad.Query{Text: "وزير"}
	first, err := ix.Search(ctx, q)
	if err != nil || first.Total < 150 {
		t.Fatalf("search: %v, total %d: want a query with many pages", err, first.Total)
	}
	var buf bytes.Buffer
	x, _ := NewWriter(&buf, CSV)
	res, err := Search(ctx, x, ix, st, q, 0)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte(BOM)))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if res.Articles != first.Total || len(rows) != first.Total+1 {
		t.Fatalf("exported %d articles (%d rows), search total %d", res.Articles, len(rows)-1, first.Total)
	}
	seen := map[string]bool{}
	prev := "9999"
	for _, r := range rows[1:] {
		if seen[r[0]] {
			t.Fatalf("article %s exported twice", r[0])
		}
		seen[r[0]] = true
		if r[4] > prev {
			t.Fatalf("not newest first: %s after %s", r[4], prev)
		}
		prev = r[4]
	}

	// A story.
	var sid string
	for id, arts := range stories {
		if len(arts) >= 3 {
			sid = id
			break
		}
	}
	s := &marsad.Story{ID: sid, Title: "قصة", First: time.Now(), Last: time.Now()}
	for _, id := range stories[sid] {
		s.Articles = append(s.Articles, marsad.StoryArticle{ID: id})
	}
	if err := st.PutStory(ctx, s); err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	x, _ = NewWriter(&buf, JSONL)
	res, err = Story(ctx, x, st, sid)
	if err != nil || res.Articles != len(stories[sid]) {
		t.Fatalf("story export: %+v, %v; want %d articles", res, err, len(stories[sid]))
	}
	sc := bufio.NewScanner(&buf)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		var l struct {
			ID      string `json:"id"`
			StoryID string `json:"story_id"`
		}
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil || l.StoryID != sid {
			t.Fatalf("line %d: %v %+v", n, err, l)
		}
		n++
	}
	if n != len(stories[sid]) {
		t.Errorf("%d lines", n)
	}
	if _, err := Story(ctx, x, st, "no-such-story"); !errors.Is(err, marsad.ErrNotFound) {
		t.Errorf("unknown story: %v", err)
	}
}

func BenchmarkExportCSV(b *testing.B) {
	src := &synthetic{n: 1000}
	for b.Loop() {
		x, _ := NewWriter(io.Discard, CSV)
		if _, err := Search(context.Background(), x, src, src, marsad.Query{}, 0); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(src.n), "articles/op")
}

func ExampleSearch() {
	src := &synthetic{n: 3}
	x, _ := NewWriter(io.Discard, CSV)
	res, _ := Search(context.Background(), x, src, src, marsad.Query{Text: "دمشق"}, 0)
	fmt.Println(res.Articles, "articles")
	// Output: 3 articles
}
