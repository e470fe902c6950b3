package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/marsad-news/marsad/alert/alerttest"
	"github.com/marsad-news/marsad/sqlite"
)

// TestAlertStore runs the shared alert-store suite (alert/alerttest) on
// a fresh database file; reopening opens the same file again.
func TestAlertStore(t *testing.T) {
	alerttest.Run(t, func(t *testing.T) (alerttest.Store, func(t *testing.T) alerttest.Store) {
		path := filepath.Join(t.TempDir(), "a.db")
		open := func(t *testing.T) alerttest.Store {
			t.Helper()
			s, err := sqlite.Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		return open(t), open
	})
}
