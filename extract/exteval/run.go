package exteval

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"time"
)

// MaxPageBytes bounds one benchmark page (decompressed) read by ReadPage.
const MaxPageBytes = 64 << 20

// Item is one page of a ground-truth or prediction file.
type Item struct {
	ArticleBody string `json:"articleBody"`
	URL         string `json:"url,omitempty"`
}

// LoadTruth reads a ground-truth file of the benchmark's shape:
// {"<id>": {"articleBody": "...", "url": "..."}}.
func LoadTruth(path string) (map[string]Item, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("exteval: read truth: %w", err)
	}
	var m map[string]Item
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("exteval: parse truth %s: %w", path, err)
	}
	return m, nil
}

// ReadPage reads page id from dir: <id>.html.gz (gzip) or <id>.html.
func ReadPage(dir, id string) ([]byte, error) {
	gz := filepath.Join(dir, id+".html.gz")
	f, err := os.Open(gz)
	if err == nil {
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("exteval: %s: %w", gz, err)
		}
		return readLimited(zr, gz)
	}
	plain := filepath.Join(dir, id+".html")
	f, err = os.Open(plain)
	if err != nil {
		return nil, fmt.Errorf("exteval: page %s: %w", id, err)
	}
	defer f.Close()
	return readLimited(f, plain)
}

func readLimited(r io.Reader, name string) ([]byte, error) {
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(r, MaxPageBytes+1))
	if err != nil {
		return nil, fmt.Errorf("exteval: read %s: %w", name, err)
	}
	if n > MaxPageBytes {
		return nil, fmt.Errorf("exteval: %s: larger than %d bytes", name, MaxPageBytes)
	}
	return buf.Bytes(), nil
}

// Page is one benchmark page handed to an extractor.
type Page struct {
	ID   string
	URL  string
	HTML []byte
}

// LoadPages reads every page named in truth from dir, sorted by id.
func LoadPages(truth map[string]Item, dir string) ([]Page, error) {
	ids := make([]string, 0, len(truth))
	for id := range truth {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	pages := make([]Page, 0, len(ids))
	for _, id := range ids {
		b, err := ReadPage(dir, id)
		if err != nil {
			return nil, err
		}
		pages = append(pages, Page{ID: id, URL: truth[id].URL, HTML: b})
	}
	return pages, nil
}

// Extractor returns the article body of one page. An error counts as an
// empty prediction.
type Extractor func(ctx context.Context, p Page) (string, error)

// Predict runs ex over pages with the given number of workers (0 means
// GOMAXPROCS) and returns the predictions keyed by id and the pages whose
// extraction failed, with their errors.
func Predict(ctx context.Context, pages []Page, ex Extractor, workers int) (map[string]string, map[string]error, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	pred := make(map[string]string, len(pages))
	failed := make(map[string]error)
	var mu sync.Mutex
	work := make(chan Page)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				body, err := ex(ctx, p)
				mu.Lock()
				if err != nil {
					failed[p.ID] = err
				}
				pred[p.ID] = body
				mu.Unlock()
			}
		}()
	}
	var err error
	for _, p := range pages {
		if err = ctx.Err(); err != nil {
			break
		}
		work <- p
	}
	close(work)
	wg.Wait()
	return pred, failed, err
}

// Bodies returns the article bodies of truth keyed by id.
func Bodies(truth map[string]Item) map[string]string {
	m := make(map[string]string, len(truth))
	for id, it := range truth {
		m[id] = it.ArticleBody
	}
	return m
}

// WritePredictions writes pred in the benchmark's shape,
// {"<id>": {"articleBody": "..."}}, to w.
func WritePredictions(w io.Writer, pred map[string]string) error {
	m := make(map[string]Item, len(pred))
	for id, body := range pred {
		m[id] = Item{ArticleBody: body}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return fmt.Errorf("exteval: write predictions: %w", err)
	}
	return nil
}

// Summary formats r as one line, e.g. "P=0.9 R=0.9 F1=0.9 (181 pages)".
func (r Result) Summary() string {
	return fmt.Sprintf("P=%.4f R=%.4f F1=%.4f (%d pages)", r.Precision, r.Recall, r.F1, len(r.Pages))
}

// Worst returns the n pages with the lowest F1.
func (r Result) Worst(n int) []PageScore {
	return r.Pages[:min(n, len(r.Pages))]
}

// Config describes one evaluation run.
type Config struct {
	TruthPath string    // ground-truth.json
	HTMLDir   string    // folder of <id>.html.gz or <id>.html pages
	Workers   int       // parallel extractions; 0 means GOMAXPROCS
	Extract   Extractor // the extractor under test
}

// Report is the outcome of Run.
type Report struct {
	Result
	Predictions map[string]string `json:"-"`
	Failed      map[string]string `json:"failed,omitempty"` // page id -> error
	Elapsed     time.Duration     `json:"elapsed_ns"`
}

// Run loads the truth and pages, runs the extractor over every page and
// scores the predictions. The time spent loading pages is not counted in
// Elapsed.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Extract == nil {
		return nil, fmt.Errorf("exteval: no extractor")
	}
	truth, err := LoadTruth(cfg.TruthPath)
	if err != nil {
		return nil, err
	}
	if len(truth) == 0 {
		return nil, fmt.Errorf("exteval: %s holds no pages", cfg.TruthPath)
	}
	pages, err := LoadPages(truth, cfg.HTMLDir)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	pred, failed, err := Predict(ctx, pages, cfg.Extract, cfg.Workers)
	if err != nil {
		return nil, err
	}
	rep := &Report{
		Result:      Evaluate(Bodies(truth), pred),
		Predictions: pred,
		Elapsed:     time.Since(start),
	}
	if len(failed) > 0 {
		rep.Failed = make(map[string]string, len(failed))
		for id, e := range failed {
			rep.Failed[id] = e.Error()
		}
	}
	return rep, nil
}
