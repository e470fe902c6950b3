package ingest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/analyze"
	"github.com/marsad-news/marsad/gen"
	"github.com/marsad-news/marsad/ingest"
	"github.com/marsad-news/marsad/internal/shared"
	"github.com/marsad-news/marsad/search"
	"github.com/marsad-news/marsad/sqlite"
)

func openStore(t *testing.T, dir string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.OpenDir(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func pipeline(t *testing.T) *ingest.Pipeline {
	t.Helper()
	an, err := analyze.New(analyze.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ingest.NewPipeline(an)
}

func pipelineB(b *testing.B) *ingest.Pipeline {
	b.Helper()
	an, err := analyze.New(analyze.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return ingest.NewPipeline(an)
}

func corpus(t *testing.T, n int, seed uint64, html float64) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := gen.WriteDir(t.Context(), dir, gen.Options{Count: n, Seed: seed, HTML: html}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func readTruth(t *testing.T, dir string) []gen.Truth {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, gen.TruthFile))
	if err != nil {
		t.Fatal(err)
	}
	var out []gen.Truth
	for _, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
		var tr gen.Truth
		if err := json.Unmarshal(line, &tr); err != nil {
			t.Fatal(err)
		}
		out = append(out, tr)
	}
	return out
}

func run(t *testing.T, paths []string, opts ingest.Options) ingest.Summary {
	t.Helper()
	sum, err := ingest.Run(t.Context(), paths, opts)
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, sum)
	}
	return sum
}

// TestIngestIdempotent: a generated corpus and the founding example go in
// once; the second run changes nothing and says so; the index holds every
// article.
func TestIngestIdempotent(t *testing.T) {
	dir := corpus(t, 150, 3, 0.3)
	seed := shared.Path(t, "seed/article-ar-001.txt")
	data := t.TempDir()
	s := openStore(t, data)
	ix, err := search.Open(filepath.Join(data, sqlite.IndexDir))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	opts := ingest.Options{Store: s, Processor: pipeline(t), Index: ix, BatchSize: 16}
	paths := []string{filepath.Join(dir, gen.PagesFile), seed}

	first := run(t, paths, opts)
	t.Logf("first run: %s", first)
	if first.New != 151 || first.Failed != 0 || first.Unchanged+first.Revised != 0 {
		t.Fatalf("first run: %s; want 151 new", first)
	}
	second := run(t, paths, opts)
	if second.Unchanged != 151 || second.New+second.Revised+second.Failed != 0 {
		t.Fatalf("second run: %s; want 151 unchanged", second)
	}
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 151 || st.Revisions != 151 {
		t.Errorf("store holds %+v, want 151 articles with one revision each", st)
	}
	n, err := ix.DocCount()
	if err != nil {
		t.Fatal(err)
	}
	if n != 151 {
		t.Errorf("index holds %d documents, want 151", n)
	}
	last, _ := ix.LastSeq()
	if last != st.LastSeq {
		t.Errorf("index last seq %d, store last seq %d", last, st.LastSeq)
	}
	// Every truth ID is stored (identity = canonical URL, tracking
	// parameters removed), and the analyzer's entities reached the registry.
	for _, tr := range readTruth(t, dir) {
		a, err := s.Article(t.Context(), tr.ID)
		if err != nil {
			t.Fatalf("truth article %s (%s): %v", tr.ID, tr.URL, err)
		}
		if a.Source != tr.Source {
			t.Errorf("%s: source %q, want %q", tr.ID, a.Source, tr.Source)
		}
	}
	log, err := s.IngestLog(t.Context(), 500)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 302 {
		t.Errorf("ingestion log has %d records, want 302 (151 per run)", len(log))
	}
}

// TestIngestRevision: a changed page at the same URL becomes revision 2,
// and the old text is kept.
func TestIngestRevision(t *testing.T) {
	dir := t.TempDir()
	v1 := filepath.Join(dir, "v1.jsonl")
	v2 := filepath.Join(dir, "v2.jsonl")
	page := func(text string) string {
		b, _ := json.Marshal(map[string]string{"url": "https://news.example/a/1?utm_source=x", "text": text, "source": "news.example"})
		return string(b) + "\n"
	}
	os.WriteFile(v1, []byte(page("وزير الدفاع يبحث التعاون\n\nبحث وزير الدفاع السوري مرهف أبو قصرة في دمشق اليوم التعاون العسكري مع وفد روسي.")), 0o644)
	os.WriteFile(v2, []byte(page("وزير الدفاع يبحث التعاون\n\nبحث وزير الدفاع السوري مرهف أبو قصرة في دمشق اليوم التعاون العسكري مع وفد روسي رفيع.\n\nوأكد الجانبان أهمية التنسيق.")), 0o644)
	s := openStore(t, t.TempDir())
	opts := ingest.Options{Store: s, Processor: pipeline(t)}
	if sum := run(t, []string{v1}, opts); sum.New != 1 {
		t.Fatalf("v1: %s", sum)
	}
	if sum := run(t, []string{v2}, opts); sum.Revised != 1 {
		t.Fatalf("v2: %s; want revised", sum)
	}
	if sum := run(t, []string{v2}, opts); sum.Unchanged != 1 {
		t.Fatalf("v2 again: %s; want unchanged", sum)
	}
	a, err := s.ArticleByURL(t.Context(), "https://news.example/a/1")
	if err != nil {
		t.Fatal(err)
	}
	revs, err := s.Revisions(t.Context(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(revs) != 2 || strings.Contains(revs[0].Article.Text, "رفيع") || !strings.Contains(revs[1].Article.Text, "رفيع") {
		t.Errorf("revisions: %d, want the old text as revision 1 and the new as 2", len(revs))
	}
}

// TestBadInput: every kind of bad input is reported with its reason and
// skipped; the good ones are stored.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	seed, err := os.ReadFile(shared.Path(t, "seed/article-ar-001.txt"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) {
		t.Helper()
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("good/seed.txt", seed)
	write("good/page.html", []byte(`<html><head><title>خبر</title></head><body><article><h1>وزير الخارجية يستقبل السفير</h1><p>استقبل وزير الخارجية في دمشق اليوم السفير الروسي وبحث معه العلاقات الثنائية بين البلدين وسبل تطويرها في المجالات كافة.</p><p>وأكد الجانبان أهمية مواصلة التنسيق.</p></article></body></html>`))
	write("bad/empty.txt", nil)
	write("bad/binary.html", append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0, 1, 2}, 100)...))
	write("bad/lines.jsonl", []byte("{\"url\":\"https://x.example/1\",\"text\":\"بحث وزير الدفاع في دمشق اليوم التعاون العسكري بين البلدين مع وفد رفيع المستوى.\"}\n{broken\n"))
	write("ignored/notes.md", []byte("not ingested"))
	if err := os.Symlink(filepath.Join(dir, "missing.txt"), filepath.Join(dir, "bad", "dangling.txt")); err != nil {
		t.Fatal(err)
	}
	if os.Getuid() != 0 {
		write("bad/secret.txt", seed)
		os.Chmod(filepath.Join(dir, "bad", "secret.txt"), 0)
	}
	s := openStore(t, t.TempDir())
	var logs bytes.Buffer
	opts := ingest.Options{Store: s, Processor: pipeline(t), Logger: slog.New(slog.NewTextHandler(&logs, nil))}
	sum, err := ingest.Run(t.Context(), []string{dir, filepath.Join(dir, "nonexistent")}, opts)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	t.Logf("%s", sum)
	if sum.New != 3 {
		t.Errorf("new = %d, want 3 (seed, page.html, line 1 of lines.jsonl)", sum.New)
	}
	reasons := map[string]string{}
	for _, f := range sum.Failures {
		reasons[filepath.Base(f.Input)] = f.Reason
	}
	want := map[string]string{
		"empty.txt":     "empty",
		"binary.html":   "not a text page",
		"lines.jsonl:2": "invalid JSON",
		"dangling.txt":  "no such file",
		"nonexistent":   "no such file",
	}
	if os.Getuid() != 0 {
		want["secret.txt"] = "permission denied"
	}
	for in, reason := range want {
		if !strings.Contains(reasons[in], reason) {
			t.Errorf("failure of %s = %q, want it to say %q", in, reasons[in], reason)
		}
	}
	if sum.Failed != len(want) {
		t.Errorf("failed = %d, want %d: %v", sum.Failed, len(want), reasons)
	}
	if !strings.Contains(logs.String(), "binary.html") {
		t.Errorf("failures not logged: %s", logs.String())
	}
	if err := s.Integrity(t.Context()); err != nil {
		t.Error(err)
	}
}

func TestNothingIngested(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644)
	s := openStore(t, t.TempDir())
	_, err := ingest.Run(t.Context(), []string{dir}, ingest.Options{Store: s, Processor: pipeline(t)})
	if !errors.Is(err, ingest.ErrNothingIngested) {
		t.Errorf("err = %v, want ErrNothingIngested", err)
	}
	sum, err := ingest.Run(t.Context(), []string{t.TempDir()}, ingest.Options{Store: s, Processor: pipeline(t)})
	if err != nil || sum.Total() != 0 {
		t.Errorf("empty folder: %v, %s; want no error and nothing seen", err, sum)
	}
}

// TestDiskFull: the store hits its size cap (what a full disk does to
// SQLite: "database or disk is full"). The run stops with a clear error,
// the archive stays consistent, and every article reported stored is
// there.
func TestDiskFull(t *testing.T) {
	dir := corpus(t, 400, 5, 0)
	data := t.TempDir()
	s := openStore(t, data)
	if err := s.LimitSize(t.Context(), 600<<10); err != nil {
		t.Fatal(err)
	}
	var stored []string
	opts := ingest.Options{Store: s, Processor: pipeline(t), BatchSize: 8, OnStored: func(r ingest.Result) {
		if r.Err == "" {
			stored = append(stored, r.ID)
		}
	}}
	sum, err := ingest.Run(t.Context(), []string{filepath.Join(dir, gen.PagesFile)}, opts)
	t.Logf("%s\nerr: %v", sum, err)
	if err == nil || !strings.Contains(err.Error(), "full") {
		t.Fatalf("err = %v, want a clear disk-full error", err)
	}
	if len(stored) == 0 || len(stored) >= 400 {
		t.Fatalf("%d articles stored before the disk filled up; the test needs some, not all", len(stored))
	}
	s.Close()
	r := openStore(t, data)
	if err := r.Integrity(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, id := range stored {
		if _, err := r.Article(t.Context(), id); err != nil {
			t.Errorf("article %s reported stored: %v", id, err)
		}
	}
	st, _ := r.Stats(t.Context())
	if st.Articles != int64(len(stored)) {
		t.Errorf("store has %d articles, %d were reported stored", st.Articles, len(stored))
	}
	// With room again, the rest goes in.
	sum = run(t, []string{filepath.Join(dir, gen.PagesFile)}, ingest.Options{Store: r, Processor: pipeline(t)})
	if sum.New != 400-len(stored) || sum.Unchanged != len(stored) {
		t.Errorf("after freeing space: %s; want %d new, %d unchanged", sum, 400-len(stored), len(stored))
	}
}

// TestIndexRebuiltFromStore: a missing or corrupt index is rebuilt from
// the store on the next open.
func TestIndexRebuiltFromStore(t *testing.T) {
	dir := corpus(t, 60, 9, 0)
	data := t.TempDir()
	s := openStore(t, data)
	run(t, []string{filepath.Join(dir, gen.PagesFile)}, ingest.Options{Store: s, Processor: pipeline(t)})
	ixDir := filepath.Join(data, sqlite.IndexDir)
	check := func(what string) {
		t.Helper()
		ix, err := search.OpenSynced(t.Context(), ixDir, s, nil)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		defer ix.Close()
		if n, _ := ix.DocCount(); n != 60 {
			t.Errorf("%s: index holds %d documents, want 60", what, n)
		}
	}
	check("missing index")
	// Corrupt every file of the index.
	err := filepath.WalkDir(ixDir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			os.WriteFile(p, []byte("garbage"), 0o644)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	check("corrupt index")
}

func TestWARC(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "crawl.warc")
	gz := filepath.Join(dir, "crawl.warc.gz")
	writeWARC(t, plain, false)
	writeWARC(t, gz, true)
	s := openStore(t, t.TempDir())
	sum := run(t, []string{plain}, ingest.Options{Store: s, Processor: pipeline(t)})
	if sum.New != 2 || sum.Failed != 0 {
		t.Fatalf("warc: %s; want the 2 HTML/text responses (the image, the 404 and the request skipped)", sum)
	}
	a, err := s.ArticleByURL(t.Context(), "https://news.example/1")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := s.RawPage(t.Context(), a.ID)
	if err != nil || raw.WARCFile != "crawl.warc" {
		t.Errorf("raw page pointer = %+v, %v; want the WARC record", raw, err)
	}
	sum = run(t, []string{gz}, ingest.Options{Store: s, Processor: pipeline(t)})
	if sum.Unchanged != 2 {
		t.Fatalf("warc.gz: %s; want the same 2 articles unchanged", sum)
	}
	// A truncated .warc.gz: the records before the cut are read, the cut
	// is reported with its offset.
	data, _ := os.ReadFile(gz)
	cut := filepath.Join(dir, "cut.warc.gz")
	os.WriteFile(cut, data[:len(data)*2/3], 0o644)
	s2 := openStore(t, t.TempDir())
	sum, err = ingest.Run(t.Context(), []string{cut}, ingest.Options{Store: s2, Processor: pipeline(t)})
	t.Logf("truncated: %s (%v)", sum, err)
	if sum.Failed != 1 || sum.New < 1 || !strings.Contains(sum.Failures[0].Reason, "offset") {
		t.Errorf("truncated warc.gz: %s; want the first records stored and one failure naming the offset", sum)
	}
	// Not a WARC at all.
	bogus := filepath.Join(dir, "bogus.warc")
	os.WriteFile(bogus, []byte("this is not a web archive\n"), 0o644)
	sum, _ = ingest.Run(t.Context(), []string{bogus}, ingest.Options{Store: s2, Processor: pipeline(t)})
	if sum.Failed != 1 || !strings.Contains(sum.Failures[0].Reason, "WARC") {
		t.Errorf("bogus warc: %s", sum)
	}
}

func TestProgressPlain(t *testing.T) {
	var buf bytes.Buffer
	p := ingest.NewProgress(&buf, slog.New(slog.NewTextHandler(&buf, nil)), time.Nanosecond)
	p.Update(ingest.Summary{New: 3, Failed: 1})
	p.Finish()
	if !strings.Contains(buf.String(), "ingest progress") || !strings.Contains(buf.String(), "done=4") {
		t.Errorf("plain progress = %q", buf.String())
	}
}

func ExampleRun() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	page := filepath.Join(dir, "page.txt")
	os.WriteFile(page, []byte("وزير الدفاع يستقبل وفداً\n\nاستقبل وزير الدفاع في دمشق اليوم وفداً عسكرياً رفيعاً وبحث معه سبل تعزيز التعاون بين البلدين."), 0o644)
	store, _ := sqlite.OpenDir(context.Background(), filepath.Join(dir, "data"))
	defer store.Close()
	opts := ingest.Options{Store: store, Processor: ingest.NewPipeline(nil)}
	sum, _ := ingest.Run(context.Background(), []string{page}, opts)
	fmt.Println(sum.New, "new")
	sum, _ = ingest.Run(context.Background(), []string{page}, opts)
	fmt.Println(sum.Unchanged, "unchanged")
	// Output:
	// 1 new
	// 1 unchanged
}

var _ marsad.Store = (*sqlite.Store)(nil)

// TestIngestArticleLines: .jsonl lines holding whole Articles (as `marsad
// extract` prints them) are analyzed when they carry no analysis, and kept
// as they are when they do.
func TestIngestArticleLines(t *testing.T) {
	plain := marsad.Article{URL: "https://news.example/x/1", Title: "وزير الدفاع يستقبل وفداً روسياً",
		Text:     "بحث وزير الدفاع السوري مرهف أبو قصرة في دمشق اليوم الأحد مع نائب وزير الدفاع الروسي يونس بك يفكيروف سبل تعزيز التعاون العسكري.",
		Sections: []marsad.Section{}}
	analyzed := marsad.Article{URL: "https://news.example/x/2", Title: "خبر", Text: "نص فيه اسم واحد.",
		Sections: []marsad.Section{},
		Entities: []marsad.Entity{{Name: "اسم", Key: "اسم", Type: marsad.EntityPerson, Mentions: []marsad.Mention{{Text: "اسم", Start: 7, End: 10}}}}}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.Encode(plain)
	enc.Encode(analyzed)
	p := filepath.Join(t.TempDir(), "articles.jsonl")
	os.WriteFile(p, b.Bytes(), 0o644)
	s := openStore(t, t.TempDir())
	sum := run(t, []string{p}, ingest.Options{Store: s, Processor: pipeline(t), Source: "news.example"})
	if sum.New != 2 {
		t.Fatalf("%s; want 2 new", sum)
	}
	a, err := s.ArticleByURL(t.Context(), plain.URL)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Entities) == 0 || a.Source != "news.example" {
		t.Errorf("article without analysis stored with %d entities, source %q; want it analyzed and given the default source", len(a.Entities), a.Source)
	}
	if len(a.Sections) == 0 {
		t.Errorf("article without sections stored without sections")
	}
	c, err := s.ArticleByURL(t.Context(), analyzed.URL)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Entities) != 1 || c.Entities[0].Key != "اسم" {
		t.Errorf("analyzed article's entities = %+v, want them kept", c.Entities)
	}
}
