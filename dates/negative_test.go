package dates

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"time"
)

// TestNegatives checks that the number-bearing phrases of
// testdata/negatives.txt give no date (target: zero false dates).
func TestNegatives(t *testing.T) {
	f, err := os.Open("testdata/negatives.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ref := time.Date(2025, 11, 17, 12, 0, 0, 0, time.UTC)
	n, falses := 0, 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		n++
		if got := Find(line, ref); len(got) != 0 {
			falses++
			t.Errorf("Find(%q) = %+v, want no date", line, got)
		}
	}
	if n < 100 {
		t.Fatalf("negative list has %d phrases, want at least 100", n)
	}
	t.Logf("negatives: %d phrases, %d false dates", n, falses)
}
