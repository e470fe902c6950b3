package ner

import (
	"runtime"
	"testing"
	"time"

	"github.com/marsad-news/marsad/internal/shared"
)

// benchSentences returns ANERcorp test sentences totalling about n tokens.
func benchSentences(b *testing.B, n int) ([][]string, int) {
	test := readCoNLLPath(b, shared.Path(b, "data/anercorp/ANERCorp_reconstructed_test.txt"))
	var out [][]string
	total := 0
	for _, s := range test {
		if total >= n {
			break
		}
		out = append(out, s.Tokens)
		total += len(s.Tokens)
	}
	return out, total
}

// reportRates reports tokens per wall-clock second and, where the process
// CPU time is known, tokens per CPU second: on a shared, loaded machine
// the latter is the per-core rate.
func reportRates(b *testing.B, tokensPerOp int, cpu time.Duration) {
	n := float64(tokensPerOp) * float64(b.N)
	b.ReportMetric(n/b.Elapsed().Seconds(), "tokens/s")
	if cpu > 0 {
		b.ReportMetric(n/cpu.Seconds(), "tokens/cpu-s")
	}
}

// BenchmarkTag tags about 1,000 tokens (an article) of ANERcorp test
// sentences per iteration and reports tokens per second on one core.
func BenchmarkTag(b *testing.B) {
	tg, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	sents, total := benchSentences(b, 1000)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for b.Loop() {
		for _, s := range sents {
			tg.Tag(s)
		}
	}
	reportRates(b, total, cpuTime()-cpu0)
}

// BenchmarkTagDocument is BenchmarkTag through TagDocument (with the
// consistency pass).
func BenchmarkTagDocument(b *testing.B) {
	tg, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	sents, total := benchSentences(b, 1000)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for b.Loop() {
		tg.TagDocument(sents)
	}
	reportRates(b, total, cpuTime()-cpu0)
}

// BenchmarkLoad measures loading the embedded model and reports the heap
// it holds.
func BenchmarkLoad(b *testing.B) {
	var ms0, ms1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms0)
	var keep *Tagger
	for b.Loop() {
		t, err := Load()
		if err != nil {
			b.Fatal(err)
		}
		keep = t
	}
	runtime.GC()
	runtime.ReadMemStats(&ms1)
	b.ReportMetric(float64(ms1.HeapAlloc-ms0.HeapAlloc)/(1<<20), "MB-heap")
	_ = keep.Model()
}
