package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/marsad-news/marsad/postgres/pgtest"
)

// TestAlertsPostgres: the alerts commands work on a PostgreSQL archive
// (--database-url) as on the embedded one.
func TestAlertsPostgres(t *testing.T) {
	u := pgtest.Migrated(t)
	code, out, errs := runCLI(t, nil, "--database-url", u, "alerts", "add", "--json", "--name", "دفاع",
		"--webhook", "https://hooks.example.org/x", "--source", "سانا", "وزير الدفاع")
	if code != exitOK {
		t.Fatalf("alerts add: exit %d: %s", code, errs)
	}
	var a struct{ ID, Secret string }
	if err := json.Unmarshal([]byte(out), &a); err != nil || a.ID == "" || a.Secret == "" {
		t.Fatalf("alerts add printed %q (%v)", out, err)
	}
	if code, out, errs := runCLI(t, nil, "--database-url", u, "alerts", "list"); code != exitOK || !strings.Contains(out, a.ID) || !strings.Contains(out, "--source سانا") {
		t.Errorf("alerts list: exit %d: %s %s", code, out, errs)
	}
	if code, out, errs := runCLI(t, nil, "--database-url", u, "alerts", "feed", a.ID); code != exitOK || !strings.Contains(out, "<feed") {
		t.Errorf("alerts feed: exit %d: %s %s", code, out, errs)
	}
	if code, _, _ := runCLI(t, nil, "--database-url", u, "alerts", "feed", "nope"); code != exitUsage {
		t.Errorf("feed of an unknown alert: exit %d, want %d", code, exitUsage)
	}
	if code, _, errs := runCLI(t, nil, "--database-url", u, "alerts", "remove", a.ID); code != exitOK {
		t.Errorf("alerts remove: exit %d: %s", code, errs)
	}
	if code, out, _ := runCLI(t, nil, "--database-url", u, "alerts", "list", "--json"); code != exitOK || !strings.Contains(out, `"alerts":[]`) {
		t.Errorf("alerts list after remove: exit %d: %s", code, out)
	}
	// An unmigrated database is refused as bad usage.
	if code, _, errs := runCLI(t, nil, "--database-url", pgtest.Schema(t), "alerts", "list"); code != exitUsage || !strings.Contains(errs, "migrate") {
		t.Errorf("alerts on an unmigrated schema: exit %d (%s), want %d", code, errs, exitUsage)
	}
}
