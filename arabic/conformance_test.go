package arabic

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/marsad-news/marsad/internal/shared"
)

// TestStemConformanceANERcorp checks that every word of the ANERcorp
// vocabulary (32,823 types) stems exactly as the Snowball reference lists
// it (../shared/data/snowball-ar-anercorp).
func TestStemConformanceANERcorp(t *testing.T) {
	p := shared.Path(t, "data/snowball-ar-anercorp/anercorp_vocab_stems.tsv")
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	start := time.Now()
	sc := bufio.NewScanner(f)
	var n, bad int
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			continue
		}
		word, want, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("line %d: no tab: %q", n+1, line)
		}
		n++
		if got := Stem(word); got != want {
			bad++
			if bad <= 10 {
				t.Errorf("Stem(%q) = %q, want %q", word, got, want)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n != 32823 {
		t.Errorf("read %d words, want 32,823", n)
	}
	t.Logf("ANERcorp vocabulary: %d words, %d mismatches, %v", n, bad, time.Since(start).Round(time.Millisecond))
	if bad > 0 {
		t.Errorf("%d of %d words stem differently from Snowball", bad, n)
	}
}

// snowballDataDir is where Debian's snowball-data package puts the Arabic
// reference lists.
const snowballDataDir = "/usr/share/snowball/data/arabic"

// TestStemConformanceSnowballData checks the full official reference list
// (voc.txt.gz / output.txt.gz, 9,196,214 words, M. Attia's GPL-3+ list)
// when Debian's snowball-data package is installed
// (`apt-get install snowball-data`); it is streamed, not loaded. Set
// $SNOWBALL_DATA to use another folder. Skipped with -short.
func TestStemConformanceSnowballData(t *testing.T) {
	dir := os.Getenv("SNOWBALL_DATA")
	if dir == "" {
		dir = snowballDataDir
	}
	voc, out := filepath.Join(dir, "voc.txt.gz"), filepath.Join(dir, "output.txt.gz")
	if _, err := os.Stat(voc); err != nil {
		t.Skipf("Snowball reference list not installed (%v); install Debian's snowball-data package to run this test", err)
	}
	if testing.Short() {
		t.Skip("full Snowball list (9.2 M words) skipped in -short mode")
	}
	vr, vclose := openGzip(t, voc)
	defer vclose()
	or, oclose := openGzip(t, out)
	defer oclose()
	start := time.Now()
	vs, ws := bufio.NewScanner(vr), bufio.NewScanner(or)
	var n, bad int
	for vs.Scan() {
		if !ws.Scan() {
			t.Fatalf("output list ends after %d words", n)
		}
		n++
		word, want := vs.Text(), ws.Text()
		if got := Stem(word); got != want {
			bad++
			if bad <= 10 {
				t.Errorf("word %d: Stem(%q) = %q, want %q", n, word, got, want)
			}
		}
	}
	for _, sc := range []*bufio.Scanner{vs, ws} {
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	if ws.Scan() {
		t.Fatalf("output list longer than vocabulary (%d words)", n)
	}
	t.Logf("Snowball reference list: %d words, %d mismatches, %v", n, bad, time.Since(start).Round(time.Millisecond))
	if bad > 0 {
		t.Errorf("%d of %d words stem differently from Snowball", bad, n)
	}
}

func openGzip(t *testing.T, path string) (io.Reader, func()) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	z, err := gzip.NewReader(bufio.NewReaderSize(f, 1<<16))
	if err != nil {
		f.Close()
		t.Fatal(fmt.Errorf("open %s: %w", path, err))
	}
	return z, func() { z.Close(); f.Close() }
}
