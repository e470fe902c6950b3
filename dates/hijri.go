package dates

import (
	"time"

	hijri "github.com/hablullah/go-hijri"
)

// Hijri calendar support.
//
// Hijri dates are converted with the Umm al-Qura calendar (the official
// calendar of Saudi Arabia, used by most Gulf media) through
// github.com/hablullah/go-hijri, whose table covers 1 Muharram 1356 AH
// (1937-03-14) to the end of 1500 AH (2077-11-16). Outside that range, for
// Hijri years 1 to 1355 and 1501 to MaxHijriYear, the arithmetic (tabular)
// Islamic calendar is used instead, which may differ from the observed
// calendar by a day or two. Years outside 1..MaxHijriYear are not dates.
//
// Printed Hijri dates often follow the local moon sighting rather than the
// table, so a day 30 in a month the table gives 29 days is read as the day
// after the 29th (the 1st of the next month), and when a page prints both
// calendars the Gregorian date wins (see Find).
const (
	// MinUmmAlQuraYear and MaxUmmAlQuraYear bound the Hijri years converted
	// with the Umm al-Qura table.
	MinUmmAlQuraYear = 1356
	MaxUmmAlQuraYear = 1500
	// MaxHijriYear is the largest Hijri year read as a date.
	MaxHijriYear = 2000
)

// hijriToGregorian returns the Gregorian civil date (at UTC midnight) of the
// Hijri date y-m-d, or ok=false when it is outside the supported range.
func hijriToGregorian(y, m, d int) (time.Time, bool) {
	if y < 1 || y > MaxHijriYear || m < 1 || m > 12 || d < 1 || d > 30 {
		return time.Time{}, false
	}
	var t time.Time
	if y >= MinUmmAlQuraYear && y <= MaxUmmAlQuraYear {
		t = hijri.UmmAlQuraDate{Year: int64(y), Month: int64(m), Day: 1}.ToGregorian()
	} else {
		t = hijri.HijriDate{Year: int64(y), Month: int64(m), Day: 1, Pattern: hijri.Default}.ToGregorian()
	}
	t = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return t.AddDate(0, 0, d-1), true
}

// hijriMonthRange returns the first and last Gregorian days of Hijri month
// y-m.
func hijriMonthRange(y, m int) (first, last time.Time, ok bool) {
	first, ok = hijriToGregorian(y, m, 1)
	if !ok {
		return
	}
	ny, nm := y, m+1
	if nm > 12 {
		ny, nm = y+1, 1
	}
	next, ok2 := hijriToGregorian(ny, nm, 1)
	if !ok2 {
		// Last supported month: assume 29 days.
		return first, first.AddDate(0, 0, 28), true
	}
	return first, next.AddDate(0, 0, -1), true
}

// gregorianToHijri returns the Hijri year, month and day of the Gregorian
// civil date t.
func gregorianToHijri(t time.Time) (y, m, d int, ok bool) {
	t = time.Date(t.Year(), t.Month(), t.Day(), 12, 0, 0, 0, time.UTC)
	if uq, err := hijri.CreateUmmAlQuraDate(t); err == nil {
		return int(uq.Year), int(uq.Month), int(uq.Day), true
	}
	h, err := hijri.CreateHijriDate(t, hijri.Default)
	if err != nil {
		return 0, 0, 0, false
	}
	return int(h.Year), int(h.Month), int(h.Day), true
}
