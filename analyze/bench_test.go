package analyze

import (
	"context"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/marsad-news/marsad/arabic"
	"github.com/marsad-news/marsad/dates"
)

// BenchmarkAnalyzeSeed measures whole articles (seed-sized) per second
// on one core: go test -bench AnalyzeSeed -benchtime=200x -cpu 1.
func BenchmarkAnalyzeSeed(b *testing.B) {
	an, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	a := loadSeed(b)
	text := a.Text
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a.Text = text
		if err := an.Analyze(context.Background(), a); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	// On a shared machine wall time overstates the cost: report the
	// process CPU time too (one goroutine does the work).
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "articles/cpu-s")
	}
}

// cpuTime is the user+system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkAnalyzeSeedNoTagger is BenchmarkAnalyzeSeed with gazetteers
// and rules only.
func BenchmarkAnalyzeSeedNoTagger(b *testing.B) {
	an, err := New(Options{NoTagger: true})
	if err != nil {
		b.Fatal(err)
	}
	a := loadSeed(b)
	text := a.Text
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a.Text = text
		if err := an.Analyze(context.Background(), a); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "articles/cpu-s")
	}
}

// BenchmarkStages times each stage of the analysis of the seed (the
// statistical tagger's stage is tagAll plus addTagged).
func BenchmarkStages(b *testing.B) {
	an, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	a := loadSeed(b)
	ref := parsePublished(a.Published)
	var tTok, tGaz, tPers, tTag, tEnt, tQuote, tEvent time.Duration
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		_ = arabic.Tokenize(a.Text)
		tTok += time.Since(t0)
		d := an.newDoc(a.Text)
		t0 = time.Now()
		hits := d.matchGazetteer()
		tGaz += time.Since(t0)
		// The same stages in the same order as Analyzer.run.
		t0 = time.Now()
		d.tagAll()
		tTag += time.Since(t0)
		t0 = time.Now()
		d.detectPersons()
		d.suffix = nil
		tPers += time.Since(t0)
		t0 = time.Now()
		d.addTagged()
		tTag += time.Since(t0)
		t0 = time.Now()
		d.addGazetteer(hits)
		d.addRuleOrgs()
		d.setRoleOwners()
		d.appositiveRoles()
		d.buildEntities()
		d.familyMentions()
		d.sortMentions()
		d.nominalMentions()
		d.markNameQuotes()
		d.setRoleOwners()
		tEnt += time.Since(t0)
		t0 = time.Now()
		d.quotes()
		tQuote += time.Since(t0)
		t0 = time.Now()
		d.events(ref)
		tEvent += time.Since(t0)
		_ = d.entities()
	}
	n := float64(b.N)
	us := func(d time.Duration) float64 { return float64(d.Microseconds()) / n }
	b.ReportMetric(us(tTok), "µs-tokenize")
	b.ReportMetric(us(tGaz), "µs-gazetteer")
	b.ReportMetric(us(tPers), "µs-persons+roles")
	b.ReportMetric(us(tTag), "µs-tag")
	b.ReportMetric(us(tEnt), "µs-coref")
	b.ReportMetric(us(tQuote), "µs-quotes")
	b.ReportMetric(us(tEvent), "µs-events")
	t0 := time.Now()
	for i := 0; i < b.N; i++ {
		_ = dates.Find(a.Text, ref)
	}
	b.ReportMetric(float64(time.Since(t0).Microseconds())/n, "µs-of-events-in-dates.Find")
}

// TestModelMemory reports the heap held by a loaded Analyzer.
func TestModelMemory(t *testing.T) {
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	an, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&m1)
	mb := float64(m1.HeapAlloc-m0.HeapAlloc) / (1 << 20)
	t.Logf("loaded analyzer: %.1f MB of heap (tagger loaded: %v)", mb, an.tagger != nil)
	if mb > 200 {
		t.Errorf("loaded analyzer uses %.1f MB, want < 200 MB", mb)
	}
	runtime.KeepAlive(an)
}
