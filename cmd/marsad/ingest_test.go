package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGenIngestReindexCLI drives the commands as a user would: generate a
// corpus, ingest it twice, search it, rebuild the index.
func TestGenIngestReindexCLI(t *testing.T) {
	corpus := filepath.Join(t.TempDir(), "corpus")
	data := filepath.Join(t.TempDir(), "data")
	code, out, errs := runCLI(t, nil, "gen", "--count", "40", "--seed", "2", "--html", "0.5", "--out", corpus)
	if code != 0 || !strings.Contains(out, "wrote 40 articles") {
		t.Fatalf("gen: exit %d, %q %q", code, out, errs)
	}
	pages := filepath.Join(corpus, "pages.jsonl")
	code, out, errs = runCLI(t, nil, "--data", data, "ingest", "--json", pages)
	if code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, errs)
	}
	var sum struct{ New, Unchanged, Failed, Indexed int }
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("ingest --json: %v: %q", err, out)
	}
	if sum.New != 40 || sum.Indexed != 40 {
		t.Errorf("first ingest: %+v, want 40 new and indexed", sum)
	}
	code, out, _ = runCLI(t, nil, "--data", data, "ingest", pages)
	if code != 0 || !strings.Contains(out, "0 new, 40 unchanged") {
		t.Errorf("second ingest: exit %d, %q; want 40 unchanged", code, out)
	}
	code, out, errs = runCLI(t, nil, "--data", data, "reindex")
	if code != 0 || !strings.Contains(out, "40") {
		t.Errorf("reindex: exit %d, %q %q", code, out, errs)
	}
	code, out, errs = runCLI(t, nil, "--data", data, "search", "--json", "وزير")
	if code != 0 || !strings.Contains(out, `"total"`) {
		t.Errorf("search after reindex: exit %d, %q %q", code, out, errs)
	}
}

func TestIngestCLIExitCodes(t *testing.T) {
	data := t.TempDir()
	if code, _, _ := runCLI(t, nil, "--data", data, "ingest"); code != exitUsage {
		t.Errorf("ingest without paths: exit %d, want %d", code, exitUsage)
	}
	empty := filepath.Join(t.TempDir(), "empty.txt")
	os.WriteFile(empty, nil, 0o644)
	code, out, errs := runCLI(t, nil, "--data", data, "ingest", empty)
	if code != exitFailure || !strings.Contains(errs, "nothing could be ingested") || !strings.Contains(out, "empty") {
		t.Errorf("only a bad file: exit %d, out %q, err %q; want exit 1 with the reason", code, out, errs)
	}
	if code, _, errs := runCLI(t, nil, "--data", data, "ingest", t.TempDir()); code != exitUsage || !strings.Contains(errs, "no pages") {
		t.Errorf("empty folder: exit %d, %q; want %d", code, errs, exitUsage)
	}
	if code, _, _ := runCLI(t, nil, "gen", "--count", "0", "--out", t.TempDir()); code != exitUsage {
		t.Errorf("gen --count 0: exit %d, want %d", code, exitUsage)
	}
	if code, _, _ := runCLI(t, nil, "--data", t.TempDir(), "reindex"); code != exitFailure {
		t.Errorf("reindex without archive: exit %d, want %d", code, exitFailure)
	}
}
