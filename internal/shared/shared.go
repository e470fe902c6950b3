// Package shared locates the project's shared data folder (../shared beside
// the checkout, or $MARSAD_SHARED) for tests and evaluations. Tests that
// need it skip with a clear message when it is absent.
package shared

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the shared folder, or "" when it cannot be found. It looks
// at $MARSAD_SHARED, then for a "shared" folder beside the module root
// (the folder holding go.mod), walking up from the working directory.
func Dir() string {
	if d := os.Getenv("MARSAD_SHARED"); d != "" {
		if isDir(d) {
			return d
		}
		return ""
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			s := filepath.Join(filepath.Dir(d), "shared")
			if isDir(s) {
				return s
			}
			return ""
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// Path returns the path of rel inside the shared folder, skipping the test
// with a clear message when the folder or the file is absent.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	d := Dir()
	if d == "" {
		tb.Skip("shared data folder not found (../shared beside the checkout or $MARSAD_SHARED); skipping")
	}
	p := filepath.Join(d, filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("shared data %s not available: %v", rel, err)
	}
	return p
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
