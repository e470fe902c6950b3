package gen

import (
	"fmt"
	"hash/fnv"
	"html"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/hablullah/go-hijri"

	"github.com/marsad-news/marsad"
)

// story is one event covered by several outlets.
type story struct {
	opts   Options
	index  int
	id     string
	r      *rand.Rand
	topic  *topic
	kind   string
	host   *person
	guest  *person
	spokes *person
	place  place
	event  time.Time
	prior  time.Time
	pplace place
	size   int
	// subject is what the event is about: "محطة عين الزيتون الحرارية".
	subject string
	// quote is what the host said, as most outlets quote it; number the
	// figure of the event (a count, an amount) most outlets report.
	quote  string
	number int
}

// entUse is one entity named in a paragraph.
type entUse struct {
	key, name, typ, form, role string
}

// para is a paragraph of a draft, with what it names, quotes and dates.
type para struct {
	heading string
	text    string
	ents    []entUse
	quotes  []TruthQuote
	dates   []TruthDate
}

// draft is an article before rendering.
type draft struct {
	outlet    *outlet
	n         int
	title     string
	published time.Time
	paras     []para
	copyOf    *draft
	id, url   string
	boiler    bool
}

var zoneDamascus = time.FixedZone("+03", 3*3600)

func newStory(opts Options, sc *scale, s, day int) *story {
	r := rng(opts.Seed, s)
	t := &topics[r.IntN(len(topics))]
	st := &story{opts: opts, index: s, id: fmt.Sprintf("s%06d", s), r: r, topic: t}
	st.kind = t.kinds[r.IntN(len(t.kinds))]
	st.subject = sc.subjectFor(r, t)
	st.number = 10 + r.IntN(490)
	if r.IntN(2) == 0 {
		st.quote = st.pick(t.quotes)
	} else {
		st.quote = fmt.Sprintf(st.pick(subjectQuotes), st.subject)
	}
	if r.Float64() < sc.recurring {
		// The recurring officials of cast.go.
		hosts := t.roles
		st.host = &people[hosts[0]]
		if r.IntN(4) == 0 {
			st.host = &people[hosts[r.IntN(len(hosts))]]
		}
		for {
			g := &people[r.IntN(len(people))]
			if len(hosts) > 1 && r.IntN(2) == 0 {
				g = &people[hosts[1+r.IntN(len(hosts)-1)]]
			}
			if g != st.host {
				st.guest = g
				break
			}
		}
	} else {
		st.host = &sc.people[r.IntN(len(sc.people))]
		for {
			g := &sc.people[r.IntN(len(sc.people))]
			if r.IntN(4) == 0 {
				g = &people[r.IntN(len(people))]
			}
			if g != st.host {
				st.guest = g
				break
			}
		}
	}
	if r.IntN(2) == 0 {
		var sp []*person
		for i := range people {
			if people[i].org != "" && &people[i] != st.host && &people[i] != st.guest {
				sp = append(sp, &people[i])
			}
		}
		st.spokes = sp[r.IntN(len(sp))]
	}
	st.place = sc.places[r.IntN(len(sc.places))]
	if st.host.country == "sy" && r.IntN(3) > 0 {
		st.place = places[r.IntN(6)] // a Syrian city
	} else if r.IntN(2) == 0 {
		// Often in the host's country.
		var home []place
		for _, p := range sc.places {
			if p.country == st.host.country {
				home = append(home, p)
			}
		}
		if len(home) > 0 {
			st.place = home[r.IntN(len(home))]
		}
	}
	st.pplace = sc.places[r.IntN(len(sc.places))]
	st.event = opts.Start.AddDate(0, 0, day+r.IntN(3))
	st.prior = st.event.AddDate(0, 0, -(7 + r.IntN(40)))
	st.size = 2 + r.IntN(7)
	return st
}

// subjectQuotes are statements about the event's subject (%s).
var subjectQuotes = []string{
	"%s سيكون جاهزاً قبل نهاية العام",
	"نتابع ملف %s بشكل يومي ولن نسمح بأي تأخير",
	"ما تحقق في %s يفتح الباب أمام مرحلة جديدة",
	"الأولوية اليوم هي استكمال %s وفق الجدول المتفق عليه",
}

// figure is the event's figure as one outlet reports it: most report
// the same, some another (the facts where outlets disagree).
func (st *story) figure(r *rand.Rand) int {
	if r.IntN(6) == 0 {
		return st.number + 5 + r.IntN(50)
	}
	return st.number
}

// articles writes the first n articles of the story: the wire original,
// then other outlets' copies or own coverage.
func (st *story) articles(n int) []*Article {
	r := st.r
	wire := st.write(&outlets[0], 0, st.event.Add(time.Duration(8+r.IntN(8))*time.Hour+time.Duration(r.IntN(60))*time.Minute))
	drafts := []*draft{wire}
	others := r.Perm(len(outlets) - 1)
	for i := 1; i < n; i++ {
		o := &outlets[1+others[(i-1)%len(others)]]
		var d *draft
		if r.Float64() < o.copyRate {
			// Copies follow the wire within hours, the same day (they keep
			// its relative dates such as "اليوم الاثنين").
			left := 23*60 - (wire.published.Hour()*60 + wire.published.Minute())
			pub := wire.published.Add(time.Duration(10+r.IntN(max(1, left-10))) * time.Minute)
			d = st.copy(wire, o, i, pub)
		} else {
			pub := wire.published.Add(time.Duration(1+r.IntN(30)) * time.Hour)
			d = st.write(o, i, pub)
		}
		drafts = append(drafts, d)
	}
	out := make([]*Article, len(drafts))
	for i, d := range drafts {
		out[i] = st.render(d, r.Float64() < st.opts.HTML)
	}
	return out
}

func (st *story) truth(arts []*Article) *StoryTruth {
	t := &StoryTruth{ID: st.id, Topic: st.topic.name, Kind: st.kind, Place: st.place.name, Subject: st.subject,
		Date: st.event.Format("2006-01-02"), Participants: st.participants()}
	if len(arts) > 0 {
		t.Title = arts[0].Truth.Title
	}
	for _, a := range arts {
		t.Articles = append(t.Articles, a.Truth.ID)
	}
	return t
}

func (st *story) participants() []string {
	if st.kind == "statement" {
		return []string{st.host.key}
	}
	return []string{st.host.key, st.guest.key}
}

// habit picks from list the form outlet o habitually uses for key, and
// now and then another one.
func (st *story) habit(o *outlet, key string, list []string) string {
	if len(list) == 1 {
		return list[0]
	}
	if st.r.IntN(5) == 0 {
		return list[st.r.IntN(len(list))]
	}
	h := fnv.New32a()
	h.Write([]byte(o.id + "|" + key))
	return list[int(h.Sum32()%uint32(len(list)))]
}

func (st *story) full(o *outlet, p *person) string  { return st.habit(o, p.key+"|full", p.variants) }
func (st *story) short(o *outlet, p *person) string { return st.habit(o, p.key+"|short", p.short) }
func (st *story) role(o *outlet, p *person) string  { return st.habit(o, p.key+"|role", p.roles) }

func (st *story) pick(list []string) string { return list[st.r.IntN(len(list))] }

func verb(p *person, m, f string) string {
	if p.female {
		return f
	}
	return m
}

func personUse(p *person, form, role string) entUse {
	return entUse{key: p.key, name: p.variants[0], typ: marsad.EntityPerson, form: form, role: role}
}

func placeUse(pl place) entUse {
	return entUse{key: pl.key, name: pl.name, typ: marsad.EntityLocation, form: pl.name}
}

// write composes an outlet's own coverage.
func (st *story) write(o *outlet, n int, pub time.Time) *draft {
	r := st.r
	t := st.topic
	d := &draft{outlet: o, n: n, published: pub, boiler: r.IntN(3) == 0}
	h, g := st.host, st.guest
	hRole, hFull, hShort := st.role(o, h), st.full(o, h), st.short(o, h)
	gRole, gFull, gShort := st.role(o, g), st.full(o, g), st.short(o, g)
	dateText, dateValue := st.eventDate(o, pub)
	lead := st.pick(t.lead) + st.pick([]string{"، ولا سيما ", "، وخاصة ", "، ومنها "}) + st.subject
	title := st.pick(t.title)
	if r.IntN(3) > 0 {
		title = st.subject
	}

	// Title.
	switch {
	case st.kind == "statement":
		d.title = fmt.Sprintf("%s: %s", hShort, st.pick(t.quotes))
	default:
		switch r.IntN(4) {
		case 0:
			d.title = fmt.Sprintf("%s %s مع %s %s في %s", hShort, verb(h, "يبحث", "تبحث"), gFull, title, st.place.name)
		case 1:
			d.title = fmt.Sprintf("مباحثات حول %s في %s", title, st.place.name)
		case 2:
			d.title = fmt.Sprintf("%s: %s %s %s", st.place.name, hRole, verb(h, "يستقبل", "تستقبل"), gRole)
		default:
			d.title = fmt.Sprintf("%s في %s لبحث %s", gRole, st.place.name, title)
		}
	}

	// Lead. Most outlets writing their own version phrase it their way
	// (own); the others follow the wire's sentence shapes.
	own := !o.wire && r.IntN(4) > 0
	p := para{dates: []TruthDate{{Text: dateText, Value: dateValue}}}
	switch {
	case own && st.kind == "visit":
		p.text = fmt.Sprintf("في زيارة رسمية إلى %s، %s %s %s %s %s، وتناول اللقاء %s.",
			st.place.name, verb(g, "التقى", "التقت"), gRole, gFull, dateText, hFull, lead)
		p.ents = append(p.ents, placeUse(st.place), personUse(g, gFull, gRole), personUse(h, hFull, ""))
	case own && st.kind == "statement":
		rep := st.pick(t.reported)
		p.text = fmt.Sprintf("%s %s %s %s إن %s، %s في مؤتمر صحفي في %s إلى %s.",
			verb(h, "قال", "قالت"), hFull, hRole, dateText, rep, verb(h, "مشيراً", "مشيرة"), st.place.name, lead)
		p.ents = append(p.ents, personUse(h, hFull, hRole), placeUse(st.place))
		p.quotes = append(p.quotes, TruthQuote{Speaker: h.key, Kind: marsad.QuoteIndirect, Text: rep})
	case own:
		p.text = fmt.Sprintf("عقد %s و%s %s جلسة مباحثات في %s %s، تركزت على %s.",
			hFull, gRole, gFull, st.place.name, dateText, lead)
		p.ents = append(p.ents, personUse(h, hFull, ""), personUse(g, gFull, gRole), placeUse(st.place))
	case st.kind == "visit":
		p.text = fmt.Sprintf("%s %s %s إلى %s %s في زيارة رسمية %s خلالها مع %s %s %s.",
			verb(g, "وصل", "وصلت"), gRole, gFull, st.place.name, dateText, verb(g, "يبحث", "تبحث"), hRole, hFull, lead)
		p.ents = append(p.ents, personUse(g, gFull, gRole), placeUse(st.place), personUse(h, hFull, hRole))
	case st.kind == "statement":
		rep := st.pick(t.reported)
		p.text = fmt.Sprintf("%s %s %s، %s، أن %s، وذلك خلال مؤتمر صحفي %s في %s تناول %s.",
			verb(h, "أكد", "أكدت"), hRole, hFull, dateText, rep, verb(h, "عقده", "عقدته"), st.place.name, lead)
		p.ents = append(p.ents, personUse(h, hFull, hRole), placeUse(st.place))
		p.quotes = append(p.quotes, TruthQuote{Speaker: h.key, Kind: marsad.QuoteIndirect, Text: rep})
	default:
		p.text = fmt.Sprintf("%s %s %s، %s، مع %s، %s، %s، في %s.",
			verb(h, st.pick([]string{"بحث", "ناقش"}), st.pick([]string{"بحثت", "ناقشت"})), hRole, hFull, dateText, gFull, gRole, lead, st.place.name)
		p.ents = append(p.ents, personUse(h, hFull, hRole), personUse(g, gFull, gRole), placeUse(st.place))
	}
	d.paras = append(d.paras, p)

	// Background.
	facts := r.Perm(len(t.facts))
	for _, i := range facts[:1+r.IntN(2)] {
		d.paras = append(d.paras, para{text: strings.ReplaceAll(t.facts[i], "{n}", digits(o, strconv.Itoa(st.figure(r))))})
	}

	d.paras = append(d.paras, para{text: fmt.Sprintf(st.pick([]string{
		"ويعد %s من أبرز الملفات المطروحة على جدول الأعمال.",
		"وكان %s قد شهد خلال الفترة الماضية تأخراً في التنفيذ بسبب نقص التمويل.",
		"ويحظى %s باهتمام واسع في الأوساط المحلية.",
		"وتتابع الجهات المعنية ملف %s منذ أشهر.",
	}), st.subject)})

	// Quotes.
	q1 := st.quote
	if r.IntN(5) == 0 {
		q1 = st.pick(t.quotes) // another sentence of the same statement
	}
	open, closeQ := `"`, `"`
	if r.IntN(2) == 0 {
		open, closeQ = "“", "”"
	}
	qtext := fmt.Sprintf("%s %s، في تصريح صحفي عقب اللقاء، إن %s%s%s.", verb(h, "وقال", "وقالت"), hShort, open, q1, closeQ)
	if own {
		qtext = fmt.Sprintf("ونقل بيان صادر عن مكتب %s %s: «%s».", hShort, verb(h, "قوله", "قولها"), q1)
	}
	qp := para{text: qtext,
		ents: []entUse{personUse(h, hShort, "")}, quotes: []TruthQuote{{Speaker: h.key, Kind: marsad.QuoteDirect, Text: q1}}}
	if r.IntN(3) == 0 {
		qp.heading = st.pick([]string{"تصريحات " + hShort, fmt.Sprintf("%s: %s", hShort, st.pick(t.title))})
	}
	d.paras = append(d.paras, qp)
	if st.kind != "statement" {
		rep := st.pick(t.reported)
		gp := para{text: fmt.Sprintf("%s %s أن %s.", verb(g, "من جهته، أكد", "من جهتها، أكدت"), gShort, rep),
			ents: []entUse{personUse(g, gShort, "")}, quotes: []TruthQuote{{Speaker: g.key, Kind: marsad.QuoteIndirect, Text: rep}}}
		if r.IntN(2) == 0 {
			// The name with the preposition attached, as in "بيفكوروف".
			gp.text += fmt.Sprintf(" %s %s ب%s على انفراد لبحث %s.", verb(h, "والتقى", "والتقت"), hShort, gShort, st.pick(t.title))
			gp.ents = append(gp.ents, personUse(h, hShort, ""), personUse(g, gShort, ""))
		}
		d.paras = append(d.paras, gp)
	}

	// An earlier meeting, with an absolute date.
	if r.IntN(2) == 0 {
		pt, pv := st.priorDate(o)
		noun := map[string]string{"visit": "الزيارة", "meeting": "المباحثات", "statement": "التصريحات"}[st.kind]
		d.paras = append(d.paras, para{
			heading: st.pick([]string{"", "", "مباحثات سابقة", fmt.Sprintf("استكمال لمباحثات %s", st.pplace.name)}),
			text: fmt.Sprintf("وتأتي هذه %s عقب مباحثات %s %s في %s في %s، حيث %s ملفات %s.",
				noun, verb(h, "أجراها", "أجرتها"), hShort, st.pplace.name, pt, verb(h, "ناقش", "ناقشت"), st.pick(t.title)),
			ents:  []entUse{personUse(h, hShort, ""), placeUse(st.pplace)},
			dates: []TruthDate{{Text: pt, Value: pv}},
		})
	}

	// A spokesperson.
	if sp := st.spokes; sp != nil && (!own || r.IntN(2) == 0) {
		spRole, spFull := st.role(o, sp), st.full(o, sp)
		q := st.pick(t.quotes)
		spp := para{text: fmt.Sprintf("وفي سياق متصل، %s %s، %s، خلال مؤتمر صحفي، إن \"%s\".", verb(sp, "قال", "قالت"), spRole, spFull, q),
			ents: []entUse{personUse(sp, spFull, spRole)}, quotes: []TruthQuote{{Speaker: sp.key, Kind: marsad.QuoteDirect, Text: q}}}
		for i := range orgs {
			if orgs[i].key == sp.org {
				on := st.pick(orgs[i].variants)
				spp.text += fmt.Sprintf(" وسبق أن %s %s أن %s.", verb(&person{female: true}, "أكد", "أكدت"), on, st.pick(t.reported))
				spp.ents = append(spp.ents, entUse{key: orgs[i].key, name: orgs[i].name, typ: marsad.EntityOrganization, form: on})
			}
		}
		d.paras = append(d.paras, spp)
	}

	// Closing.
	closing := "ويُنتظر أن تشهد المرحلة المقبلة مزيداً من المشاورات بين الجانبين بشأن %s."
	if own {
		closing = st.pick([]string{"ومن المتوقع أن تتواصل الاتصالات بين الطرفين خلال الأيام المقبلة حول %s.", "ولم تصدر حتى الآن تفاصيل إضافية عن نتائج النقاش حول %s."})
	}
	d.paras = append(d.paras, para{text: fmt.Sprintf(closing, st.pick(t.title))})
	return d
}

// copy republishes the wire draft: new title, the wire credit, sometimes
// a lead verb changed or the last paragraph dropped.
func (st *story) copy(wire *draft, o *outlet, n int, pub time.Time) *draft {
	r := st.r
	d := &draft{outlet: o, n: n, published: pub, copyOf: wire, boiler: r.IntN(3) == 0}
	d.paras = append([]para(nil), wire.paras...)
	lead := d.paras[0]
	prefix := st.place.name + " - " + outlets[0].credit + ": "
	if r.IntN(2) == 0 {
		prefix = ""
		d.paras = append(d.paras, para{text: "(" + outlets[0].credit + ")"})
	}
	text := lead.text
	for _, sw := range [][2]string{{"بحث ", "ناقش "}, {"ناقش ", "بحث "}, {"وصل ", "وصل "}} {
		if strings.HasPrefix(text, sw[0]) && r.IntN(2) == 0 {
			text = sw[1] + strings.TrimPrefix(text, sw[0])
			break
		}
	}
	lead.text = prefix + text
	d.paras[0] = lead
	if len(d.paras) > 3 && r.IntN(2) == 0 {
		i := len(d.paras) - 2
		d.paras = append(d.paras[:i:i], d.paras[i+1:]...)
	}
	switch r.IntN(3) {
	case 0:
		d.title = wire.title
	case 1:
		d.title = fmt.Sprintf("%s (%s)", wire.title, st.pick(st.topic.title))
	default:
		d.title = fmt.Sprintf("%s: %s", st.place.name, st.pick(st.topic.lead))
	}
	return d
}

// eventDate is how outlet o, publishing at pub, refers to the event day.
func (st *story) eventDate(o *outlet, pub time.Time) (string, string) {
	ev := st.event
	value := ev.Format("2006-01-02")
	wd := weekdays[ev.Weekday()]
	days := int(dayOf(pub).Sub(dayOf(ev)).Hours() / 24)
	if st.r.IntN(4) == 0 {
		return "يوم " + wd + " " + st.dateString(o, ev, false), value
	}
	switch {
	case days <= 0:
		return st.pick([]string{"اليوم " + wd, "يوم " + wd, "اليوم"}), value
	case days == 1:
		return st.pick([]string{"أمس " + wd, "يوم " + wd, "أمس"}), value
	case days < 7:
		return st.pick([]string{"يوم " + wd + " الماضي", wd + " الماضي"}), value
	}
	return "يوم " + wd + " " + st.dateString(o, ev, false), value
}

// priorDate is an absolute reference to the earlier meeting, in one of
// several forms.
func (st *story) priorDate(o *outlet) (string, string) {
	p := st.prior
	value := p.Format("2006-01-02")
	switch st.r.IntN(5) {
	case 0:
		return fmt.Sprintf("%s %s/%s الماضي", digits(o, strconv.Itoa(p.Day())), monthsGregorian[p.Month()-1], monthsLevant[p.Month()-1]), value
	case 1:
		return digits(o, fmt.Sprintf("%d/%d/%d", p.Day(), int(p.Month()), p.Year())), value
	case 2:
		if h, err := hijri.CreateUmmAlQuraDate(p); err == nil {
			return digits(o, fmt.Sprintf("%d", h.Day)) + " " + monthsHijri[h.Month-1] + " " + digits(o, fmt.Sprintf("%d", h.Year)) + " هـ", value
		}
	}
	return st.dateString(o, p, true), value
}

// dateString writes t the way outlet o writes dates.
func (st *story) dateString(o *outlet, t time.Time, withYear bool) string {
	m := t.Month() - 1
	var month string
	switch o.months {
	case "levant":
		month = monthsLevant[m]
	case "maghreb":
		month = monthsMaghreb[m]
	case "both":
		month = monthsGregorian[m] + "/" + monthsLevant[m]
	default:
		month = monthsGregorian[m]
	}
	s := strconv.Itoa(t.Day()) + " " + month
	if withYear {
		s += " " + strconv.Itoa(t.Year())
	}
	return digits(o, s)
}

func (st *story) headerDate(o *outlet, t time.Time) string {
	s := st.dateString(o, t, true)
	if o.hijri {
		if h, err := hijri.CreateUmmAlQuraDate(t); err == nil {
			s += " - " + digits(o, fmt.Sprintf("%d", h.Day)) + " " + monthsHijri[h.Month-1] + " " + digits(o, fmt.Sprintf("%d", h.Year)) + " هـ"
		}
	}
	return s
}

func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// digits writes the ASCII digits of s in the outlet's digits.
func digits(o *outlet, s string) string {
	if o.digits != "arabic-indic" {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			r = '٠' + (r - '0')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// render turns a draft into a page and its truth.
func (st *story) render(d *draft, asHTML bool) *Article {
	o := d.outlet
	pub := d.published.In(zoneDamascus)
	section := o.sections[(st.index+d.n)%len(o.sections)]
	u := fmt.Sprintf("https://%s/%s/%04d/%02d/%02d/%s-%d-%d", o.domain, section, pub.Year(), int(pub.Month()), pub.Day(), st.topic.name, st.index, d.n)
	if (st.index+d.n)%10 == 3 {
		u += "?utm_source=rss&utm_medium=feed"
	}
	canon, _ := marsad.CanonicalURL(u)
	d.url, d.id = u, marsad.ArticleID(canon, "")
	a := &Article{Page: Page{URL: u, Source: o.name}}
	hdr := "● " + st.topic.category + " " + st.headerDate(o, pub)
	if asHTML {
		a.Page.HTML = renderHTML(d, st.topic.category, hdr, pub)
	} else {
		a.Page.Text = renderText(d, hdr, st.r.IntN(2) == 0)
	}
	t := Truth{ID: d.id, URL: u, Source: o.name, Story: st.id, Title: d.title, Category: st.topic.category,
		Published: pub.Format("2006-01-02"), EventDate: st.event.Format("2006-01-02"),
		Events: []marsad.Event{{Type: st.kind, Participants: st.participants(), Place: st.place.name, Date: st.event.Format("2006-01-02")}}}
	if d.copyOf != nil {
		t.CopyOf = d.copyOf.id
	}
	byKey := map[string]int{}
	for _, p := range d.paras {
		for _, e := range p.ents {
			i, ok := byKey[e.key]
			if !ok {
				i = len(t.Entities)
				byKey[e.key] = i
				t.Entities = append(t.Entities, TruthEntity{Key: e.key, Name: e.name, Type: e.typ})
			}
			te := &t.Entities[i]
			te.Forms = appendNew(te.Forms, e.form)
			if e.role != "" {
				te.Roles = appendNew(te.Roles, e.role)
			}
		}
		t.Quotes = append(t.Quotes, p.quotes...)
		t.Dates = append(t.Dates, p.dates...)
	}
	if t.Quotes == nil {
		t.Quotes = []TruthQuote{}
	}
	a.Truth = t
	return a
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// renderText writes a plain-text page like the founding example: the
// title (repeated by the template), a "● category date" line, paragraphs
// and sub-headings separated by blank lines, and page leftovers.
func renderText(d *draft, hdr string, repeatTitle bool) string {
	var b strings.Builder
	b.WriteString(d.title + "\n")
	if repeatTitle {
		b.WriteString(d.title + "\n")
	}
	b.WriteString(hdr + "\n\n")
	for _, p := range d.paras {
		if p.heading != "" {
			b.WriteString(p.heading + "\n")
		}
		b.WriteString(p.text + "\n\n")
	}
	if d.boiler {
		b.WriteString("الكاتب: فريق التحرير\nمشاركة: \n\nاقرأ أيضاً:\n")
	}
	return b.String()
}

// renderHTML writes an HTML page with the usual template around the
// article: navigation, metadata, "read also" and a footer.
func renderHTML(d *draft, category, hdr string, pub time.Time) string {
	e := html.EscapeString
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">`)
	fmt.Fprintf(&b, `<title>%s | %s</title>`, e(d.title), e(d.outlet.name))
	fmt.Fprintf(&b, `<meta property="og:title" content="%s"><meta property="og:site_name" content="%s">`, e(d.title), e(d.outlet.name))
	fmt.Fprintf(&b, `<meta property="article:published_time" content="%s"><link rel="canonical" href="%s">`, pub.Format(time.RFC3339), e(d.url))
	b.WriteString(`</head><body><header><nav><a href="/">الرئيسية</a> | <a href="/politics">سياسة</a> | <a href="/economy">اقتصاد</a> | <a href="/sport">رياضة</a></nav></header><main><article>`)
	fmt.Fprintf(&b, `<h1>%s</h1><div class="meta"><span class="category">%s</span> <time datetime="%s">%s</time></div>`,
		e(d.title), e(category), pub.Format(time.RFC3339), e(strings.TrimPrefix(hdr, "● "+category+" ")))
	for _, p := range d.paras {
		if p.heading != "" {
			fmt.Fprintf(&b, "<h2>%s</h2>", e(p.heading))
		}
		fmt.Fprintf(&b, "<p>%s</p>", e(p.text))
	}
	b.WriteString(`<div class="share">مشاركة: <a href="#">فيسبوك</a> <a href="#">تويتر</a></div></article>`)
	b.WriteString(`<aside><h3>اقرأ أيضاً</h3><ul><li><a href="/a/1">أسعار الذهب اليوم</a></li><li><a href="/a/2">حالة الطقس غداً</a></li></ul></aside></main>`)
	fmt.Fprintf(&b, `<footer>جميع الحقوق محفوظة © %s</footer></body></html>`, e(d.outlet.name))
	return b.String()
}
