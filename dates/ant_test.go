package dates

import (
	"archive/tar"
	"compress/gzip"
	"flag"
	"io"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/marsad-news/marsad/internal/shared"
)

// antSample prints that many found expressions, drawn at random with a
// fixed seed, with some context, for a hand check:
//
//	go test ./dates -run TestANTCorpus -ant.sample=100 -ant.seed=2 -v
var (
	antSample = flag.Int("ant.sample", 0, "print a random sample of N date expressions found in ANT with context")
	antSeed   = flag.Uint64("ant.seed", 1, "random seed of -ant.sample")
)

// antDoc is one article of the ANT corpus: its publication time and text.
type antDoc struct {
	name string
	time time.Time
	text string
}

// loadANT reads the articles of ../shared/data/ant-corpus-v1.1 (research
// data: never copied into the repository).
func loadANT(tb testing.TB) []antDoc {
	tb.Helper()
	f, err := os.Open(shared.Path(tb, "data/ant-corpus-v1.1/antcorpus-v1.1.tar.gz"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var docs []antDoc
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			tb.Fatal(err)
		}
		if h.Typeflag != tar.TypeReg || !strings.HasSuffix(h.Name, ".txt") {
			continue
		}
		b, err := io.ReadAll(io.LimitReader(tr, 8<<20))
		if err != nil {
			tb.Fatal(err)
		}
		s := string(b)
		d := antDoc{name: h.Name, text: strings.TrimSpace(between(s, "<TEXT>", "</TEXT>"))}
		d.time = antTime(strings.TrimSpace(between(s, "<TIME>", "</TIME>")))
		docs = append(docs, d)
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].name < docs[j].name })
	return docs
}

// antTime reads an ANT <TIME>: RFC 3339 or DD/MM/YYYY (Tunis time).
func antTime(s string) time.Time {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t
	}
	if t, err := time.ParseInLocation("02/01/2006", s, time.FixedZone("+01:00", 3600)); err == nil {
		return t
	}
	if t, err := time.ParseInLocation("2006-01-02T150405", s, time.FixedZone("+01:00", 3600)); err == nil {
		return t
	}
	return time.Time{}
}

func between(s, a, b string) string {
	i := strings.Index(s, a)
	if i < 0 {
		return ""
	}
	s = s[i+len(a):]
	if j := strings.Index(s, b); j >= 0 {
		return s[:j]
	}
	return s
}

// TestANTCorpus runs Find over every article of the ANT corpus (Tunisian
// news, Maghrebi month names) against its publication time, checks the
// output invariants and reports how many date expressions it finds per
// article.
func TestANTCorpus(t *testing.T) {
	docs := loadANT(t)
	if len(docs) < 10000 {
		t.Fatalf("ANT: %d articles, want 10,161", len(docs))
	}
	type found struct {
		doc  int
		text string
		ctx  string
		val  string
	}
	var all []found
	total, withDates, bytes := 0, 0, 0
	byGran := map[string]int{}
	start := time.Now()
	for di, d := range docs {
		bytes += len(d.text)
		refs := Find(d.text, d.time)
		checkRefs(t, d.text, refs)
		total += len(refs)
		if len(refs) > 0 {
			withDates++
		}
		runes := []rune(d.text)
		for _, r := range refs {
			byGran[r.Granularity]++
			if *antSample > 0 {
				a, b := max(0, r.Start-40), min(len(runes), r.End+25)
				ctx := string(runes[a:r.Start]) + "[[" + r.Text + "]]" + string(runes[r.End:b])
				all = append(all, found{di, r.Text, strings.ReplaceAll(ctx, "\n", " "), r.Value + "/" + r.Granularity + " " + r.Until})
			}
		}
	}
	el := time.Since(start)
	t.Logf("ANT: %d articles, %d date expressions (%.2f per article), %d articles with at least one (%.1f%%), by granularity %v; %.1f MB in %v",
		len(docs), total, float64(total)/float64(len(docs)), withDates, 100*float64(withDates)/float64(len(docs)), byGran, float64(bytes)/1e6, el.Round(time.Millisecond))
	if float64(total)/float64(len(docs)) < 1 {
		t.Errorf("ANT: fewer than one date per article")
	}
	if n := *antSample; n > 0 {
		rng := rand.New(rand.NewPCG(*antSeed, 2))
		rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
		for i := 0; i < n && i < len(all); i++ {
			f := all[i]
			t.Logf("sample %3d  ref %s  %s  =>  %s", i+1, docs[f.doc].time.Format("2006-01-02 Mon"), f.ctx, f.val)
		}
	}
}

// BenchmarkFindANT measures Find's throughput over ANT article text.
func BenchmarkFindANT(b *testing.B) {
	docs := loadANT(b)
	if len(docs) > 2000 {
		docs = docs[:2000]
	}
	size := 0
	for _, d := range docs {
		size += len(d.text)
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	cpu0 := cpuTime()
	n := 0
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			n += len(Find(d.text, d.time))
		}
	}
	cpu := cpuTime() - cpu0
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "exprs/s")
	if cpu > 0 {
		// On a shared machine wall time understates the speed: also report
		// throughput per CPU second used by the process.
		b.ReportMetric(float64(size)*float64(b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
	}
}
