package dates

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/marsad-news/marsad"
)

// formatRefs renders found dates in the table's WANT syntax.
func formatRefs(refs []marsad.DateRef, withText []bool) string {
	var parts []string
	for i, r := range refs {
		s := r.Value + "/" + r.Granularity
		if r.Until != "" {
			s += ".." + r.Until
		}
		if i < len(withText) && withText[i] {
			s += "@" + r.Text
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ; ")
}

type tableRow struct {
	line       int
	ref        time.Time
	text, want string
}

func readTable(t *testing.T, path string) []tableRow {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []tableRow
	var ref time.Time
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.HasPrefix(line, "#ref ") {
			ref, err = time.Parse(time.RFC3339, strings.TrimPrefix(line, "#ref "))
			if err != nil {
				t.Fatalf("line %d: %v", n, err)
			}
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		text, want, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("line %d: no tab", n)
		}
		rows = append(rows, tableRow{n, ref, text, want})
	}
	return rows
}

// TestTable checks the expressions of testdata/table.tsv (every form of
// the issue: month systems, ordinals, numeric dates, times, Hijri,
// relative dates, ranges, the future, granularity) and the negatives in
// it.
func TestTable(t *testing.T) {
	rows := readTable(t, "testdata/table.tsv")
	if len(rows) < 300 {
		t.Fatalf("table has %d rows, want at least 300", len(rows))
	}
	fail := 0
	for _, r := range rows {
		got := Find(r.text, r.ref)
		var withText []bool
		for _, w := range strings.Split(r.want, " ; ") {
			withText = append(withText, strings.Contains(w, "@"))
		}
		g := formatRefs(got, withText)
		if g != r.want {
			fail++
			t.Errorf("line %d: Find(%q) = %q, want %q", r.line, r.text, g, r.want)
		}
		checkRefs(t, r.text, got)
	}
	t.Logf("table: %d/%d rows right", len(rows)-fail, len(rows))
}

// checkRefs checks the invariants of Find's output: offsets in range,
// ordered, not overlapping, Text matching the offsets, values well-formed.
func checkRefs(t *testing.T, text string, refs []marsad.DateRef) {
	t.Helper()
	runes := []rune(text)
	prev := 0
	for _, r := range refs {
		if r.Start < prev || r.End <= r.Start || r.End > len(runes) {
			t.Fatalf("Find(%q): bad offsets %d..%d (prev end %d)", text, r.Start, r.End, prev)
		}
		if string(runes[r.Start:r.End]) != r.Text {
			t.Fatalf("Find(%q): text %q does not match offsets %d..%d (%q)", text, r.Text, r.Start, r.End, string(runes[r.Start:r.End]))
		}
		prev = r.End
		if !wellFormed(r.Value, r.Granularity) {
			t.Fatalf("Find(%q): bad value %q/%q", text, r.Value, r.Granularity)
		}
		if r.Until != "" && !wellFormedAny(r.Until) {
			t.Fatalf("Find(%q): bad until %q", text, r.Until)
		}
	}
}

func wellFormed(v, gran string) bool {
	var layout string
	switch gran {
	case marsad.GranularityDay, marsad.GranularityWeek:
		layout = "2006-01-02"
	case marsad.GranularityMonth:
		layout = "2006-01"
	case marsad.GranularityYear:
		layout = "2006"
	case marsad.GranularityTime:
		layout = time.RFC3339
	default:
		return false
	}
	_, err := time.Parse(layout, v)
	return err == nil
}

func wellFormedAny(v string) bool {
	for _, g := range []string{marsad.GranularityDay, marsad.GranularityMonth, marsad.GranularityYear, marsad.GranularityTime} {
		if wellFormed(v, g) {
			return true
		}
	}
	return false
}

func TestParse(t *testing.T) {
	ref := time.Date(2025, 11, 17, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		in, want string
		ref      time.Time
	}{
		{"١٧ نوفمبر ٢٠٢٥", "2025-11-17", time.Time{}},
		{"الجمعة 8 فيفري 2019", "2019-02-08", time.Time{}},
		{"بتاريخ 05/03/2024", "2024-03-05", time.Time{}},
		{"نشر في: 17 نوفمبر 2025 - 10:30", "2025-11-17T10:30:00Z", time.Time{}},
		{"آخر تحديث: الأحد 16 تشرين الثاني 2025", "2025-11-16", time.Time{}},
		{"26 جمادى الأولى 1447 هـ", "2025-11-17", time.Time{}},
		{"منذ ساعتين", "2025-11-17T07:00:00Z", ref},
		{"أمس", "2025-11-16", ref},
		{"أمس", "", time.Time{}},
		{"● أخبار سورية ١٧ نوفمبر ٢٠٢٥", "", time.Time{}},
		{"17 نوفمبر 2025 و18 نوفمبر 2025", "", time.Time{}},
		{"", "", time.Time{}},
		{"قرار 2254", "", ref},
	} {
		r, ok := Parse(c.in, c.ref)
		if ok != (c.want != "") || ok && r.Value != c.want {
			t.Errorf("Parse(%q) = %+v, %v; want %q", c.in, r, ok, c.want)
		}
	}
}
