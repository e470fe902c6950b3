package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/marsad-news/marsad/postgres/pgtest"
)

func TestMigrateAndWorkerRefusal(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"migrate"}, nil, &out, &errb); code != exitUsage {
		t.Errorf("migrate without a database: exit %d, want %d (%s)", code, exitUsage, errb.String())
	}
	u := pgtest.Schema(t)
	errb.Reset()
	if code := run([]string{"--database-url", u, "worker"}, nil, &out, &errb); code != exitUsage || !strings.Contains(errb.String(), "marsad migrate") {
		t.Errorf("worker on an empty schema: exit %d (%s), want %d telling to migrate", code, errb.String(), exitUsage)
	}
	out.Reset()
	if code := run([]string{"--database-url", u, "migrate"}, nil, &out, &errb); code != exitOK || !strings.Contains(out.String(), "up to date") {
		t.Fatalf("migrate: exit %d: %s %s", code, out.String(), errb.String())
	}
	out.Reset()
	if code := run([]string{"--database-url", u, "migrate", "--status"}, nil, &out, &errb); code != exitOK || !strings.Contains(out.String(), "up to date") {
		t.Errorf("migrate --status: exit %d: %s", code, out.String())
	}
	// dump / restore between the embedded store and PostgreSQL.
	dir := t.TempDir()
	file := filepath.Join(dir, "a.dump")
	if code := run([]string{"--data", filepath.Join(dir, "data"), "dump", file}, nil, &out, &errb); code != exitOK {
		t.Fatalf("dump: exit %d: %s", code, errb.String())
	}
	if code := run([]string{"--database-url", u, "restore", file}, nil, &out, &errb); code != exitOK {
		t.Fatalf("restore: exit %d: %s", code, errb.String())
	}
	if code := run([]string{"--database-url", u, "restore", filepath.Join(dir, "missing")}, nil, &out, &errb); code != exitUsage {
		t.Errorf("restore of a missing file: exit %d, want %d", code, exitUsage)
	}
}
