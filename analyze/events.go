package analyze

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/arabic"
	"github.com/marsad-news/marsad/dates"
)

// rawEvent is an event before merging, with entity ids.
type rawEvent struct {
	typ   string
	parts []int
	place int // entity id or -1
	date  string
	sent  int
}

// personAfter returns the first person mention starting in [from, to)
// of the sentence, and where it ends.
func (d *doc) personAfter(from, to int) (int, int) {
	for k := from; k < to && k < len(d.toks); k++ {
		mi := d.roleOwner[k]
		if mi < 0 {
			mi = d.owner[k]
		}
		if mi >= 0 {
			m := d.mentions[mi]
			if m.typ == marsad.EntityPerson && m.ent >= 0 {
				return m.ent, m.e
			}
		}
	}
	return -1, from
}

// subjectNear returns the person named as the subject right after a
// verb: the first person mention from `from`, past courtesy words
// ("حضرة صاحب السمو"), and where it ends.
func (d *doc) subjectNear(from, to int) (int, int) {
	k := from
	for k < to && k < from+5 && d.word(k) && d.lx.courtesy[d.norm[k]] && d.roleOwner[k] < 0 && d.owner[k] < 0 {
		k++
	}
	return d.personAfter(k, min(k+1, to))
}

// during introduce a meeting as the circumstance of a statement: "لدى
// لقائه", "خلال استقباله".
var during = map[string]bool{"لدي": true, "خلال": true, "اثناء": true, "عند": true, "في": true}

// placeWindow bounds, in tokens, how far from an event word its place
// is looked for.
const placeWindow = 40

// maxEvents bounds the events found in one text.
const maxEvents = 100

// previousPerson returns the person most recently named before token i,
// other than not.
func (d *doc) previousPerson(i, not int) int {
	k := sort.Search(len(d.byPos), func(k int) bool { return d.mentions[d.byPos[k]].s >= i })
	for n := 0; k > 0 && n < lookBack; n++ {
		k--
		m := d.mentions[d.byPos[k]]
		if m.typ == marsad.EntityPerson && m.ent >= 0 && m.ent != not {
			return m.ent
		}
	}
	return -1
}

// subjectBefore returns the person named before a verb in "وكان X قد
// التقى": the mention ending right before قد.
//
// It also returns the antecedent of a relative pronoun before the verb:
// "ميتسوتاكيس، الذي وصل إلى القاهرة".
func (d *doc) subjectBefore(i int) int {
	if i < 2 || d.norm[i-1] != "قد" && !relativePronouns[d.norm[i-1]] {
		return -1
	}
	k := i - 2
	if relativePronouns[d.norm[i-1]] && d.comma(k) {
		k--
	}
	mi := d.owner[max(k, 0)]
	if k < 0 || mi < 0 || d.mentions[mi].e != k+1 || d.mentions[mi].typ != marsad.EntityPerson {
		return -1
	}
	return d.mentions[mi].ent
}

// topicNouns before "في PLACE" make the place a topic, not where the
// event happens: "الوضع في أوكرانيا".
var topicNouns = map[string]bool{
	"الوضع": true, "الاوضاع": true, "التطورات": true, "الازمه": true, "الحرب": true, "السلام": true,
	"الاستقرار": true, "الامن": true, "المستجدات": true, "الصراع": true, "النزاع": true, "الاستثمار": true,
}

// placeIn returns the location named after في/إلى (or with the ب clitic)
// in the sentence of token i: after i first, then before it.
func (d *doc) placeIn(i int, preps ...string) int {
	sent := d.sent[i]
	sr := d.sents[sent]
	check := func(k int) int {
		mi := d.owner[k]
		if mi < 0 || d.mentions[mi].s != k || d.mentions[mi].typ != marsad.EntityLocation {
			return -1
		}
		m := d.mentions[mi]
		// Preposition word before, or the ب clitic on the word itself.
		if k > 1 && topicNouns[d.base(d.norm[k-2])] {
			return -1
		}
		if k > 0 && slices.Contains(preps, d.norm[k-1]) {
			return m.ent
		}
		if m.cs > d.toks[k].Start && strings.HasPrefix(d.norm[k], "ب") {
			return m.ent
		}
		return -1
	}
	for k := i + 1; k < sr[1] && k < i+placeWindow; k++ {
		if id := check(k); id >= 0 {
			return id
		}
	}
	for k := i - 1; k >= sr[0] && k > i-placeWindow; k-- {
		if id := check(k); id >= 0 {
			return id
		}
	}
	return -1
}

// dateIn returns the day-precision date found in the sentence of token
// i, the nearest to it when there are several ("استقبل اليوم الأحد X،
// الذي وصل أمس السبت"), or "".
func (d *doc) dateIn(i int, refs []marsad.DateRef) string {
	sr := d.sents[d.sent[i]]
	lo, hi := d.toks[sr[0]].Start, d.toks[max(sr[1]-1, sr[0])].End
	at := d.toks[i].Start
	best, bestDist := "", -1
	for _, r := range refs {
		if r.Start >= lo && r.End <= hi && r.Granularity == marsad.GranularityDay {
			dist := r.Start - at
			if dist < 0 {
				dist = at - r.End
			}
			if bestDist < 0 || dist < bestDist {
				best, bestDist = r.Value, dist
			}
		}
	}
	return best
}

// events finds meetings and visits.
func (d *doc) events(ref time.Time) []marsad.Event {
	var refs []marsad.DateRef
	if len(d.text) > 0 {
		refs = dates.Find(d.text, ref)
	}
	var raw []rawEvent
	lx := d.lx
	for i := 0; i < len(d.toks) && len(raw) < maxEvents; i++ {
		if !d.word(i) || d.owner[i] >= 0 {
			continue
		}
		w := d.base(d.norm[i])
		sr := d.sents[d.sent[i]]
		switch {
		case lx.meeting[w]:
			subj, after := d.subjectNear(i+1, sr[1])
			if subj < 0 {
				subj, after = d.subjectBefore(i), i+1
			}
			if subj < 0 {
				continue
			}
			if w == "عقد" || w == "عقدت" || w == "اجري" || w == "اجرت" {
				// "أجرى X مباحثات مع Y": only with a meeting noun.
				if !(lx.meetingNoun[d.norm[after]] || lx.meetingNoun[strings.TrimPrefix(d.norm[after], "ال")] ||
					strings.HasPrefix(d.norm[after], "اجتماع") || strings.HasPrefix(d.norm[after], "لقاء")) {
					continue
				}
				w = "بحث"
			}
			var other int
			switch w {
			case "بحث", "بحثت", "ناقش", "ناقشت", "اجتمع", "اجتمعت", "يبحث", "تبحث":
				// "بحث X ... مع Y": the first person after مع.
				other = -1
				for k := after; k < sr[1] && k < after+20; k++ {
					if d.norm[k] == "مع" {
						other, _ = d.personAfter(k+1, min(k+12, sr[1]))
						break
					}
				}
				if other < 0 && (w == "اجتمع" || w == "اجتمعت") {
					// "اجتمع X بمحافظ البصرة Y".
					other, _ = d.personAfter(after, min(after+15, sr[1]))
				}
			default:
				other, _ = d.personAfter(after, min(after+15, sr[1]))
				if other < 0 && honorificPronouns[d.norm[after]] {
					// "واستقبل X معاليه": the person reported on before.
					other = d.previousPerson(sr[0], subj)
				}
			}
			if other < 0 || other == subj {
				continue
			}
			raw = append(raw, rawEvent{typ: marsad.EventMeeting, parts: []int{subj, other},
				place: d.placeIn(i, "في"), date: d.dateIn(i, refs), sent: d.sent[i]})
		case strings.HasPrefix(w, "استقبل") || strings.HasPrefix(w, "التقا"):
			// "استقبله X": the object is the sentence's subject.
			if !strings.HasSuffix(w, "ه") && !strings.HasSuffix(w, "ها") {
				continue
			}
			subj, _ := d.subjectNear(i+1, sr[1])
			obj := -1
			for k := max(sr[0], i-placeWindow); k < i; k++ {
				if id, _ := d.personAfter(k, k+1); id >= 0 {
					obj = id
					break
				}
			}
			if subj >= 0 && obj >= 0 && subj != obj {
				raw = append(raw, rawEvent{typ: marsad.EventMeeting, parts: []int{subj, obj},
					place: d.placeIn(i, "في"), date: d.dateIn(i, refs), sent: d.sent[i]})
			}
		case lx.visitVerb[w]:
			// "وصل X إلى P", "زار X P".
			subj, after := d.subjectNear(i+1, sr[1])
			if subj < 0 {
				subj, after = d.subjectBefore(i), i+1
			}
			if subj < 0 {
				continue
			}
			place := -1
			for k := after; k < sr[1] && k < after+10; k++ {
				if d.comma(k) || d.apposTok[k] || (d.word(k) && (d.lx.courtesy[d.norm[k]] || placeWords[d.norm[k]])) {
					continue
				}
				if d.norm[k] == "الي" {
					k++
				}
				if mi := d.owner[k]; mi >= 0 && d.mentions[mi].s == k && d.mentions[mi].typ == marsad.EntityLocation {
					place = d.mentions[mi].ent
				}
				break
			}
			if place >= 0 {
				raw = append(raw, rawEvent{typ: marsad.EventVisit, parts: []int{subj}, place: place,
					date: d.dateIn(i, refs), sent: d.sent[i]})
			}
		case lx.meetingNoun[w] || lx.meetingNoun[d.norm[i]]:
			// "مباحثات أجراها X في موسكو", "لقائه ... مع Y".
			if d.word(i+1) && (strings.HasPrefix(d.norm[i+1], "اجراها") || strings.HasPrefix(d.norm[i+1], "عقدها")) {
				subj, _ := d.personAfter(i+2, min(i+3, sr[1]))
				place := d.placeIn(i, "في")
				if subj >= 0 && place >= 0 {
					raw = append(raw, rawEvent{typ: marsad.EventVisit, parts: []int{subj}, place: place,
						date: d.dateIn(i, refs), sent: d.sent[i]})
				}
				continue
			}
			with := -1
			for k := i + 1; k < sr[1] && k <= i+3; k++ {
				if d.norm[k] == "مع" {
					with = k
					break
				}
			}
			if with < 0 && i > 0 && during[d.norm[i-1]] && (strings.HasSuffix(w, "ه") || strings.HasSuffix(w, "ها")) {
				// "لدى لقائه في عدن أمس السفير الفرنسي X", "جاء ذلك خلال
				// استقباله ... سفير اليابان X": the object follows, the
				// possessor was named before (in this sentence or the
				// previous one).
				k := i + 1
				for k < sr[1] && k < i+10 && (!d.word(k) || d.owner[k] >= 0 && d.mentions[d.owner[k]].typ != marsad.EntityPerson ||
					d.lx.function[d.norm[k]] || d.norm[k] == "في" || d.comma(k)) {
					k++
				}
				other, _ := d.personAfter(k, min(k+1, sr[1]))
				subj := -1
				// (A paragraph break after a full stop counts as an empty
				// sentence: the previous sentence is up to two back.)
				for q := i - 1; q >= 0 && q > i-backWindow && d.sent[q] >= d.sent[i]-2; q-- {
					if mi := d.owner[q]; mi >= 0 && d.mentions[mi].typ == marsad.EntityPerson && d.mentions[mi].ent >= 0 {
						subj = d.mentions[mi].ent
						break
					}
				}
				if other >= 0 && subj >= 0 && subj != other {
					raw = append(raw, rawEvent{typ: marsad.EventMeeting, parts: []int{subj, other},
						place: d.placeIn(i, "في"), date: d.dateIn(i, refs), sent: d.sent[i]})
				}
				continue
			}
			if with > 0 && strings.HasSuffix(w, "ه") {
				other, _ := d.personAfter(with+1, min(with+8, sr[1]))
				if other < 0 {
					continue
				}
				// The possessor: the nearest person before, in the sentence.
				subj := -1
				for k := i - 1; k >= sr[0] && k > i-placeWindow; k-- {
					if mi := d.owner[k]; mi >= 0 && d.mentions[mi].typ == marsad.EntityPerson && d.mentions[mi].ent >= 0 {
						subj = d.mentions[mi].ent
						break
					}
				}
				if subj >= 0 && subj != other {
					raw = append(raw, rawEvent{typ: marsad.EventMeeting, parts: []int{subj, other},
						place: d.placeIn(i, "في", "الي"), date: d.dateIn(i, refs), sent: d.sent[i]})
				}
			}
		case lx.visitNoun[w] || lx.visitNoun[d.norm[i]] || strings.HasPrefix(d.norm[i], "لزيار") || strings.HasPrefix(d.norm[i], "بزيار"):
			// "زيارة X إلى P", "الزيارة ... التي قام بها X ... إلى P".
			subj, after := d.personAfter(i+1, min(i+5, sr[1]))
			if subj < 0 && i > 0 {
				// "بدأ X زيارة إلى P".
				if mi := d.owner[i-1]; mi >= 0 && d.mentions[mi].typ == marsad.EntityPerson && d.mentions[mi].ent >= 0 {
					subj, after = d.mentions[mi].ent, i+1
				}
			}
			if subj < 0 {
				for k := i + 1; k < sr[1] && k < i+12; k++ {
					if d.norm[k] == "بها" && k > 0 && (strings.HasPrefix(d.norm[k-1], "قام") || strings.HasPrefix(d.norm[k-1], "اجرا")) {
						subj, after = d.personAfter(k+1, min(k+2, sr[1]))
						break
					}
				}
			}
			if subj < 0 {
				continue
			}
			place := -1
			for k := after; k < sr[1] && k < after+4; k++ {
				if d.norm[k] == "الي" {
					if mi := d.owner[k+1]; mi >= 0 && d.mentions[mi].typ == marsad.EntityLocation {
						place = d.mentions[mi].ent
					}
					break
				}
			}
			if place < 0 {
				continue
			}
			raw = append(raw, rawEvent{typ: marsad.EventVisit, parts: []int{subj}, place: place,
				date: d.dateIn(i, refs), sent: d.sent[i]})
		}
	}
	// "جاء ذلك خلال اجتماع عقد اليوم في الدوحة": the next sentence
	// gives the place and day of the meeting told before it.
	for k := range raw {
		if raw[k].place != -1 && raw[k].date != "" {
			continue
		}
		if at, ok := d.followUp(raw[k].sent); ok {
			if raw[k].place == -1 {
				raw[k].place = d.placeIn(at, "في")
			}
			if raw[k].date == "" {
				raw[k].date = d.dateIn(at, refs)
			}
		}
	}
	tp := d.titlePlace()
	if tp != "" {
		for k := range raw {
			if raw[k].typ == marsad.EventMeeting && raw[k].place == -1 {
				raw[k].place = -2
				break
			}
		}
	}
	// A meeting with no place takes the place of a visit by one of its
	// participants, when the article reports exactly one such place.
	for k := range raw {
		if raw[k].typ != marsad.EventMeeting || raw[k].place != -1 {
			continue
		}
		place := -1
		for _, v := range raw {
			// The visit must come first: it sets the scene ("وصل X إلى
			// أنقرة ... والتقى X Y"); a visit told afterwards ("وكان X قد
			// زار البصرة") says nothing about where the meeting was.
			if v.typ == marsad.EventVisit && v.sent <= raw[k].sent && slices.Contains(raw[k].parts, v.parts[0]) {
				if place >= 0 && place != v.place {
					place = -1
					break
				}
				place = v.place
			}
		}
		raw[k].place = place
	}
	return d.mergeEvents(raw, tp)
}

// followUp returns the first token of the sentence after sentence s
// when it is a follow-up of the form "جاء ذلك خلال ..." ("وجاء ذلك",
// "وقد جاء ذلك").
func (d *doc) followUp(s int) (int, bool) {
	for n := s + 1; n < len(d.sents) && n <= s+2; n++ {
		sr := d.sents[n]
		if sr[1] <= sr[0] {
			continue // the empty sentence of a paragraph break
		}
		k := sr[0]
		if d.word(k) && d.norm[k] == "وقد" {
			k++
		}
		if d.word(k) && (d.norm[k] == "جاء" || d.norm[k] == "وجاء") && d.word(k+1) && d.norm[k+1] == "ذلك" {
			return k, true
		}
		return 0, false
	}
	return 0, false
}

// titlePlace returns the location the article's title (or first line)
// gives for talks or a meeting: "مباحثات ... في دمشق".
func (d *doc) titlePlace() string {
	title := d.title
	if title == "" {
		if nl := strings.IndexByte(d.text, '\n'); nl > 0 {
			title = d.text[:nl]
		}
	}
	if title == "" {
		return ""
	}
	td := d.an.newDoc(title)
	hits := td.matchGazetteer()
	hasMeeting := false
	for k := range td.toks {
		w := d.base(td.norm[k])
		if d.lx.meetingNoun[w] || d.lx.meeting[w] {
			hasMeeting = true
		}
	}
	if !hasMeeting {
		return ""
	}
	for _, h := range hits {
		if h.entry.Type == marsad.EntityLocation && h.s > 0 && td.norm[h.s-1] == "في" {
			return h.entry.Name
		}
	}
	return ""
}

// mergeEvents drops duplicates (same type, participants and place) and
// gives a dated visit's date to the same person's undated visit to the
// same place.
func (d *doc) mergeEvents(raw []rawEvent, titlePlace string) []marsad.Event {
	name := func(id int) string { return arabic.Display(d.ents[id].name) }
	placeName := func(id int) string {
		switch {
		case id >= 0:
			return name(id)
		case id == -2:
			return titlePlace
		}
		return ""
	}
	var out []marsad.Event
	keys := map[string]int{}
	for _, r := range raw {
		parts := slices.Clone(r.parts)
		names := make([]string, len(parts))
		for k, p := range parts {
			names[k] = name(p)
		}
		sorted := slices.Clone(names)
		slices.Sort(sorted)
		place := placeName(r.place)
		key := r.typ + "|" + strings.Join(sorted, ",") + "|" + place
		if k, ok := keys[key]; ok {
			if out[k].Date == "" {
				out[k].Date = r.date
			}
			continue
		}
		keys[key] = len(out)
		out = append(out, marsad.Event{Type: r.typ, Participants: names, Place: place, Date: r.date})
	}
	return out
}
