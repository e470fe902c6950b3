package dates

import (
	"testing"

	"github.com/marsad-news/marsad/internal/shared"
)

// TestCLDRMonths checks the month and weekday tables against Unicode CLDR
// 48.2 for the 28 Arabic locales: every wide name CLDR gives must be known
// with the same number.
func TestCLDRMonths(t *testing.T) {
	lx := buildLexicon()
	lookup := func(name string, cls lexClass) (int, bool) {
		w := normWord(name)
		for _, e := range lx.lookup(w) {
			if e.cls == cls {
				return int(e.val), true
			}
		}
		return 0, false
	}
	// Two-word month names go through the parser.
	p := func(name string, hijri bool) (int, bool) {
		f := NewFinder(probeRef)
		pr := f.newParser(name)
		m, h, j, ok := pr.monthName(0)
		return m, ok && h == hijri && j == len(pr.toks)
	}
	checked := 0
	for _, row := range readTSV(t, shared.Path(t, "data/cldr-ar/gregorian-months.tsv"))[1:] {
		if len(row) < 5 || row[2] != "wide" {
			continue
		}
		want := atoi(row[3])
		got, ok := p(row[4], false)
		if !ok || got != want {
			t.Errorf("CLDR %s month %d %q: got %d, %v", row[0], want, row[4], got, ok)
		}
		checked++
	}
	for _, row := range readTSV(t, shared.Path(t, "data/cldr-ar/islamic-months.tsv"))[1:] {
		if len(row) < 4 {
			continue
		}
		want := atoi(row[2])
		got, ok := p(row[3], true)
		if !ok || got != want {
			t.Errorf("CLDR islamic month %d %q: got %d, %v", want, row[3], got, ok)
		}
		checked++
	}
	days := map[string]int{"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}
	for _, row := range readTSV(t, shared.Path(t, "data/cldr-ar/weekdays.tsv"))[1:] {
		if len(row) < 5 || row[2] != "wide" {
			continue
		}
		got, ok := lookup(row[4], cWeekday)
		if !ok || got != days[row[3]] {
			t.Errorf("CLDR %s weekday %s %q: got %d, %v", row[0], row[3], row[4], got, ok)
		}
		checked++
	}
	t.Logf("CLDR: %d wide month and weekday names checked", checked)
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}
