package dates

import (
	"time"

	"github.com/marsad-news/marsad"
)

// value is a resolved date: a civil date at UTC midnight with a
// granularity, or an instant (granularity time).
type value struct {
	gran string
	t    time.Time
}

func (v value) String() string {
	switch v.gran {
	case marsad.GranularityYear:
		return v.t.Format("2006")
	case marsad.GranularityMonth:
		return v.t.Format("2006-01")
	case marsad.GranularityTime:
		return v.t.Format(time.RFC3339)
	}
	return v.t.Format("2006-01-02")
}

// valid reports whether the value is a year 1..9999 (four-digit ISO 8601).
func (v value) valid() bool {
	y := v.t.Year()
	return y >= 1 && y <= 9999
}

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func civil(t time.Time) time.Time { return day(t.Year(), int(t.Month()), t.Day()) }

// weekStart returns the first day of the week holding civil date t.
func (p *parser) weekStart(t time.Time) time.Time {
	back := (int(t.Weekday()) - int(p.f.WeekStart) + 7) % 7
	return t.AddDate(0, 0, -back)
}

// at attaches a time of day to civil date t.
func (p *parser) clock(s spec, t time.Time) value {
	if !s.hasTime {
		return value{marsad.GranularityDay, t}
	}
	loc := s.loc
	if loc == nil {
		loc = p.loc
	}
	return value{marsad.GranularityTime, time.Date(t.Year(), t.Month(), t.Day(), s.hh, s.mi, 0, 0, loc)}
}

// resolve turns a spec into a value (and, for Hijri months and years, the
// last day as until). fut says the sentence points to the future.
func (p *parser) resolve(s spec, fut bool) (v value, until *value, ok bool) {
	if s.kind != sAbs && !p.hasRef {
		return value{}, nil, false
	}
	ref := p.refDay
	switch s.kind {
	case sRelDay:
		return p.clock(s, ref.AddDate(0, 0, s.off)), nil, true
	case sTime:
		return p.clock(s, ref), nil, true
	case sWeekday:
		diff := (int(ref.Weekday()) - s.wd + 7) % 7 // days back to the last such weekday, 0 if today
		var t time.Time
		switch {
		case s.hasMod && s.mod < 0:
			if diff == 0 {
				diff = 7
			}
			t = ref.AddDate(0, 0, -diff)
		case s.hasMod && s.mod > 0:
			fwd := (s.wd - int(ref.Weekday()) + 7) % 7
			if fwd == 0 {
				fwd = 7
			}
			t = ref.AddDate(0, 0, fwd)
		case fut:
			fwd := (s.wd - int(ref.Weekday()) + 7) % 7
			t = ref.AddDate(0, 0, fwd)
		default:
			t = ref.AddDate(0, 0, -diff)
		}
		return p.clock(s, t), nil, true
	case sPeriod:
		switch s.unit {
		case uWeek:
			return value{marsad.GranularityWeek, p.weekStart(ref).AddDate(0, 0, 7*s.off)}, nil, true
		case uMonth:
			t := day(ref.Year(), int(ref.Month()), 1).AddDate(0, s.off, 0)
			if s.d != 0 {
				if s.d > daysIn(t.Year(), int(t.Month())) {
					return value{}, nil, false
				}
				return p.clock(s, day(t.Year(), int(t.Month()), s.d)), nil, true
			}
			return value{marsad.GranularityMonth, t}, nil, true
		default:
			return value{marsad.GranularityYear, day(ref.Year()+s.off, 1, 1)}, nil, true
		}
	case sAgo:
		switch s.unit {
		case uMinute:
			return value{marsad.GranularityTime, p.ref.Add(time.Duration(s.off) * time.Minute)}, nil, true
		case uHour:
			return value{marsad.GranularityTime, p.ref.Add(time.Duration(s.off) * time.Hour)}, nil, true
		case uDay:
			return value{marsad.GranularityDay, ref.AddDate(0, 0, s.off)}, nil, true
		case uWeek:
			return value{marsad.GranularityWeek, p.weekStart(ref.AddDate(0, 0, 7*s.off))}, nil, true
		case uMonth:
			return value{marsad.GranularityMonth, day(ref.Year(), int(ref.Month()), 1).AddDate(0, s.off, 0)}, nil, true
		default:
			return value{marsad.GranularityYear, day(ref.Year()+s.off, 1, 1)}, nil, true
		}
	}
	if s.hijri || s.yHijri && s.m == 0 {
		return p.resolveHijri(s, fut)
	}
	if s.hasYOff {
		if !p.hasRef {
			return value{}, nil, false
		}
		s.y = ref.Year() + s.yOff
	}
	switch {
	case s.y != 0 && s.m != 0 && s.d != 0:
		if s.d > daysIn(s.y, s.m) {
			return value{}, nil, false
		}
		return p.clock(s, day(s.y, s.m, s.d)), nil, true
	case s.y != 0 && s.m != 0:
		return value{marsad.GranularityMonth, day(s.y, s.m, 1)}, nil, true
	case s.y != 0:
		return value{marsad.GranularityYear, day(s.y, 1, 1)}, nil, true
	}
	if !p.hasRef || s.m == 0 {
		return value{}, nil, false
	}
	if s.d != 0 {
		y := p.pickYear(s, fut, func(y int) int {
			if s.d > daysIn(y, s.m) {
				return 0
			}
			return day(y, s.m, s.d).Compare(ref)
		})
		if !s.hasMod && !fut {
			// Near future: a day at most NearFutureDays after the
			// reference is the coming one ("يليه يوم 10 أفريل").
			for _, cy := range []int{ref.Year(), ref.Year() + 1} {
				if s.d > daysIn(cy, s.m) {
					continue
				}
				if c := day(cy, s.m, s.d); c.After(ref) && c.Sub(ref) <= NearFutureDays*24*time.Hour {
					y = cy
				}
			}
		}
		// A weekday beside the date picks the year: "الخميس 11 ماي".
		if s.wd != 0 && !s.hasMod && s.d <= daysIn(y, s.m) && int(day(y, s.m, s.d).Weekday()) != s.wd-1 {
			for _, alt := range []int{y + 1, y - 1} {
				if s.d <= daysIn(alt, s.m) && int(day(alt, s.m, s.d).Weekday()) == s.wd-1 {
					y = alt
					break
				}
			}
		}
		if s.d > daysIn(y, s.m) {
			return value{}, nil, false
		}
		return p.clock(s, day(y, s.m, s.d)), nil, true
	}
	y := p.pickYear(s, fut, func(y int) int {
		return day(y, s.m, 1).Compare(day(ref.Year(), int(ref.Month()), 1))
	})
	return value{marsad.GranularityMonth, day(y, s.m, 1)}, nil, true
}

// NearFutureDays is the window after the reference in which a day written
// without a year is read as the coming one even when the sentence has no
// future cue: news announces programmes ("يليه يوم 10 أفريل") far more
// often than it recalls the same day of last year without naming the year
// (measured on the ANT corpus, docs/QUALITY.md).
const NearFutureDays = 31

// pickYear chooses the year of a day or month written without one: the
// reference year for الجاري/الحالي; otherwise the most recent one on or
// before the reference (strictly before with الماضي), or, when the
// sentence points to the future, the next one on or after it (strictly
// after with المقبل). cmp(y) compares the candidate in year y with the
// reference.
func (p *parser) pickYear(s spec, fut bool, cmp func(y int) int) int {
	y := p.refDay.Year()
	c := cmp(y)
	switch {
	case s.hasMod && s.mod == 0:
	case s.hasMod && s.mod < 0:
		if c >= 0 {
			y--
		}
	case s.hasMod && s.mod > 0:
		if c <= 0 {
			y++
		}
	case fut:
		if c < 0 {
			y++
		}
	default:
		if c > 0 {
			y--
		}
	}
	return y
}

// resolveHijri converts a Hijri spec. A Hijri month or year is a range of
// Gregorian days: value is its first day, until its last, granularity day.
func (p *parser) resolveHijri(s spec, fut bool) (value, *value, bool) {
	y := s.y
	if y != 0 && !s.yHijri && s.m != 0 {
		// A Hijri month with a Gregorian year ("رمضان سنة 1996"): the one
		// that begins in that year.
		hy, _, _, ok := gregorianToHijri(day(y, 7, 1))
		if !ok {
			return value{}, nil, false
		}
		y = 0
		for _, c := range []int{hy - 1, hy, hy + 1} {
			if g, ok := hijriToGregorian(c, s.m, 1); ok && g.Year() == s.y {
				y = c
				break
			}
		}
		if y == 0 {
			return value{}, nil, false
		}
	}
	if y == 0 {
		if !p.hasRef || s.m == 0 {
			return value{}, nil, false
		}
		hy, _, _, ok := gregorianToHijri(p.refDay)
		if !ok {
			return value{}, nil, false
		}
		d := s.d
		if d == 0 {
			d = 1
		}
		cmp := func(y int) int {
			g, ok := hijriToGregorian(y, s.m, d)
			if !ok {
				return 0
			}
			return g.Compare(p.refDay)
		}
		c := cmp(hy)
		if !s.hasMod && !fut {
			// Near future, as for Gregorian days: a Hijri day or month
			// beginning at most NearFutureDays after the reference is the
			// coming one ("غرة رمضان" two days before it).
			if g, ok := hijriToGregorian(hy, s.m, d); ok && g.After(p.refDay) && g.Sub(p.refDay) <= NearFutureDays*24*time.Hour {
				c = 0
			} else if g, ok := hijriToGregorian(hy+1, s.m, d); ok && g.After(p.refDay) && g.Sub(p.refDay) <= NearFutureDays*24*time.Hour {
				hy++
				c = 0
			}
		}
		switch {
		case s.hasMod && s.mod == 0:
		case s.hasMod && s.mod < 0:
			if c >= 0 {
				hy--
			}
		case s.hasMod && s.mod > 0:
			if c <= 0 {
				hy++
			}
		case fut:
			if c < 0 {
				hy++
			}
		default:
			if c > 0 {
				hy--
			}
		}
		y = hy
	}
	switch {
	case s.m != 0 && s.d != 0:
		g, ok := hijriToGregorian(y, s.m, s.d)
		if !ok {
			return value{}, nil, false
		}
		return p.clock(s, g), nil, true
	case s.m != 0:
		first, last, ok := hijriMonthRange(y, s.m)
		if !ok {
			return value{}, nil, false
		}
		return value{marsad.GranularityDay, first}, &value{marsad.GranularityDay, last}, true
	default:
		first, ok := hijriToGregorian(y, 1, 1)
		if !ok {
			return value{}, nil, false
		}
		_, last, ok := hijriMonthRange(y, 12)
		if !ok {
			return value{}, nil, false
		}
		return value{marsad.GranularityDay, first}, &value{marsad.GranularityDay, last}, true
	}
}
