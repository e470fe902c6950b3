package dates

import (
	"time"
)

// specKind is the kind of a parsed date expression.
type specKind uint8

const (
	sAbs     specKind = iota + 1 // calendar parts (day, month, year), possibly partial
	sRelDay                      // اليوم, أمس, غدا: off days from the reference
	sWeekday                     // الأحد, الأحد الماضي
	sPeriod                      // الأسبوع الماضي, الشهر الجاري, العام المقبل
	sAgo                         // منذ ساعتين, قبل 3 أيام, بعد يومين
	sTime                        // الساعة 10:30 صباحا (on the reference day)
)

// spec is a parsed, not yet resolved, date expression.
type spec struct {
	kind    specKind
	y, m, d int  // calendar parts; 0 when the text does not give them
	hijri   bool // m and d are Hijri
	yHijri  bool // y is Hijri
	mod     int  // -1 past (الماضي), 0 current (الجاري), +1 next (المقبل)
	yOff    int  // year relative to the reference ("من العام الماضي"), with hasYOff
	hasYOff bool
	hasMod  bool
	wd      int // weekday for sWeekday; for sAbs, 1 + the weekday named beside the date, 0 if none
	off     int // offset for sRelDay, sPeriod; count for sAgo
	unit    int // unit for sPeriod and sAgo
	hasTime bool
	hh, mi  int
	loc     *time.Location
}

// parser matches date expressions over the tokens of one text.
type parser struct {
	f       *Finder
	lx      *lexicon
	toks    []token
	text    string
	hasRef  bool
	ref     time.Time // reference instant
	refDay  time.Time // reference civil date at UTC midnight
	loc     *time.Location
	lastFut []int32 // per token: index of the last future cue at or before it in the sentence, or -1
	futEnd  int     // end token of the last expression read as future, 0 if none
	zones   map[string]*time.Location
}

// ent returns the token's lexicon entry of class c.
func (p *parser) ent(i int, c lexClass) (lexEntry, bool) {
	if i < 0 || i >= len(p.toks) {
		return lexEntry{}, false
	}
	for _, e := range p.lx.ents[p.toks[i].ent] {
		if e.cls == c {
			return e, true
		}
	}
	return lexEntry{}, false
}

func (p *parser) is(i int, c lexClass) bool {
	_, ok := p.ent(i, c)
	return ok
}

func (p *parser) word(i int) bool {
	return i >= 0 && i < len(p.toks) && p.toks[i].kind == tkWord
}

// punct reports whether token i is one of the punctuation marks rs.
func (p *parser) punct(i int, rs ...rune) bool {
	if i < 0 || i >= len(p.toks) || p.toks[i].kind != tkPunct {
		return false
	}
	for _, r := range rs {
		if p.toks[i].punct == r {
			return true
		}
	}
	return false
}

// num returns the value and digit count of number token i.
func (p *parser) num(i int) (v, nd int, ok bool) {
	if i < 0 || i >= len(p.toks) || p.toks[i].kind != tkNum {
		return 0, 0, false
	}
	return int(p.toks[i].num), int(p.toks[i].nd), true
}

// glued reports whether token i directly follows token i-1 (no space).
func (p *parser) glued(i int) bool {
	return i > 0 && i < len(p.toks) && !p.toks[i].space
}

// comma reports "،" or ",".
func (p *parser) comma(i int) bool { return p.punct(i, '،', ',') }

// dash reports a hyphen or dash.
func (p *parser) dash(i int) bool { return p.punct(i, '-', '–', '—', '‐', '−') }

// isFuture reports whether the sentence around tokens [i, j) points to
// the future: a future cue (سـ verb, سوف, من المقرر, يعتزم ...) earlier in
// the same sentence, at most 12 tokens before, or right after the
// expression (at most 2 tokens, no punctuation between).
func (p *parser) isFuture(i, j int) bool {
	if i > 0 {
		if c := p.lastFut[i-1]; c >= 0 && i-int(c) <= 12 {
			return true
		}
	}
	for k := j; k < len(p.toks) && k < j+3; k++ {
		if p.toks[k].kind == tkPunct || p.toks[k].sent != p.toks[j-1].sent {
			break
		}
		if p.toks[k].flags&fFuture != 0 {
			return true
		}
	}
	return false
}

// match is one expression found: tokens [i, j) and its value.
type match struct {
	i, j  int
	s     spec
	until *spec // end of a range
	since bool  // a since-range (منذ): until is the reference
}

// at tries to read a date expression starting at token i.
func (p *parser) at(i int) (match, bool) {
	t := &p.toks[i]
	// Since-ranges: منذ + a date.
	if p.is(i, cSince) {
		if s, j, ok := p.ago(i); ok {
			return match{i: i, j: j, s: s}, true
		}
		if m, ok := p.rangeAt(i + 1); ok {
			m.i = i
			return m, true
		}
		if s, j, ok := p.expr(i + 1); ok && s.kind != sAgo && s.kind != sTime {
			return match{i: i, j: j, s: s, since: true}, true
		}
		return match{}, false
	}
	if p.is(i, cAgo) || p.is(i, cAfter) {
		if s, j, ok := p.ago(i); ok {
			return match{i: i, j: j, s: s}, true
		}
	}
	if m, ok := p.rangeAt(i); ok {
		return m, true
	}
	if s, j, ok := p.expr(i); ok {
		m := match{i: i, j: j, s: s}
		p.dual(&m)
		return m, true
	}
	if t.kind == tkWord && p.is(i, cHourWord) {
		if hh, mi, loc, j, ok := p.timeAt(i); ok {
			// A date after the time: "الساعة 12:50 صباحا من يوم الأربعاء 14
			// جوان 2017", "الساعة 8:30 مساء السبت".
			k := j
			if p.is(k, cFrom) {
				k++
			}
			if p.is(k, cDayPart) && !p.is(k, cYaum) && !p.is(k, cPrep) {
				k++
			}
			if s, j2, ok := p.expr(k); ok && (s.kind == sAbs && s.d != 0 || s.kind == sWeekday || s.kind == sRelDay) && !s.hasTime {
				s.hasTime, s.hh, s.mi, s.loc = true, hh, mi, loc
				return match{i: i, j: j2, s: s}, true
			}
			if p.hasRef {
				return match{i: i, j: j, s: spec{kind: sTime, hasTime: true, hh: hh, mi: mi, loc: loc}}, true
			}
		}
	}
	return match{}, false
}

// dual absorbs a second calendar printed beside a full date: "26 جمادى
// الأولى 1447هـ الموافق 17 نوفمبر 2025م", "17/11/2025 - 26/5/1447هـ". The
// Gregorian date wins. With الموافق the two are always one expression;
// with only punctuation between them they are one when they are the same
// day or one day apart (printed Hijri dates often follow the sighting),
// and two expressions otherwise.
func (p *parser) dual(m *match) {
	if m.s.kind != sAbs || m.s.d == 0 || m.s.y == 0 {
		return
	}
	corr := false
	k := m.j
	paren := false
	switch {
	case p.punct(k, '('):
		paren = true
		k++
	case p.comma(k) || p.dash(k) || p.punct(k, '/', '|'):
		k++
	}
	if p.is(k, cCorr) {
		corr = true
		k++
		if p.is(k, cLam) {
			k++
		}
	} else if k == m.j {
		return
	}
	s2, j, ok := p.expr(k)
	if !ok || s2.kind != sAbs || s2.d == 0 || s2.y == 0 || s2.hijri == m.s.hijri {
		return
	}
	if !corr {
		// Without الموافق, the two dates are one only when they are the
		// same day, give or take the one day printed Hijri dates may differ.
		a, _, ok1 := p.resolve(m.s, false)
		b, _, ok2 := p.resolve(s2, false)
		if !ok1 || !ok2 {
			return
		}
		d := civil(a.t).Sub(civil(b.t))
		if d > 24*time.Hour || d < -24*time.Hour {
			return
		}
	}
	if paren && p.punct(j, ')') {
		j++
	}
	if m.s.hijri {
		if s2.hasTime || !m.s.hasTime {
			m.s = s2
		} else {
			hh, mi, loc := m.s.hh, m.s.mi, m.s.loc
			m.s = s2
			m.s.hasTime, m.s.hh, m.s.mi, m.s.loc = true, hh, mi, loc
		}
	} else if s2.hasTime && !m.s.hasTime {
		m.s.hasTime, m.s.hh, m.s.mi, m.s.loc = true, s2.hh, s2.mi, s2.loc
	}
	m.j = j
}

// rangeAt reads "من 21 يناير وحتى 3 فبراير", "بين 21 و25 يناير",
// "21-25 يناير", "من 2011 إلى 2015", "بين عامي 2011 و2015".
func (p *parser) rangeAt(i int) (match, bool) {
	k := i
	between := false
	switch {
	case p.is(k, cFrom):
		k++
	case p.is(k, cBetween), p.is(k, cDays):
		between = true
		k++
		if p.is(k, cDual2) {
			k++
		}
	}
	start := k
	var s1 spec
	var j1 int
	dayOnly, yearOnly := false, false
	if v, nd, ok := p.num(k); ok && p.isConnector(k+1, between) && (!p.glued(k+1) || p.dash(k+1)) {
		switch {
		case nd <= 2 && v >= 1 && v <= 31:
			s1, j1, dayOnly = spec{kind: sAbs, d: v}, k+1, true
		case nd == 4 && v >= 1000 && v <= 2200 && (k > i || p.dash(k+1) && (p.is(k-1, cPrep) || p.is(k-1, cSince) || p.is(k-1, cDual2))):
			s1, j1, yearOnly = spec{kind: sAbs, y: v}, k+1, true
			if p.is(j1, cGregMark) {
				j1++
			}
		}
	}
	if j1 == 0 {
		if m, hj, j, ok := p.monthName(k); ok && p.isConnector(j, between) {
			s1, j1 = spec{kind: sAbs, m: m, hijri: hj}, j // "من يناير إلى مارس 2024"
		}
	}
	if j1 == 0 {
		var ok bool
		s1, j1, ok = p.expr(k)
		if !ok || s1.kind != sAbs {
			return match{}, false
		}
	}
	// Connector.
	c := j1
	switch {
	case p.dash(c):
		c++
	case p.is(c, cTo) || p.is(c, cPrep) && p.toks[c].pre == 1:
		c++
	case between && p.is(c, cAnd):
		c++
	}
	if c == j1 {
		// "بين 21 و25 يناير": the و is glued to the number as a word token.
		if between && p.is(c, cAnd) {
			c++
		} else {
			return match{}, false
		}
	}
	if p.is(c, cTo) { // وحتى, "إلى غاية"
		c++
	}
	var s2 spec
	var j2 int
	if yearOnly {
		if p.is(c, cYearWord) || p.is(c, cPeriod) {
			c++
		}
		v, nd, ok := p.num(c)
		if !ok || nd != 4 || v < s1.y || v > 2200 {
			// "من 2011 إلى عام 2015" is read by expr below.
			s, j, ok := p.expr(c)
			if !ok || s.kind != sAbs || s.m != 0 || s.y < s1.y {
				return match{}, false
			}
			s2, j2 = s, j
		} else {
			s2, j2 = spec{kind: sAbs, y: v}, c+1
			if p.is(j2, cGregMark) {
				j2++
			}
		}
		if start == i && !p.dash(j1) {
			return match{}, false
		}
	} else {
		s, j, ok := p.expr(c)
		if !ok || s.kind != sAbs {
			return match{}, false
		}
		s2, j2 = s, j
		if s1.y != 0 && s1.d != 0 && s2.y != 0 && s2.d != 0 && s1.hijri != s2.hijri {
			return match{}, false // two calendars: see dual
		}
		if dayOnly {
			if s2.d == 0 || s2.m == 0 {
				return match{}, false
			}
			s1.m, s1.y, s1.hijri, s1.yHijri, s1.mod, s1.hasMod = s2.m, s2.y, s2.hijri, s2.yHijri, s2.mod, s2.hasMod
			if s1.d > s2.d {
				// "من 28 إلى 3 فبراير": the start is in the previous month.
				s1.m--
				if s1.m == 0 {
					s1.m = 12
					if s1.y != 0 {
						s1.y--
					}
				}
			}
		} else {
			if (s1.d == 0) != (s2.d == 0) && s1.y == 0 {
				return match{}, false
			}
			if s1.y == 0 && s2.y != 0 && s1.m != 0 {
				s1.y, s1.yHijri = s2.y, s2.yHijri
				if s1.hijri == s2.hijri && s1.m > s2.m {
					s1.y--
				}
			}
		}
	}
	// The prepositions (من, بين) are not part of the expression.
	return match{i: start, j: j2, s: s1, until: &s2}, true
}

// isConnector reports a range connector at token c: إلى, حتى, وحتى,
// لغاية, a dash, or و after بين.
func (p *parser) isConnector(c int, between bool) bool {
	return p.dash(c) || p.is(c, cTo) || between && p.is(c, cAnd)
}

// ago reads "منذ ساعتين", "قبل 3 أيام", "منذ نحو ثلاث سنوات", "بعد
// يومين". A duration followed by من or على ("قبل 3 أيام من الانتخابات")
// counts from another event, not from the reference, and is not a date.
func (p *parser) ago(i int) (spec, int, bool) {
	dir := -1
	if p.is(i, cAfter) {
		dir = 1
	}
	k := i + 1
	if p.is(k, cAbout) {
		k++
	}
	n := 0
	if v, nd, ok := p.num(k); ok && nd <= 4 {
		n = v
		k++
	} else if e, ok := p.ent(k, cNumWord); ok {
		n = int(e.val)
		k++
	}
	u, ok := p.ent(k, cUnit)
	if !ok {
		return spec{}, 0, false
	}
	if _, nd, ok := p.num(k + 1); ok && nd == 4 {
		return spec{}, 0, false // "قبل سنة 2011": a year, not a duration
	}
	switch {
	case n == 0 && u.val2 == 2:
		n = 2
	case n == 0 && u.val2 == 1:
		n = 1 // قبل أسبوع, منذ ساعة
	case n == 0:
		return spec{}, 0, false
	case u.val2 == 2:
		return spec{}, 0, false
	}
	if n <= 0 || n > 5000 {
		return spec{}, 0, false
	}
	k++
	k2 := k
	for p.is(k2, cOnly) {
		k2++
	}
	if p.is(k2, cFrom) || p.is(k2, cNoDate) {
		return spec{}, 0, false
	}
	if dir > 0 && !p.isFuture(i, k) {
		// "بعد أسبوع" in a narrative counts from the story's events; only
		// a sentence pointing to the future counts from the reference.
		return spec{}, 0, false
	}
	return spec{kind: sAgo, off: dir * n, unit: int(u.val)}, k, true
}

// expr reads one date expression (without ranges) at token i.
func (p *parser) expr(i int) (spec, int, bool) {
	k := i
	yaum := p.is(k, cYaum) // يوم الأحد, يوم أمس, يوم 15 مارس
	if yaum {
		k++
	}
	if yaum && !(p.is(k, cWeekday) || p.is(k, cRelDay) || p.is(k, cAl) || p.isNum(k) || p.is(k, cOrd) || p.is(k, cTens) || p.is(k, cGhurra)) {
		return spec{}, 0, false
	}
	// اليوم الأحد: today, named.
	if e, ok := p.ent(k, cRelDay); ok && e.val == 0 && p.comma(k+1) && p.is(k+2, cWeekday) {
		s := spec{kind: sRelDay}
		return s, p.timeSuffix(&s, k+3), true // اليوم، السبت
	}
	if e, ok := p.ent(k, cRelDay); ok && e.val == 0 && p.is(k+1, cWeekday) {
		k2 := k + 2
		if p.comma(k2) {
			k2++
		}
		if s, j, ok := p.core(k2); ok && s.kind == sAbs && s.d != 0 {
			return s, j, true // اليوم الخميس 16 فيفري 2017
		}
		s := spec{kind: sRelDay}
		j := k + 2
		j = p.timeSuffix(&s, j)
		return s, j, true
	}
	if e, ok := p.ent(k, cWeekday); ok && !p.is(k+1, cTeen) {
		wd := int(e.val)
		k2 := k + 1
		if p.comma(k2) {
			k2++
		}
		if p.is(k2, cCorr) {
			k2++
			if p.is(k2, cLam) {
				k2++
			}
		}
		if s, j, ok := p.core(k2); ok && s.kind == sAbs && s.d != 0 {
			s.wd = wd + 1
			return s, j, true
		}
		s := spec{kind: sWeekday, wd: wd}
		j := k + 1
		if m, ok := p.ent(j, cMod); ok && m.val != 0 {
			s.mod, s.hasMod = int(m.val), true
			j++
		} else if m, ok := p.pairMod(j); ok {
			// يومي الجمعة والسبت الماضيين: the dual modifier after the pair.
			s.mod, s.hasMod = m, true
		} else if wd == int(time.Monday) && !yaum {
			// الاثنين also means "the two".
			if p.is(k-1, cBoth) || p.is(k-1, cBetween) || p.is(k+1, cBoth) || p.is(k+1, cFrom) {
				return spec{}, 0, false
			}
		}
		j = p.timeSuffix(&s, j)
		return s, j, true
	}
	return p.core(k)
}

// pairMod reads "و + weekday + dual modifier" after a weekday and returns
// the modifier (الجمعة والسبت الماضيين).
func (p *parser) pairMod(j int) (int, bool) {
	if p.is(j, cAnd) {
		j++
	}
	if !p.is(j, cWeekday) {
		return 0, false
	}
	if m, ok := p.ent(j+1, cMod); ok && m.val != 0 && m.val2 == 2 {
		return int(m.val), true
	}
	return 0, false
}

func (p *parser) isNum(i int) bool {
	_, _, ok := p.num(i)
	return ok
}

// core reads the calendar part of an expression.
func (p *parser) core(k int) (spec, int, bool) {
	if s, j, ok := p.relDay(k); ok {
		return s, j, true
	}
	edge := false
	k0 := k
	if p.is(k, cEdge) {
		edge = true
		k++
	} else if (p.is(k, cPart) || p.is(k, cPeriod)) && p.is(k+1, cOrd) && p.is(k+2, cFrom) {
		// النصف الثاني من شهر نوفمبر, الأسبوع الأول من مارس: the month.
		if e, _ := p.ent(k+1, cOrd); e.val2 == 0 {
			edge = true
			k += 3
		}
	}
	if s, j, ok := p.period(k); ok {
		return s, j, true
	}
	if !edge {
		if s, j, ok := p.dayForm(k); ok {
			return s, j, true
		}
		if s, j, ok := p.numeric(k); ok {
			return s, j, true
		}
	}
	if s, j, ok := p.monthForm(k, edge); ok {
		return s, j, true
	}
	if s, j, ok := p.yearForm(k, edge || p.afterYearAnd(k0) || p.is(k0-1, cPrep) || p.is(k0-1, cSince) || p.is(k0-1, cTo) || p.is(k0-1, cEdge) || p.is(k0-1, cFrom) && p.is(k0-2, cBetween)); ok {
		return s, j, true
	}
	return spec{}, 0, false
}

// afterYearAnd reports "YEAR و" before token k: "في 2014 و2015".
func (p *parser) afterYearAnd(k int) bool {
	if !p.is(k-1, cAnd) {
		return false
	}
	_, nd, ok := p.num(k - 2)
	if !ok || nd != 4 {
		_, nd, ok = p.num(k - 3) // 2014م و2015
		return ok && nd == 4 && p.is(k-2, cGregMark)
	}
	return true
}

// relDay reads اليوم, أمس, أول أمس, أمس الأول, غدا, بعد غد, with a weekday
// after them (أمس الثلاثاء, بعد غد الأحد).
func (p *parser) relDay(k int) (spec, int, bool) {
	off, j, ok := p.relDay1(k)
	if !ok {
		return spec{}, 0, false
	}
	if p.is(j, cWeekday) {
		j++
	}
	s := spec{kind: sRelDay, off: off}
	return s, p.timeSuffix(&s, j), true
}

func (p *parser) relDay1(k int) (off, j int, ok bool) {
	// أول أمس, أول من أمس.
	if e, ok := p.ent(k, cOrd); ok && e.val == 1 && e.val2 == 1 && p.toks[k].flags&fAl == 0 {
		k2 := k + 1
		if p.is(k2, cFrom) {
			k2++
		}
		if r, ok := p.ent(k2, cRelDay); ok && r.val == -1 {
			return -2, k2 + 1, true
		}
	}
	if p.is(k, cAfter) {
		if r, ok := p.ent(k+1, cRelDay); ok && r.val == 1 {
			return 2, k + 2, true
		}
	}
	r, ok := p.ent(k, cRelDay)
	if !ok {
		return 0, 0, false
	}
	off = int(r.val)
	j = k + 1
	switch off {
	case 0:
		// اليوم الأول, اليوم العالمي, اليوم التالي: not today; nor "خلال
		// اليوم", "ذلك اليوم", "نهاية اليوم" (a day), "روسيا اليوم" (a name).
		if p.word(j) && p.toks[j].flags&fAl != 0 && !p.is(j, cWeekday) {
			return 0, 0, false
		}
		if p.is(k-1, cTodayBlock) || p.is(k-1, cEdge) || p.is(k-1, cThis) {
			return 0, 0, false
		}
	case -1:
		if e, ok := p.ent(j, cOrd); ok && e.val == 1 && p.toks[j].flags&fAl != 0 {
			off = -2
			j++
		}
	case 1:
		// غدا also means "became"; without tanween it needs a context.
		t := &p.toks[k]
		if t.flags&fTanween == 0 && t.flags&fAl == 0 && !p.is(k-1, cYaum) && !p.is(k-1, cDayPart) && !p.is(k-1, cAfter) {
			if j < len(p.toks) && p.toks[j].kind == tkWord && p.toks[j].sent == t.sent && !p.is(j, cWeekday) {
				return 0, 0, false
			}
		}
		if t.flags&fAl != 0 && !p.is(k-1, cYaum) && !p.is(k-1, cDayPart) && !p.is(k-1, cAfter) {
			// الغد alone: "the morrow" is vague.
			return 0, 0, false
		}
	}
	return off, j, true
}

// period reads الأسبوع الماضي, الشهر الجاري, هذا العام, العام 2024.
func (p *parser) period(k int) (spec, int, bool) {
	if p.is(k, cThis) {
		if e, ok := p.ent(k+1, cPeriod); ok {
			if e.val == 3 {
				if s, j, ok := p.yearAfterWord(k + 2); ok {
					return s, j, true // هذا العام 1438هـ
				}
			}
			return spec{kind: sPeriod, unit: periodUnit(e.val)}, k + 2, true
		}
		return spec{}, 0, false
	}
	e, ok := p.ent(k, cPeriod)
	if !ok {
		return spec{}, 0, false
	}
	if e.val == 3 {
		if s, j, ok := p.yearAfterWord(k + 1); ok {
			return s, j, true
		}
	}
	if m, ok := p.ent(k+1, cMod); ok {
		return spec{kind: sPeriod, unit: periodUnit(e.val), off: int(m.val)}, k + 2, true
	}
	if p.is(k+1, cThis) {
		return spec{kind: sPeriod, unit: periodUnit(e.val)}, k + 2, true
	}
	if p.is(k-1, cEdge) && !p.isNum(k+1) {
		// مطلع العام, نهاية الشهر: the current one.
		return spec{kind: sPeriod, unit: periodUnit(e.val)}, k + 1, true
	}
	return spec{}, 0, false
}

func periodUnit(v int8) int {
	switch v {
	case 1:
		return uWeek
	case 2:
		return uMonth
	}
	return uYear
}

// dayOrdinal reads a day number: 17, الـ28, الثامن والعشرين, الحادي عشر,
// غرة, الفاتح.
func (p *parser) dayOrdinal(k int) (d, j int, ok bool) {
	if p.is(k, cAl) && p.glued(k+1) {
		if v, nd, ok := p.num(k + 1); ok && nd <= 2 && v >= 1 && v <= 31 {
			return v, k + 2, true
		}
		return 0, 0, false
	}
	if v, nd, ok := p.num(k); ok {
		if nd > 2 || v < 1 || v > 31 {
			return 0, 0, false
		}
		// Part of a longer number or a numeric date (3/11, 2.5, 10:30).
		if p.glued(k) && p.punct(k-1, '/', '.', ':', ',', '٫') || p.glued(k+1) && p.punct(k+1, '/', '.', ':', '%', '٪', '٫') && p.isNum(k+2) {
			return 0, 0, false
		}
		return v, k + 1, true
	}
	if p.is(k, cGhurra) {
		return 1, k + 1, true
	}
	if e, ok := p.ent(k, cTens); ok && p.toks[k].pre == 0 {
		return int(e.val), k + 1, true
	}
	e, ok := p.ent(k, cOrd)
	if !ok || e.val2 != 0 {
		return 0, 0, false
	}
	v := int(e.val)
	j = k + 1
	isHadi := p.toks[k].re-p.toks[k].rs >= 6 && e.val == 1 && p.isHadi(k)
	if p.is(j, cTeen) {
		v += 10
		j++
	} else if t, ok := p.ent(j, cTens); ok && p.toks[j].pre == 1 {
		v += int(t.val)
		j++
	} else if p.is(j, cAnd) && p.is(j+1, cTens) {
		t, _ := p.ent(j+1, cTens)
		v += int(t.val)
		j += 2
	} else if isHadi {
		return 0, 0, false
	}
	if v > 31 {
		return 0, 0, false
	}
	return v, j, true
}

// isHadi reports whether ordinal token k is الحادي (which needs عشر or
// والعشرين).
func (p *parser) isHadi(k int) bool {
	w := normWord(p.text[p.toks[k].bs:p.toks[k].be])
	return w == "الحادي"
}

// dayForm reads day + month (+ year) (+ time): "17 نوفمبر 2025", "الـ28 من
// أكتوبر", "الثامن والعشرين من شهر أكتوبر الماضي", "15 من الشهر الجاري".
func (p *parser) dayForm(k int) (spec, int, bool) {
	d, j, ok := p.dayOrdinal(k)
	if !ok {
		return spec{}, 0, false
	}
	ordinalWords := !p.isNum(k) && !p.is(k, cAl)
	if p.is(j, cFrom) {
		j++
	} else if ordinalWords && !p.is(k, cGhurra) {
		return spec{}, 0, false // "الثاني من" is needed: "الثاني" alone is not a date
	}
	if p.is(j, cShahr) {
		j++
	}
	s := spec{kind: sAbs, d: d}
	if m, hj, j2, ok := p.monthName(j); ok {
		s.m, s.hijri = m, hj
		j = j2
	} else if e, ok := p.ent(j, cPeriod); ok && e.val == 2 {
		// 15 من الشهر الجاري.
		mo, ok := p.ent(j+1, cMod)
		if !ok {
			return spec{}, 0, false
		}
		s.kind = sPeriod
		s.unit = uMonth
		s.off = int(mo.val)
		j += 2
		return s, p.timeSuffix(&s, j), true
	} else if p.is(j, cThis) && p.is(j+1, cPeriod) {
		if e, _ := p.ent(j+1, cPeriod); e.val != 2 {
			return spec{}, 0, false
		}
		s.kind, s.unit = sPeriod, uMonth
		j += 2
		return s, p.timeSuffix(&s, j), true
	} else {
		return spec{}, 0, false
	}
	if s.hijri && s.d > 30 || !s.hijri && s.d > 31 {
		return spec{}, 0, false
	}
	if y, yh, j2, ok := p.yearSpec(j, s.hijri); ok {
		s.y, s.yHijri = y, yh
		j = j2
	} else if off, j2, ok := p.relYear(j); ok && !s.hijri {
		s.yOff, s.hasYOff = off, true
		j = j2
	} else if m, ok := p.ent(j, cMod); ok {
		s.mod, s.hasMod = int(m.val), true
		j++
	} else if s.hijri && s.m == 2 {
		return spec{}, 0, false // صفر without a year is "zero"
	}
	if s.y != 0 && !s.hijri && s.yHijri {
		if s.y < 1800 {
			return spec{}, 0, false
		}
		s.yHijri = false // Gregorian month with a stray هـ
	}
	return s, p.timeSuffix(&s, j), true
}

// monthName reads a month name of any naming system, with the dual forms
// "أكتوبر/تشرين الأول", "أكتوبر (تشرين الأول)", "تشرين الأول (أكتوبر)".
func (p *parser) monthName(k int) (m int, hijri bool, j int, ok bool) {
	m, hijri, j, ok = p.monthName1(k)
	if !ok || hijri {
		return
	}
	// Dual form.
	k2 := j
	paren := false
	switch {
	case p.punct(k2, '/', '\\', '|') || p.dash(k2) || p.comma(k2):
		k2++
	case p.punct(k2, '('):
		paren = true
		k2++
	default:
		return
	}
	m2, h2, j2, ok2 := p.monthName1(k2)
	if !ok2 || h2 || m2 != m {
		return m, hijri, j, true
	}
	if paren {
		if !p.punct(j2, ')') {
			return m, hijri, j, true
		}
		j2++
	}
	return m, hijri, j2, true
}

func (p *parser) monthName1(k int) (m int, hijri bool, j int, ok bool) {
	if k < 0 || k >= len(p.toks) || p.toks[k].kind != tkWord {
		return 0, false, 0, false
	}
	if e, ok := p.ent(k, cMonthG); ok {
		return int(e.val), false, k + 1, true
	}
	if e, ok := p.ent(k, cMonthH); ok {
		return int(e.val), true, k + 1, true
	}
	// Two-word names: كانون الثاني, تشرين 1, ربيع الأول, جمادى الآخرة, ذو القعدة.
	which := func(i int) int {
		if e, ok := p.ent(i, cOrd); ok && (e.val == 1 || e.val == 2) && p.toks[i].pre == 0 {
			return int(e.val)
		}
		if v, nd, ok := p.num(i); ok && nd == 1 && (v == 1 || v == 2) {
			return v
		}
		return 0
	}
	switch {
	case p.is(k, cKanun):
		switch which(k + 1) {
		case 1:
			return 12, false, k + 2, true
		case 2:
			return 1, false, k + 2, true
		}
	case p.is(k, cTishrin):
		switch which(k + 1) {
		case 1:
			return 10, false, k + 2, true
		case 2:
			return 11, false, k + 2, true
		}
	case p.is(k, cRabi), p.is(k, cJumada):
		base := 3
		if p.is(k, cJumada) {
			base = 5
		}
		w := which(k + 1)
		if p.toks[k].re-p.toks[k].rs == 1 && !(p.glued(k+1) && p.isNum(k+1)) {
			return 0, false, 0, false // ج1, ر2 only glued
		}
		if w != 0 {
			return base + w - 1, true, k + 2, true
		}
	case p.is(k, cDhu):
		if e, ok := p.ent(k+1, cDhuPart); ok {
			return int(e.val), true, k + 2, true
		}
	}
	return 0, false, 0, false
}

// relYear reads "من العام الماضي", "من هذا العام", "من السنة المقبلة"
// after a day and month, and returns the year offset.
func (p *parser) relYear(k int) (off, j int, ok bool) {
	if p.is(k, cFrom) {
		k++
	}
	if p.is(k, cThis) {
		if e, ok := p.ent(k+1, cPeriod); ok && e.val == 3 {
			return 0, k + 2, true
		}
		return 0, 0, false
	}
	if e, ok := p.ent(k, cPeriod); ok && e.val == 3 {
		if m, ok := p.ent(k+1, cMod); ok {
			return int(m.val), k + 2, true
		}
	}
	return 0, 0, false
}

// yearSpec reads the year after a day and month: "2025", "، 2025", "من
// عام 2025", "سنة 1447 هـ", "2025م".
func (p *parser) yearSpec(k int, hijriMonth bool) (y int, yHijri bool, j int, ok bool) {
	j = k
	if p.comma(j) {
		j++
	}
	if p.is(j, cFrom) {
		j++
	}
	if p.is(j, cYearWord) || p.is(j, cPeriod) && !p.is(j, cMod) {
		if e, ok := p.ent(j, cPeriod); !ok || e.val == 3 {
			j++
		}
	}
	v, nd, ok := p.num(j)
	if !ok {
		return 0, false, 0, false
	}
	j++
	hasMark := false
	yHijri = hijriMonth
	if p.is(j, cHijriMark) {
		yHijri, hasMark = true, true
		j++
	} else if p.is(j, cGregMark) {
		yHijri, hasMark = false, true
		j++
	}
	if hijriMonth && !hasMark && v >= 1800 && v <= 2200 {
		yHijri = false // "رمضان سنة 1996": a Gregorian year
	}
	switch {
	case nd == 4:
	case nd == 3 && hasMark:
	default:
		return 0, false, 0, false
	}
	if yHijri && (v < 1 || v > MaxHijriYear) || !yHijri && (v < 1000 || v > 2200) {
		return 0, false, 0, false
	}
	// A year glued to a further number (2025.5, 2025/11) is not a year.
	if p.glued(j) && p.punct(j, '.', '/', ':', '%', '٪') && p.isNum(j+1) {
		return 0, false, 0, false
	}
	return v, yHijri, j, true
}

// yearAfterWord reads the number after عام/سنة/العام: "2024", "1447 هـ".
func (p *parser) yearAfterWord(j int) (spec, int, bool) {
	v, nd, ok := p.num(j)
	if !ok {
		return spec{}, 0, false
	}
	j++
	s := spec{kind: sAbs, y: v}
	if p.is(j, cHijriMark) {
		s.yHijri = true
		j++
	} else if p.is(j, cGregMark) {
		j++
	}
	if nd != 4 && !(nd == 3 && s.yHijri) {
		return spec{}, 0, false
	}
	if s.yHijri && v > MaxHijriYear || !s.yHijri && (v < 1000 || v > 2200) {
		return spec{}, 0, false
	}
	if p.glued(j) && p.punct(j, '.', '/', ':', '%', '٪', '-') && p.isNum(j+1) {
		return spec{}, 0, false
	}
	return s, j, true
}

// monthForm reads a month with a year or a modifier: "نوفمبر 2025", "شهر
// رمضان 1446هـ", "أكتوبر/تشرين الأول الماضي", "نهاية يوليو الماضي", "في
// مارس".
func (p *parser) monthForm(k int, edge bool) (spec, int, bool) {
	k0 := k
	shahr := false
	if p.is(k, cShahr) {
		shahr = true
		k++
	}
	m, hj, j, ok := p.monthName(k)
	if !ok {
		return spec{}, 0, false
	}
	s := spec{kind: sAbs, m: m, hijri: hj}
	if d, nd, ok := p.num(j); ok && nd <= 2 && d >= 1 && d <= 31 && !hj {
		// Month-day-year: "Nov 17, 2025", "نوفمبر 17، 2025".
		if y, yh, j2, ok := p.yearSpec(j+1, false); ok && !yh && d <= daysIn(y, m) {
			s.y, s.d = y, d
			return s, p.timeSuffix(&s, j2), true
		}
	}
	if y, yh, j2, ok := p.yearSpec(j, hj); ok {
		if !hj && yh && y < 1800 {
			return spec{}, 0, false
		}
		s.y, s.yHijri = y, yh && hj // a Gregorian month's year is Gregorian
		return s, p.timeSuffix(&s, j2), true
	}
	if mo, ok := p.ent(j, cMod); ok {
		s.mod, s.hasMod = int(mo.val), true
		return s, j + 1, true
	}
	if off, j2, ok := p.relYear(j); ok && !hj {
		s.yOff, s.hasYOff = off, true
		return s, j2, true
	}
	if hj && m == 2 {
		return spec{}, 0, false
	}
	if shahr || edge || p.is(k0-1, cPrep) || p.is(k0-1, cSince) || p.is(k0-1, cTo) || p.is(k0-1, cFrom) && p.is(k0-2, cSince) {
		return s, j, true
	}
	return spec{}, 0, false
}

// yearForm reads "عام 2024", "سنة 1447 هـ", "2025م", "1447هـ", and after a
// preposition "في 2011".
func (p *parser) yearForm(k int, afterPrep bool) (spec, int, bool) {
	if p.is(k, cYearWord) {
		return p.yearAfterWord(k + 1)
	}
	v, nd, ok := p.num(k)
	if !ok || nd < 3 || nd > 4 {
		return spec{}, 0, false
	}
	if p.glued(k) && p.punct(k-1, '/', '.', ':', '-', '+', '٫') {
		return spec{}, 0, false
	}
	if p.glued(k+1) && p.punct(k+1, '.', '/', ':', '%', '٪', '-', '٫') && p.isNum(k+2) {
		return spec{}, 0, false
	}
	j := k + 1
	named := p.is(k-1, cNameBlock)
	switch {
	case p.is(j, cHijriMark):
		if v < 1 || v > MaxHijriYear {
			return spec{}, 0, false
		}
		return spec{kind: sAbs, y: v, yHijri: true}, j + 1, true
	case p.is(j, cGregMark) && nd == 4 && !named:
		lo := 1900
		if p.glued(j) {
			lo = 1800
		}
		if v < lo || v > 2100 {
			return spec{}, 0, false
		}
		return spec{kind: sAbs, y: v}, j + 1, true
	case afterPrep && nd == 4 && !named && v >= 1900 && v <= 2100:
		// "في 2011": only when no counted noun follows ("في 2000 منزل").
		if j < len(p.toks) && p.toks[j].kind == tkWord && p.toks[j].sent == p.toks[k].sent {
			f := p.toks[j].flags
			if f&(fAl|fWaw) == 0 && p.toks[j].ent == 0 {
				return spec{}, 0, false
			}
			if p.is(j, cUnit) {
				return spec{}, 0, false
			}
		}
		return spec{kind: sAbs, y: v}, j, true
	}
	return spec{}, 0, false
}

// numeric reads 17/11/2025, 17-11-2025, 17.11.2025, 2025-11-17, 2025/11/17
// and Hijri 14-09-1432 هـ.
//
// Day/month order: a four-digit first part is year-month-day. Otherwise the
// Arabic default is day-month-year; only when the second part cannot be a
// month (13..31) and the first can, the date is read month-day-year (US
// order, found on pages built from English templates). Two-digit years are
// not read. A year from 1300 to 1500 (or a following هـ) makes the date
// Hijri.
func (p *parser) numeric(k int) (spec, int, bool) {
	a, na, ok1 := p.num(k)
	if !ok1 || !p.glued(k+1) || !p.punct(k+1, '/', '-', '.') {
		return spec{}, 0, false
	}
	sep := p.toks[k+1].punct
	b, nb, ok2 := p.num(k + 2)
	if !ok2 || !p.glued(k+2) || !p.glued(k+3) || !p.punct(k+3, sep) {
		return spec{}, 0, false
	}
	c, nc, ok3 := p.num(k + 4)
	if !ok3 || !p.glued(k+4) || nb > 2 {
		return spec{}, 0, false
	}
	// Not part of a longer chain (192.168.1.1, 1-2-3-4) or a number before.
	if p.glued(k) && (p.punct(k-1, '/', '-', '.', ':', '+') || p.isNum(k-1)) {
		return spec{}, 0, false
	}
	if p.glued(k+5) && (p.punct(k+5, '/', '-', '.', ':', '%') && p.isNum(k+6) || p.isNum(k+5)) {
		return spec{}, 0, false
	}
	var y, m, d int
	switch {
	case na == 4 && nc <= 2:
		y, m, d = a, b, c
	case nc == 4 && na <= 2:
		d, m, y = a, b, c
		if m > 12 && d <= 12 {
			d, m = m, d
		}
	default:
		return spec{}, 0, false
	}
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return spec{}, 0, false
	}
	j := k + 5
	s := spec{kind: sAbs, y: y, m: m, d: d}
	if p.is(j, cHijriMark) {
		s.hijri, s.yHijri = true, true
		j++
	} else if y >= 1300 && y <= 1500 {
		s.hijri, s.yHijri = true, true
	} else if p.is(j, cGregMark) && !(p.isNum(j+1) && p.punct(j+1, ':')) {
		j++
	}
	if !s.hijri && (y < 1800 || y > 2200) {
		return spec{}, 0, false
	}
	if s.hijri && d > 30 {
		return spec{}, 0, false
	}
	if !s.hijri && d > daysIn(y, m) {
		return spec{}, 0, false
	}
	if j2, ok := p.isoTime(&s, j); ok {
		return s, j2, true
	}
	return s, p.timeSuffix(&s, j), true
}

// isoTime reads the time of an ISO 8601 timestamp after its date:
// "T10:30:00+03:00", "T10:30Z", "T10:30:00.000".
func (p *parser) isoTime(s *spec, j int) (int, bool) {
	if !p.glued(j) || !p.word(j) || p.text[p.toks[j].bs:p.toks[j].be] != "T" && p.text[p.toks[j].bs:p.toks[j].be] != "t" {
		return 0, false
	}
	h, nh, ok := p.num(j + 1)
	if !ok || nh != 2 || h > 23 || !p.glued(j+1) || !p.glued(j+2) || !p.punct(j+2, ':') {
		return 0, false
	}
	mi, nm, ok := p.num(j + 3)
	if !ok || nm != 2 || mi > 59 || !p.glued(j+3) {
		return 0, false
	}
	k := j + 4
	if p.glued(k) && p.punct(k, ':') && p.glued(k+1) {
		if _, ns, ok := p.num(k + 1); ok && ns == 2 {
			k += 2
			if p.glued(k) && p.punct(k, '.') && p.glued(k+1) && p.isNum(k+1) {
				k += 2
			}
		}
	}
	var loc *time.Location
	switch {
	case p.glued(k) && p.word(k) && (p.text[p.toks[k].bs:p.toks[k].be] == "Z" || p.text[p.toks[k].bs:p.toks[k].be] == "z"):
		loc = time.UTC
		k++
	case p.glued(k) && p.punct(k, '+', '-') && p.glued(k+1):
		zh, nzh, ok1 := p.num(k + 1)
		if ok1 && nzh == 2 && zh <= 14 && p.glued(k+2) && p.punct(k+2, ':') && p.glued(k+3) {
			if zm, nzm, ok2 := p.num(k + 3); ok2 && nzm == 2 && zm < 60 {
				off := zh*3600 + zm*60
				if p.toks[k].punct == '-' {
					off = -off
				}
				loc = time.FixedZone("", off)
				k += 4
			}
		}
	}
	s.hasTime, s.hh, s.mi, s.loc = true, h, mi, loc
	return k, true
}

// timeSuffix reads a time after a date and stores it in s.
func (p *parser) timeSuffix(s *spec, j int) int {
	k := j
	if p.comma(k) || p.dash(k) || p.punct(k, '|') {
		k++
	}
	if p.is(k, cPrep) || p.is(k, cNoDate) || p.is(k, cAt) {
		k++
		if p.is(k, cAt) {
			k++
		}
	}
	hh, mi, loc, j2, ok := p.timeAt(k)
	if !ok {
		return j
	}
	s.hasTime, s.hh, s.mi, s.loc = true, hh, mi, loc
	return j2
}

// timeAt reads "الساعة 10:30 صباحاً بتوقيت دمشق", "10:30", "05:16 مساءً".
func (p *parser) timeAt(k int) (hh, mi int, loc *time.Location, j int, ok bool) {
	word := false
	if p.is(k, cHourWord) {
		word = true
		k++
	}
	h, nh, ok := p.num(k)
	if !ok || nh > 2 || h > 24 {
		return 0, 0, nil, 0, false
	}
	j = k + 1
	hasMin := false
	if p.glued(j) && p.punct(j, ':') && p.glued(j+1) {
		if m, nm, ok := p.num(j + 1); ok && nm == 2 && m < 60 {
			mi, hasMin = m, true
			j += 2
			// Seconds.
			if p.glued(j) && p.punct(j, ':') && p.glued(j+1) {
				if _, ns, ok := p.num(j + 1); ok && ns == 2 {
					j += 2
				}
			}
		} else {
			return 0, 0, nil, 0, false
		}
	}
	ampm := 0
	if e, ok := p.ent(j, cAmPm); ok {
		ampm = int(e.val)
		j++
	} else if p.is(j, cFrom) && p.is(j+1, cDayPart) {
		// "الساعة العاشرة من صباح": only the am/pm word matters.
		if e, ok := p.ent(j+1, cAmPm); ok {
			ampm = int(e.val)
			j += 2
		}
	}
	if !hasMin && (ampm == 0 || !word) {
		return 0, 0, nil, 0, false
	}
	if !word && !hasMin {
		return 0, 0, nil, 0, false
	}
	switch ampm {
	case 1:
		if h == 12 {
			h = 0
		}
	case 2:
		if h < 12 {
			h += 12
		}
	case 3:
		if h < 6 {
			h += 12
		}
	}
	if h == 24 {
		h = 0
	}
	// Time zone.
	if p.is(j, cTZWord) {
		if c, ok := p.ent(j+1, cCity); ok {
			loc = p.zone(tzCities[c.val].zone)
			j += 2
			if p.is(j, cCity) { // مكة المكرمة, أبو ظبي
				j++
			}
		} else if p.word(j + 1) {
			j += 2 // بالتوقيت المحلي
		}
	} else if p.punct(j, '(') && p.is(j+1, cCity) && p.punct(j+2, ')') {
		if c, _ := p.ent(j+1, cCity); c.val == 0 {
			loc = time.UTC
			j += 3
		}
	} else if p.is(j, cCity) {
		if c, _ := p.ent(j, cCity); c.val == 0 {
			loc = time.UTC
			j++
		}
	}
	return h, mi, loc, j, true
}

// zone loads a time zone once per text; nil when the system has no zone
// data for it (marsad embeds time/tzdata in its binary).
func (p *parser) zone(name string) *time.Location {
	if l, ok := p.zones[name]; ok {
		return l
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		l = nil
	}
	if p.zones == nil {
		p.zones = map[string]*time.Location{}
	}
	p.zones[name] = l
	return l
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
