package dates

import "testing"

func TestHijriAnchors(t *testing.T) {
	for _, c := range []struct {
		y, m, d int
		want    string
	}{
		{1446, 9, 1, "2025-03-01"},
		{1447, 5, 26, "2025-11-17"},
		{1447, 5, 15, "2025-11-06"},
		{1432, 9, 14, "2011-08-14"},
		{1430, 2, 20, "2009-02-15"},
		{1434, 8, 11, "2013-06-20"},
		{1437, 1, 17, "2015-10-30"},
		{1433, 2, 29, "2012-01-23"},
		{1433, 3, 4, "2012-01-27"},
	} {
		g, ok := hijriToGregorian(c.y, c.m, c.d)
		if !ok || g.Format("2006-01-02") != c.want {
			t.Errorf("%d-%d-%d: got %v %v, want %s", c.y, c.m, c.d, g, ok, c.want)
		}
	}
	for _, y := range []int{1, 100, 1355, 1356, 1500, 1501, 2000} {
		if _, ok := hijriToGregorian(y, 12, 30); !ok {
			t.Errorf("year %d rejected", y)
		}
	}
	if _, ok := hijriToGregorian(2001, 1, 1); ok {
		t.Error("2001 accepted")
	}
}
