package arabic

import (
	"os"
	"strings"
	"testing"

	"github.com/marsad-news/marsad/internal/shared"
)

// seedText reads the founding example at benchmark time (it is not copied
// into the package).
func seedText(b *testing.B) string {
	b.Helper()
	data, err := os.ReadFile(shared.Path(b, "seed/article-ar-001.txt"))
	if err != nil {
		b.Fatal(err)
	}
	return string(data)
}

// loop runs f b.N times (b.Loop) and reports, besides wall-clock MB/s, the
// throughput per CPU-second the process used ("MB/cpu-s"), which is what a
// core can do when the shared machine is loaded by other jobs.
func loop(b *testing.B, bytes int, f func()) {
	b.SetBytes(int64(bytes))
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		f()
	}
	if used := cpuTime() - start; used > 0 {
		b.ReportMetric(float64(bytes)*float64(b.N)/used.Seconds()/1e6, "MB/cpu-s")
	}
}

// seedWords returns the Arabic words of the seed.
func seedWords(b *testing.B) []string {
	var ws []string
	for _, t := range Tokenize(seedText(b)) {
		if t.Kind == Word {
			ws = append(ws, t.Text)
		}
	}
	return ws
}

func BenchmarkNormalize(b *testing.B) {
	s := seedText(b)
	loop(b, len(s), func() { _ = Normalize(s) })
}

func BenchmarkNormalizeAppend(b *testing.B) {
	s := seedText(b)
	buf := make([]byte, 0, 2*len(s))
	loop(b, len(s), func() { buf = AppendNormalized(buf[:0], s, NormalizeOptions{}) })
}

func BenchmarkTokenize(b *testing.B) {
	s := seedText(b)
	buf := make([]Token, 0, 4096)
	loop(b, len(s), func() { buf = AppendTokens(buf[:0], s) })
}

// BenchmarkNormalizeTokenize is the text-core target: normalize, then
// tokenize the matching form (target: at least 50 MB/s per core).
func BenchmarkNormalizeTokenize(b *testing.B) {
	s := seedText(b)
	nb := make([]byte, 0, 2*len(s))
	buf := make([]Token, 0, 4096)
	loop(b, len(s), func() {
		nb = AppendNormalized(nb[:0], s, NormalizeOptions{})
		buf = AppendTokens(buf[:0], string(nb))
	})
}

// BenchmarkNormalizeTokenizeFresh is the same with fresh allocations each
// time (Normalize, Tokenize), as a simple caller would write it.
func BenchmarkNormalizeTokenizeFresh(b *testing.B) {
	s := seedText(b)
	loop(b, len(s), func() { _ = Tokenize(Normalize(s)) })
}

func BenchmarkSentences(b *testing.B) {
	s := seedText(b)
	loop(b, len(s), func() { _ = Sentences(s) })
}

func benchStem(b *testing.B, stem func(string) string) {
	ws := seedWords(b)
	var n int64
	for _, w := range ws {
		n += int64(len(w)) + 1
	}
	loop(b, int(n), func() {
		for _, w := range ws {
			_ = stem(w)
		}
	})
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ws)), "ns/word")
}

func BenchmarkStem(b *testing.B)      { benchStem(b, Stem) }
func BenchmarkLightStem(b *testing.B) { benchStem(b, LightStem) }
func BenchmarkLight10(b *testing.B)   { benchStem(b, Light10) }

func BenchmarkStemmerProtected(b *testing.B) {
	st := NewStemmer(strings.Fields("دمشق موسكو سوريا روسيا بيسكوف بوتين الشرع"))
	benchStem(b, st.Stem)
}

func BenchmarkIsStopWord(b *testing.B) {
	benchStem(b, func(w string) string {
		if IsStopWord(w) {
			return w
		}
		return ""
	})
}
