// Package dates finds Arabic date expressions in text and resolves them to
// the calendar: absolute dates in every month-naming system (Egyptian/Gulf
// يناير, Levantine/Iraqi كانون الثاني, Tunisian/Algerian جانفي, Moroccan
// يوليوز, and the dual forms "28 أكتوبر/تشرين الأول"), numeric dates, times,
// Hijri dates (Umm al-Qura), and dates relative to a reference (the
// article's publication time): اليوم, أمس, يوم الأحد, الأسبوع الماضي, منذ
// ساعتين, منذ 2011.
//
// # Values
//
// Value is ISO 8601 at the precision the text fixes: YYYY-MM-DD (day),
// YYYY-MM (month), YYYY (year), the first day of a week (week), or an RFC
// 3339 timestamp (time) when a time of day is given. Ranges ("من 21 يناير
// وحتى 3 فبراير", "بين عامي 2011 و2015") carry their end in Until.
// Since-ranges ("منذ 2011", "منذ مارس الماضي") start at the date and end at
// the reference day (Until is empty when there is no reference). A Hijri
// month or year ("رمضان 1446هـ", "1447هـ") is a range of Gregorian days: its
// first day in Value and its last in Until, granularity day.
//
// Weeks begin on Saturday by default (DefaultWeekStart), the first day of
// the week in CLDR's week data for Egypt, Syria, Iraq, Jordan, Algeria,
// Libya, Sudan and most Gulf states (Saudi Arabia starts on Sunday, the
// Maghreb and Lebanon on Monday); set Finder.WeekStart for another
// convention. "الأسبوع الماضي" is the week before the reference's week.
//
// A time of day attaches to the date around it ("17 نوفمبر 2025 الساعة
// 10:30 صباحاً", "الساعة 12:50 صباحا من يوم الأربعاء 14 جوان 2017"); a time
// alone ("الساعة 10:30") is on the day named just before it in the same
// sentence, or on the reference day. It is in the zone it names ("بتوقيت
// دمشق", "بتوقيت غرينتش"; this needs the system's zone data or the
// time/tzdata package, which the marsad command embeds) or else in the
// reference's zone.
//
// # Relative dates and the future
//
// A weekday, or a day or month written without a year, resolves to the
// most recent one on or before the reference ("الأحد" in an article of
// Monday 17 November 2025 is 2025-11-16), except that a day (with its
// month, without a year) at most NearFutureDays after the reference is
// the coming one ("20 نوفمبر" is 2025-11-20: news announces programmes far
// more often than it recalls a day of last year without its year), and so
// is a Hijri day or a Hijri month beginning in that window ("غرة رمضان"
// a week before Ramadan); with الماضي/الفائت/المنصرم it is
// strictly before the reference, with المقبل/القادم strictly after it,
// and with الجاري/الحالي in the reference month or year. When the sentence
// points to the future, the next one on or after the reference is meant
// ("ستعقد القمة في 28 نوفمبر" is 2025-11-28). A sentence points to the
// future when a future cue comes before the expression in the same
// sentence (at most 12 tokens before) or right after it: a verb with the
// future prefix سـ (ستعقد, سيزور), سوف, من المقرر, المزمع, المرتقب,
// يعتزم, من المتوقع. Explicit modifiers win over the sentence. "منذ/قبل +
// duration" counts back from the reference ("منذ ساعتين"); "بعد +
// duration" counts forward only in a sentence pointing to the future
// (elsewhere "بعد أسبوع" counts from the story's events and is not a
// date).
//
// # Numeric dates
//
// 17/11/2025, 17-11-2025 and 17.11.2025 are day-month-year (the Arabic
// order); 2025-11-17 and 2025/11/17 are year-month-day. A day-first reading
// that is impossible (second part above 12) and a month-first reading that
// is possible is read month-day-year. Two-digit years and month/year pairs
// ("3/2025" is usually a law number) are not read. A year from 1300 to
// 1500, or a following هـ, makes a numeric date Hijri.
//
// # Two calendars
//
// When a page prints both calendars for one day ("الاثنين 26 جمادى الأولى
// 1447هـ الموافق 17 نوفمبر 2025م", "17/11/2025 - 26/5/1447هـ"), one
// expression is returned and the Gregorian date wins. With الموافق the two
// are always read as one day; with only punctuation between them they are
// one when the Hijri date (Umm al-Qura) is the same day or one day off,
// since printed Hijri dates follow the local moon sighting and are often a
// day off the table; otherwise they are two expressions. Hijri conversion
// and its supported range: see MinUmmAlQuraYear.
//
// # Not dates
//
// Numbers become dates only with a month name, a date shape or a year
// marker: "عام 2024", "2025م", "1447هـ", "في 2011". A year that belongs to a
// name ("رؤية 2030", "كأس العرب 2025", "مونديال 2030") is not a date: it
// names a plan or an event, not a time. Durations relative to another
// event ("قبل 3 أيام من الانتخابات") are not dates.
//
// # Limits
//
// Find runs in time linear in the text and allocates memory proportional
// to the number of tokens (about 40 bytes a word). Only the first
// MaxTextBytes of a text are read. Offsets are code point offsets into
// the text, end exclusive.
package dates

import (
	"time"
	"unicode/utf8"

	"github.com/marsad-news/marsad"
)

// MaxTextBytes is the length of text Find reads; the rest is ignored.
const MaxTextBytes = 1 << 30

// DefaultWeekStart is the first day of the week used by Find and Parse.
const DefaultWeekStart = time.Saturday

// Finder finds date expressions. The zero Finder has no reference (only
// absolute dates are found) and starts weeks on Sunday; NewFinder sets
// the defaults. A Finder is safe for concurrent use.
type Finder struct {
	// Ref is the reference time (the article's publication time). Zero
	// means absolute dates only.
	Ref time.Time
	// WeekStart is the first day of a week.
	WeekStart time.Weekday
	// Location is the time zone of times written without a zone when Ref
	// is zero; nil means UTC. With a Ref, Ref's location is used.
	Location *time.Location
	lx       *lexicon
}

// NewFinder returns a Finder resolving against ref, with weeks starting on
// DefaultWeekStart.
func NewFinder(ref time.Time) *Finder {
	return &Finder{Ref: ref, WeekStart: DefaultWeekStart, lx: sharedLexicon}
}

// sharedLexicon is built once and never modified.
var sharedLexicon = buildLexicon()

// Find returns every date expression in text, in order of appearance,
// resolved against ref (the article's publication time; zero ref means
// absolute dates only, relative ones are skipped). Offsets are code point
// offsets into text, end exclusive.
func Find(text string, ref time.Time) []marsad.DateRef {
	return NewFinder(ref).Find(text)
}

// Parse reads one whole date expression such as "١٧ نوفمبر ٢٠٢٥" or
// "الجمعة 8 فيفري 2019" (a byline or date line) and returns its value, or
// ok=false. Labels and prepositions around it ("بتاريخ", "في", "نشر في")
// and punctuation are allowed; any other word makes it fail.
func Parse(s string, ref time.Time) (marsad.DateRef, bool) {
	return NewFinder(ref).Parse(s)
}

// Find returns the date expressions in text; see the package function
// Find.
func (f *Finder) Find(text string) []marsad.DateRef {
	refs, _ := f.find(text, false)
	return refs
}

// Parse reads one whole date expression; see the package function Parse.
func (f *Finder) Parse(s string) (marsad.DateRef, bool) {
	refs, ok := f.find(s, true)
	if !ok || len(refs) != 1 {
		return marsad.DateRef{}, false
	}
	return refs[0], true
}

func (f *Finder) newParser(text string) *parser {
	if len(text) > MaxTextBytes {
		text = text[:MaxTextBytes]
		for len(text) > 0 && !utf8.RuneStart(text[len(text)-1]) {
			text = text[:len(text)-1]
		}
		if len(text) > 0 {
			text = text[:len(text)-1] // drop a possibly cut rune
		}
	}
	lx := f.lx
	if lx == nil {
		lx = sharedLexicon
	}
	tz := tokenizer{lx: lx}
	p := &parser{f: f, lx: lx, text: text, toks: tz.tokenize(text)}
	if !f.Ref.IsZero() {
		p.hasRef = true
		p.ref = f.Ref
		p.refDay = civil(f.Ref)
		p.loc = f.Ref.Location()
	} else {
		p.loc = f.Location
		if p.loc == nil {
			p.loc = time.UTC
		}
	}
	p.lastFut = make([]int32, len(p.toks))
	last := int32(-1)
	for i := range p.toks {
		if i > 0 && p.toks[i].sent != p.toks[i-1].sent {
			last = -1
		}
		if p.toks[i].flags&fFuture != 0 {
			last = int32(i)
		}
		p.lastFut[i] = last
	}
	return p
}

// find runs the parser over text. With whole set, it reports whether the
// expressions cover every token except labels and punctuation.
func (f *Finder) find(text string, whole bool) ([]marsad.DateRef, bool) {
	p := f.newParser(text)
	var out []marsad.DateRef
	covered := true
	lastDay, lastJ := time.Time{}, -1 // the last day-precision date and its end token
	for i := 0; i < len(p.toks); {
		if t := &p.toks[i]; t.kind == tkPunct || t.kind == tkWord && t.ent == 0 {
			// Only numbers and known words start an expression.
			if whole && t.kind == tkWord {
				covered = false
			}
			i++
			continue
		}
		m, ok := p.at(i)
		if ok && m.s.kind == sTime && lastJ >= 0 && p.toks[lastJ-1].sent == p.toks[i].sent && i-lastJ <= 8 {
			// "يوم غد السبت انطلاقا من الساعة 11:00": the time is on the
			// day just named.
			m.s.kind, m.s.y, m.s.m, m.s.d = sAbs, lastDay.Year(), int(lastDay.Month()), lastDay.Day()
		}
		if ok {
			if r, ok := p.output(m); ok {
				out = append(out, r)
				i = m.j
				lastJ = -1
				if r.Granularity == marsad.GranularityDay && r.Until == "" {
					if t, err := time.Parse("2006-01-02", r.Value); err == nil {
						lastDay, lastJ = t, m.j
					}
				}
				continue
			}
		}
		if whole && p.toks[i].kind == tkWord && !p.is(i, cLabel) && !p.is(i, cPrep) && !p.is(i, cFrom) {
			covered = false
		}
		i++
	}
	return out, covered
}

// output resolves a match into a DateRef.
func (p *parser) output(m match) (marsad.DateRef, bool) {
	fut := p.isFuture(m.i, m.j)
	// A list of dates after one future cue: "ستقام من 13 إلى 15 مارس ومن 6
	// إلى 8 أفريل ومن 17 إلى 19 جويلية".
	if !fut && p.futEnd > 0 && m.i-p.futEnd <= 3 && p.toks[m.i].sent == p.toks[p.futEnd-1].sent {
		fut = true
	}
	p.futEnd = 0
	if fut {
		p.futEnd = m.j
	}
	v, until, ok := p.resolve(m.s, fut)
	if !ok || !v.valid() || until != nil && !until.valid() {
		return marsad.DateRef{}, false
	}
	r := marsad.DateRef{Value: v.String(), Granularity: v.gran}
	if until != nil {
		r.Until = until.String()
	}
	if m.until != nil {
		u, u2, ok := p.resolve(*m.until, fut)
		if !ok || !u.valid() || u2 != nil && !u2.valid() {
			return marsad.DateRef{}, false
		}
		if u2 != nil {
			u = *u2
		}
		r.Until = u.String()
		if r.Until < r.Value[:min(len(r.Value), len(r.Until))] {
			return marsad.DateRef{}, false
		}
	}
	if m.since && p.hasRef {
		r.Until = p.refDay.Format("2006-01-02")
	}
	p.span(&r, m.i, m.j)
	return r, true
}

// span sets the text and code point offsets of tokens [i, j), leaving out
// a clitic prefix of the first token (وأمس -> أمس).
func (p *parser) span(r *marsad.DateRef, i, j int) {
	first, last := &p.toks[i], &p.toks[j-1]
	bs, rs, fbe := int(first.bs), int(first.rs), int(first.be)
	for n := int(first.pre); n > 0 && bs < fbe; {
		rr, size := decodeRune(p.text[bs:])
		bs += size
		rs++
		if !isIgnorable(rr) {
			n--
		}
	}
	for bs < fbe {
		rr, size := decodeRune(p.text[bs:])
		if !isIgnorable(rr) {
			break
		}
		bs += size
		rs++
	}
	r.Text = p.text[bs:last.be]
	r.Start, r.End = rs, int(last.re)
}
