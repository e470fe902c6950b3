package shared

import "testing"

func TestPathSeed(t *testing.T) {
	p := Path(t, "seed/article-ar-001.txt")
	if p == "" {
		t.Fatal("empty path")
	}
}
