package warcfile

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nlnwa/gowarc/v3"
)

func exchange(i int, body string) Exchange {
	return Exchange{
		URL:            fmt.Sprintf("https://news.example/a/%d", i),
		Fetched:        time.Date(2025, 11, 17, 10, 0, i, 0, time.UTC),
		RequestHeader:  http.Header{"User-Agent": {"marsad-test"}},
		Proto:          "HTTP/2.0",
		Status:         200,
		ResponseHeader: http.Header{"Content-Type": {"text/html; charset=utf-8"}},
		Body:           []byte(body),
	}
}

// readAll returns target URI -> payload of the response records in dir.
func readAll(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	files, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	for _, f := range files {
		r, err := gowarc.NewWarcFileReader(f, 0)
		if err != nil {
			t.Fatal(err)
		}
		for rec, err := range r.Records() {
			if err != nil {
				if errors.Is(err, io.EOF) {
					break
				}
				t.Fatalf("%s: %v", f, err)
			}
			if rec.WarcRecord.Type() == gowarc.Response {
				blk, ok := rec.WarcRecord.Block().(gowarc.HttpResponseBlock)
				if !ok {
					t.Fatalf("response block is %T", rec.WarcRecord.Block())
				}
				if blk.HttpStatusCode() != 200 {
					t.Errorf("status %d", blk.HttpStatusCode())
				}
				pr, err := blk.PayloadBytes()
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(pr)
				out[rec.WarcRecord.WarcHeader().Get(gowarc.WarcTargetURI)] = string(b)
			}
			rec.Close()
		}
		r.Close()
	}
	return out
}

func TestWriteAndReadBack(t *testing.T) {
	dir := t.TempDir()
	w, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		loc, err := w.Write(exchange(i, fmt.Sprintf("<p>خبر رقم %d</p>", i)))
		if err != nil {
			t.Fatal(err)
		}
		if loc.File == "" || !strings.HasPrefix(loc.File, "marsad-") {
			t.Errorf("location %+v", loc)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got := readAll(t, dir)
	if len(got) != 5 {
		t.Fatalf("read back %d responses, want 5", len(got))
	}
	if got["https://news.example/a/3"] != "<p>خبر رقم 3</p>" {
		t.Errorf("payload = %q", got["https://news.example/a/3"])
	}
}

func TestRotationAndQuota(t *testing.T) {
	dir := t.TempDir()
	big := strings.Repeat("نص عربي طويل ", 4000) // ~100 KB, compresses well
	w, err := Open(Options{Dir: dir, MaxFileSize: 20 << 10, Quota: 200 << 10})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 40; i++ {
		// vary the body so compression cannot hide the size entirely
		if _, err := w.Write(exchange(i, fmt.Sprintf("%d %s %d", i, big[:len(big)-i], i*7919))); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	files, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	if len(files) < 2 {
		t.Fatalf("%d files, want rotation into several", len(files))
	}
	var total int64
	for _, f := range files {
		fi, _ := os.Stat(f)
		total += fi.Size()
	}
	if total > 200<<10+40<<10 { // quota plus at most one open file's overshoot
		t.Errorf("WARC folder holds %d bytes, quota 200 KiB", total)
	}
}

func TestOpenNeedsDir(t *testing.T) {
	if _, err := Open(Options{}); err == nil {
		t.Error("Open without a folder succeeded")
	}
}
