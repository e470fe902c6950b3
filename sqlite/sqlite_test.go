package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/sqlite"
	"github.com/marsad-news/marsad/store/storetest"
)

func openTemp(t *testing.T) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "marsad.db"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) marsad.Store {
		s := openTemp(t)
		t.Cleanup(func() {
			// The suite closed the store; reopen to check the file.
			r, err := sqlite.Open(context.Background(), s.Path())
			if err != nil {
				t.Fatalf("reopen: %v", err)
			}
			defer r.Close()
			if err := r.Integrity(context.Background()); err != nil {
				t.Error(err)
			}
		})
		return s
	})
}

func openBench(b *testing.B) (*sqlite.Store, error) {
	return sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "marsad.db"))
}
