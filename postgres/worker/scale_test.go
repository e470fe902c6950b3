package worker_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/postgres"
	"github.com/marsad-news/marsad/postgres/pgtest"
)

// TestScaleWorkers measures end-to-end throughput (fetch, extract,
// analyze, store, index, cluster) with 1, 2 and 4 `marsad worker`
// processes (the real CLI, without alert matching) on the
// same local sites and corpus, and the CPU time each worker and the
// PostgreSQL server spend per article. Skipped unless MARSAD_PG_SCALE is
// the corpus size; see docs/PERFORMANCE.md.
//
//	MARSAD_PG_SCALE=300 go test -run TestScaleWorkers -v -timeout 30m ./postgres/worker/
//
// MARSAD_PG_SCALE_HOSTS (default 8) and MARSAD_PG_SCALE_DELAY (default
// 15ms per response) set the sites.
func TestScaleWorkers(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("MARSAD_PG_SCALE"))
	if n <= 0 {
		t.Skip("set MARSAD_PG_SCALE to the number of articles to measure worker scaling")
	}
	hosts := 8
	if h, _ := strconv.Atoi(os.Getenv("MARSAD_PG_SCALE_HOSTS")); h > 0 {
		hosts = h
	}
	delay := 15 * time.Millisecond
	if d, err := time.ParseDuration(os.Getenv("MARSAD_PG_SCALE_DELAY")); err == nil {
		delay = d
	}
	t.Logf("%d articles on %d hosts, responses take %s", n, hosts, delay)
	// The fixed cost of a worker (loading the analyzer, polling) measured
	// alone, to tell it from the cost per article.
	bin := buildMarsad(t)
	idle := measureIdle(t, bin)
	t.Logf("idle worker: %.2f s CPU over its first 5 s (analyzer load + polling)", idle.Seconds())
	for _, k := range []int{1, 2, 4} {
		runScale(t, bin, n, hosts, k, delay, idle)
	}
}

func measureIdle(t *testing.T, bin string) time.Duration {
	dbURL := pgtest.Migrated(t)
	w := startWorker(t, bin, dbURL, "idle", "--no-alert-matching")
	time.Sleep(5 * time.Second)
	w.cmd.Process.Signal(syscall.SIGTERM)
	<-w.done
	return w.cmd.ProcessState.UserTime() + w.cmd.ProcessState.SystemTime()
}

func runScale(t *testing.T, bin string, n, hosts, k int, delay, idle time.Duration) {
	ctx := context.Background()
	dbURL := pgtest.Migrated(t)
	st, err := postgres.Open(ctx, dbURL, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sites, _ := startSites(t, n, hosts, delay)
	for i, s := range sites {
		if err := st.PutSource(ctx, &marsad.Source{ID: fmt.Sprintf("site%d", i), HomeURL: s.URL + "/", Feeds: []string{s.URL + "/feed.xml"}}); err != nil {
			t.Fatal(err)
		}
	}
	pgBefore := postgresCPU()
	began := time.Now()
	var ws []*proc
	for i := range k {
		ws = append(ws, startWorker(t, bin, dbURL, fmt.Sprintf("s%d-w%d", k, i), "--no-alert-matching"))
	}
	deadline := time.Now().Add(20 * time.Minute)
	for {
		s, err := st.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if s.Articles >= int64(n) {
			cur, _ := st.ClusterCursor(ctx)
			if cur >= s.LastSeq {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d workers: %d of %d articles after 20 minutes", k, s.Articles, n)
		}
		time.Sleep(100 * time.Millisecond)
	}
	elapsed := time.Since(began)
	pgCPU := postgresCPU() - pgBefore
	var total time.Duration
	var per []string
	for _, w := range ws {
		w.cmd.Process.Signal(syscall.SIGTERM)
		<-w.done
		c := w.cmd.ProcessState.UserTime() + w.cmd.ProcessState.SystemTime()
		total += c
		per = append(per, fmt.Sprintf("%.1fs", c.Seconds()))
	}
	work := total - time.Duration(k)*idle
	t.Logf("%d worker(s): %d articles in %.1f s = %.1f articles/s; worker CPU %s (total %.1f s, %.1f ms/article; %.1f ms/article without the fixed start-up cost); PostgreSQL CPU %.1f s (%.1f ms/article)",
		k, n, elapsed.Seconds(), float64(n)/elapsed.Seconds(), strings.Join(per, " "), total.Seconds(),
		float64(total.Milliseconds())/float64(n), float64(work.Milliseconds())/float64(n), pgCPU.Seconds(), float64(pgCPU.Milliseconds())/float64(n))
}

// postgresCPU sums the CPU time of every process named postgres (the
// test server's backends), from /proc; zero where /proc is missing.
func postgresCPU() time.Duration {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	var ticks int64
	for _, e := range ents {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(b)
		open, close := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || close < 0 || s[open+1:close] != "postgres" {
			continue
		}
		f := strings.Fields(s[close+2:])
		if len(f) < 15 {
			continue
		}
		// utime, stime, and the reaped children's (exited backends
		// count in the postmaster's cutime, cstime).
		for _, i := range []int{11, 12, 13, 14} {
			v, _ := strconv.ParseInt(f[i], 10, 64)
			ticks += v
		}
	}
	return time.Duration(ticks) * (time.Second / 100) // USER_HZ
}
