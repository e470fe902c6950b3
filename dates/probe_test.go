package dates

import (
	"bufio"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/internal/shared"
)

// probeRef is the reference of the dateparser probe: RELATIVE_BASE
// 2025-11-18T12:00 (a Tuesday).
var probeRef = time.Date(2025, 11, 18, 12, 0, 0, 0, time.UTC)

// Quality floors: the tests fail when marsad gets fewer right.
const (
	probeFloor    = 21 // of 21 probe strings
	upstreamFloor = 19 // of 19 upstream rows that are dates
)

// answerMatches compares a found date with an answer written as
// YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM. A day value also matches
// an answer with the reference's time of day: dateparser keeps the base
// time on "منذ يومين", marsad gives the day.
func answerMatches(r marsad.DateRef, answer string, ref time.Time) bool {
	switch len(answer) {
	case 4, 7, 10:
		return r.Value == answer && r.Until == ""
	case 16:
		if r.Granularity == marsad.GranularityTime {
			return len(r.Value) >= 16 && r.Value[:16] == answer
		}
		return r.Granularity == marsad.GranularityDay && r.Value == answer[:10] && answer[11:] == ref.Format("15:04")
	}
	return false
}

func readTSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if l := sc.Text(); l != "" && !strings.HasPrefix(l, "#") {
			rows = append(rows, strings.Split(l, "\t"))
		}
	}
	return rows
}

// TestDateparserProbe scores marsad on the probe strings of
// ../shared/data/dateparser-ar/probe-results.tsv against correct_answer,
// next to dateparser's recorded behaviour.
func TestDateparserProbe(t *testing.T) {
	rows := readTSV(t, shared.Path(t, "data/dateparser-ar/probe-results.tsv"))
	right, dpAr, dpBest := 0, 0, 0
	for _, row := range rows {
		if len(row) < 5 {
			t.Fatalf("bad row %q", row)
		}
		input, answer := row[0], row[1]
		if i := strings.Index(answer, " ("); i >= 0 {
			answer = answer[:i]
		}
		got := Find(input, probeRef)
		ok := len(got) == 1 && answerMatches(got[0], answer, probeRef) && got[0].Text == strings.TrimSpace(input)
		if ok {
			right++
		} else {
			t.Logf("probe miss: %q: got %+v, want %s", input, got, answer)
		}
		a, lb := dpMatches(row[2], answer), dpMatches(row[3], answer)
		if a {
			dpAr++
		}
		if a || lb {
			dpBest++
		}
	}
	t.Logf("probe: marsad %d/%d right; dateparser (recorded) languages=ar %d/%d, best of ar and ar-LB %d/%d", right, len(rows), dpAr, len(rows), dpBest, len(rows))
	if right < probeFloor {
		t.Errorf("probe: %d right, floor %d", right, probeFloor)
	}
}

// dpMatches reads a recorded dateparser answer: the same value, or the
// answer's day at the base time of day (dateparser keeps it on أمس).
func dpMatches(dp, answer string) bool {
	return dp == answer || len(answer) == 10 && len(dp) == 16 && dp[:10] == answer
}

var (
	reDayAgo  = regexp.MustCompile(`^(\d+) day ago$`)
	reAgoHour = regexp.MustCompile(`^ago (\d+) hour$`)
	reAgoDays = regexp.MustCompile(`^ago days=(\d+)$`)
	reSearch  = regexp.MustCompile(`\[([^\]]*?) -> (\d{4}-\d{2}-\d{2})\]`)
)

// TestDateparserUpstream scores marsad on the Arabic cases of dateparser's
// own tests that are dates: translations of full dates and of relative
// days and hours, relative cases with one unit, search-in-text, and Hijri
// rows whose text carries هـ. Left out: bare durations ("يومين", "4 عام",
// "ساعتين", "1 عام, 1 شهر, ..."), "اليوم السابق" (the day before the
// narrated event, not the reference) and Hijri rows without هـ.
func TestDateparserUpstream(t *testing.T) {
	rows := readTSV(t, shared.Path(t, "data/dateparser-ar/upstream-test-cases.tsv"))
	ref := probeRef
	scored, right, skipped := 0, 0, 0
	for _, row := range rows {
		if len(row) < 3 {
			continue
		}
		kind, input, expected := row[0], strings.TrimSpace(row[1]), row[2]
		var want []string // answers, in order
		switch kind {
		case "translate", "tokenize":
			if input == "اليوم السابق" {
				break
			}
			if tm, err := time.Parse("2 January 2006 03:04 pm", strings.ReplaceAll(expected, "january", "January")); err == nil {
				want = []string{tm.Format("2006-01-02T15:04")}
			} else if tm, err := time.Parse("2 January 2006 03:04 pm", expected); err == nil {
				want = []string{tm.Format("2006-01-02T15:04")}
			} else if m := reDayAgo.FindStringSubmatch(expected); m != nil {
				n, _ := strconv.Atoi(m[1])
				want = []string{ref.AddDate(0, 0, -n).Format("2006-01-02")}
			} else if m := reAgoHour.FindStringSubmatch(expected); m != nil {
				n, _ := strconv.Atoi(m[1])
				want = []string{ref.Add(-time.Duration(n) * time.Hour).Format("2006-01-02T15:04")}
			} else if kind == "tokenize" {
				// The tokenize row is "8 يناير، 2015، الساعة 10:01 صباحاً".
				want = []string{"2015-01-08T10:01"}
			}
		case "relative":
			if m := reAgoDays.FindStringSubmatch(expected); m != nil {
				n, _ := strconv.Atoi(m[1])
				want = []string{ref.AddDate(0, 0, -n).Format("2006-01-02")}
			}
		case "search":
			for _, m := range reSearch.FindAllStringSubmatch(expected, -1) {
				want = append(want, m[2])
			}
		case "hijri":
			if strings.Contains(input, "هـ") {
				want = []string{expected}
			}
		}
		if want == nil {
			skipped++
			continue
		}
		scored++
		got := Find(input, ref)
		ok := len(got) == len(want)
		for i := 0; ok && i < len(want); i++ {
			ok = answerMatches(got[i], want[i], ref)
		}
		if ok {
			right++
		} else {
			t.Logf("upstream miss (%s): %q: got %+v, want %v", kind, input, got, want)
		}
	}
	t.Logf("upstream: marsad %d/%d date rows right (%d rows are not dates: durations, translations without a date, Hijri without هـ)", right, scored, skipped)
	if right < upstreamFloor {
		t.Errorf("upstream: %d right, floor %d", right, upstreamFloor)
	}
}
