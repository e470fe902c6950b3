package ingest_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/marsad-news/marsad/analyze"
	"github.com/marsad-news/marsad/gen"
	"github.com/marsad-news/marsad/ingest"
	"github.com/marsad-news/marsad/search"
	"github.com/marsad-news/marsad/sqlite"
)

// TestMain lets the test binary act as the ingest process that
// TestKillDuringIngest kills.
func TestMain(m *testing.M) {
	if os.Getenv("MARSAD_TEST_INGEST_CHILD") == "1" {
		if err := childIngest(); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// childIngest ingests $INPUT into the data folder $DATA with the search
// index, appending one JSON line per committed item to $REPORT (unbuffered:
// a line is written only after its batch committed).
func childIngest() error {
	ctx := context.Background()
	data, input, report := os.Getenv("DATA"), os.Getenv("INPUT"), os.Getenv("REPORT")
	store, err := sqlite.OpenDir(ctx, data)
	if err != nil {
		return err
	}
	defer store.Close()
	ix, err := search.OpenSynced(ctx, filepath.Join(data, sqlite.IndexDir), store, nil)
	if err != nil {
		return err
	}
	defer ix.Close()
	an, err := analyze.New(analyze.Options{})
	if err != nil {
		return err
	}
	f, err := os.OpenFile(report, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = ingest.Run(ctx, []string{input}, ingest.Options{
		Store: store, Index: ix, Processor: ingest.NewPipeline(an), BatchSize: 16,
		OnStored: func(r ingest.Result) {
			b, _ := json.Marshal(r)
			f.Write(append(b, '\n'))
		},
	})
	return err
}

func reportedIDs(t *testing.T, report string) map[string]bool {
	t.Helper()
	f, err := os.Open(report)
	if err != nil {
		return map[string]bool{}
	}
	defer f.Close()
	ids := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r ingest.Result
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			continue // the line the kill cut short
		}
		if r.Err == "" && r.ID != "" {
			ids[r.ID] = true
		}
	}
	return ids
}

func countLines(path string) int {
	b, _ := os.ReadFile(path)
	return bytes.Count(b, []byte("\n"))
}

// TestKillDuringIngest kills (SIGKILL) a real ingest process twice in the
// middle of its work and checks that every article it reported stored is
// there exactly once, that the store is consistent, that the search index
// catches up with the store on the next start, and that a final run
// completes the corpus.
func TestKillDuringIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills subprocesses")
	}
	const total = 1000
	dir := corpus(t, total, 11, 0.2)
	input := filepath.Join(dir, gen.PagesFile)
	data := t.TempDir()
	report := filepath.Join(t.TempDir(), "report.jsonl")

	for round, killAt := range []int{120, 400} {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "MARSAD_TEST_INGEST_CHILD=1", "DATA="+data, "INPUT="+input, "REPORT="+report)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(90 * time.Second)
		for countLines(report) < killAt && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		if n := countLines(report); n < killAt {
			t.Fatalf("round %d: child reported only %d items in 90 s: %s", round, n, stderr.String())
		}
		if n := countLines(report); n >= total {
			t.Fatalf("round %d: child finished (%d items) before it was killed; the test proves nothing", round, n)
		}

		reported := reportedIDs(t, report)
		s, err := sqlite.OpenDir(t.Context(), data)
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		if err := s.Integrity(t.Context()); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		st, err := s.Stats(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		for id := range reported {
			revs, err := s.Revisions(t.Context(), id)
			if err != nil {
				t.Fatalf("round %d: article %s was reported stored: %v", round, id, err)
			}
			if len(revs) != 1 {
				t.Errorf("round %d: article %s stored %d times", round, id, len(revs))
			}
		}
		if st.Articles < int64(len(reported)) || st.Revisions != st.Articles {
			t.Errorf("round %d: store %+v, %d reported stored", round, st, len(reported))
		}
		// The index catches up by itself on the next start.
		ix, err := search.OpenSynced(t.Context(), filepath.Join(data, sqlite.IndexDir), s, nil)
		if err != nil {
			t.Fatalf("round %d: index after kill: %v", round, err)
		}
		docs, _ := ix.DocCount()
		last, _ := ix.LastSeq()
		ix.Close()
		if int64(docs) != st.Articles || last != st.LastSeq {
			t.Errorf("round %d: index has %d docs up to seq %d, store %d articles up to seq %d", round, docs, last, st.Articles, st.LastSeq)
		}
		t.Logf("round %d: killed after %d reported; store has %d articles, index caught up to %d docs", round, len(reported), st.Articles, docs)
		s.Close()
	}

	// A final run completes the corpus: nothing twice, nothing lost.
	s := openStore(t, data)
	before, _ := s.Stats(t.Context())
	ix, err := search.OpenSynced(t.Context(), filepath.Join(data, sqlite.IndexDir), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	sum := run(t, []string{input}, ingest.Options{Store: s, Index: ix, Processor: pipeline(t)})
	if sum.New+sum.Unchanged != total || sum.Revised != 0 || sum.Failed != 0 || int64(sum.Unchanged) != before.Articles {
		t.Errorf("final run: %s; want %d unchanged and the rest new", sum, before.Articles)
	}
	st, _ := s.Stats(t.Context())
	docs, _ := ix.DocCount()
	if st.Articles != total || st.Revisions != total || docs != total {
		t.Errorf("after the final run: store %+v, index %d docs; want %d of each", st, docs, total)
	}
}
