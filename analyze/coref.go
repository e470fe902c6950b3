package analyze

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/analyze/gazetteer"
	"github.com/marsad-news/marsad/arabic"
)

// buildEntities groups the named mentions into entities: same key, or a
// person's short name ("أبو قصرة", "بيسكوف") matching the end of a fuller
// name of the article.
func (d *doc) buildEntities() {
	order := make([]int, len(d.mentions))
	for i := range order {
		order[i] = i
	}
	// Fuller names first so that short ones attach to them.
	sort.SliceStable(order, func(a, b int) bool {
		ma, mb := d.mentions[order[a]], d.mentions[order[b]]
		return strings.Count(ma.key, " ") > strings.Count(mb.key, " ")
	})
	byKey := make(map[string]int)
	d.suffix = make(map[string]int)
	for _, mi := range order {
		m := d.mentions[mi]
		if m.nominal || m.key == "" {
			continue
		}
		id, ok := byKey[m.typ+"|"+m.key]
		if !ok && m.typ == marsad.EntityPerson {
			id, ok = d.personBySuffix(m.key)
		}
		if !ok {
			id = len(d.ents)
			d.ents = append(d.ents, &entity{name: m.name, key: m.key, typ: m.typ, gender: m.gender,
				nameToks: strings.Fields(m.key)})
			byKey[m.typ+"|"+m.key] = id
			if m.typ == marsad.EntityPerson {
				d.registerSuffixes(id)
			}
		}
		d.attach(mi, id)
	}
}

// personBySuffix finds a person entity whose key ends with the words of
// k (a family name, possibly compound: "ابو قصره").
func (d *doc) personBySuffix(k string) (int, bool) {
	id, ok := d.suffix[k]
	return id, ok && id >= 0
}

// registerSuffixes records the proper suffixes of a person's name.
func (d *doc) registerSuffixes(id int) {
	ws := d.ents[id].nameToks
	for n := 1; n < len(ws); n++ {
		k := strings.Join(ws[len(ws)-n:], " ")
		if old, ok := d.suffix[k]; ok && old != id {
			d.suffix[k] = -1 // two persons share it: ambiguous
		} else {
			d.suffix[k] = id
		}
	}
}

func (d *doc) attach(mi, id int) {
	m := d.mentions[mi]
	e := d.ents[id]
	m.ent = id
	e.mentions = append(e.mentions, mi)
	if !m.nominal && utf8.RuneCountInString(m.name) > utf8.RuneCountInString(e.name) {
		e.name = m.name
	}
	if m.role != "" && len(e.roles) < 8 && !slices.Contains(e.roles, m.role) {
		e.roles = append(e.roles, m.role)
	}
	if e.gender == gazetteer.Unknown {
		e.gender = m.gender
	}
}

// familyMentions adds the other mentions of a person by full name or by
// family name alone: "أبو قصرة", "بيسكوف", "الشرع".
func (d *doc) familyMentions() {
	type fam struct {
		words []string
		id    int
	}
	byFirst := make(map[string][]fam)
	count := make(map[string]int)
	for id, e := range d.ents {
		if e.typ != marsad.EntityPerson || len(e.nameToks) < 2 {
			continue
		}
		// The family name: from the first connector on ("أبو قصرة",
		// "فون دير لاين", "بن سلمان"), else the last word.
		n := 1
		for k := 1; k < len(e.nameToks)-1; k++ {
			if d.lx.connector[e.nameToks[k]] && e.nameToks[k] != "عبد" {
				n = len(e.nameToks) - k
				break
			}
		}
		forms := [][]string{e.nameToks, e.nameToks[len(e.nameToks)-n:]}
		if n > 1 && !d.lx.connector[e.nameToks[len(e.nameToks)-2]] {
			// "بن سالم الظاهري": also the last word alone.
			forms = append(forms, e.nameToks[len(e.nameToks)-1:])
		}
		for _, ws := range forms {
			byFirst[ws[0]] = append(byFirst[ws[0]], fam{ws, id})
			count[strings.Join(ws, " ")]++
		}
	}
	if len(byFirst) == 0 {
		return
	}
	for i := 0; i < len(d.toks); i++ {
		if d.owner[i] >= 0 || !d.word(i) {
			continue
		}
		w0 := d.norm[i]
		letters := 0
		fams := byFirst[w0]
		if fams == nil {
			for _, p := range [...]string{"و", "ل", "ب"} {
				if r, n, ok := strip(w0, p); ok && byFirst[r] != nil {
					fams, letters = byFirst[r], n
					break
				}
			}
		}
		// Longest match first.
		best, bestLen := -1, 0
		for _, f := range fams {
			if len(f.words) <= bestLen || count[strings.Join(f.words, " ")] > 1 {
				continue
			}
			ok := true
			for k := 1; k < len(f.words); k++ {
				if d.owner[i+k] >= 0 || d.norm[i+k] != f.words[k] {
					ok = false
					break
				}
			}
			if ok {
				best, bestLen = f.id, len(f.words)
			}
		}
		if best < 0 {
			continue
		}
		e := i + bestLen
		m := &mention{s: i, e: e, cs: d.runeStart(i, letters), ce: d.toks[e-1].End, typ: marsad.EntityPerson,
			ent: -1, roleS: -1, name: d.nameSpan(i, letters, e-1)}
		m.key = d.lx.key(m.name)
		if mi := d.addMention(m); mi >= 0 {
			d.attach(mi, best)
			i = e - 1
		}
	}
}

// nominalMentions resolves descriptions that refer back to a person or an
// organization already named: "المتحدث الروسي", "المتحدثة", "الباحث",
// "وزير الدفاع السوري" (a role phrase without a name), "الشبكة".
func (d *doc) nominalMentions() {
	lx := d.lx
	for i := 0; i < len(d.toks); i++ {
		if d.owner[i] >= 0 || !d.word(i) {
			continue
		}
		w := d.base(d.norm[i])
		if d.titleAt(i) && !d.apposTok[i] {
			j := d.roleEnd(i)
			if d.is(j, ":") && i == d.sents[d.sent[i]][0] {
				continue // a byline: "الكاتب: فريق العمل"
			}
			// Followed by a name: not an anaphor.
			if e, _ := d.nameAt(j); e > j {
				continue
			}
			if d.comma(j) {
				if e, _ := d.nameAt(j + 1); e > j+1 {
					continue
				}
			}
			phrase := arabic.Normalize(d.roleText(i, j))
			id := -1
			// A full role phrase naming an earlier person.
			if j-i >= 2 {
				pw := strings.Fields(phrase)
				headOfState := len(pw) == 2 && pw[0] == "رييس" && stateWords[pw[1]]
				id = d.personByRole(i, func(e *entity) bool {
					for _, r := range e.roles {
						nr := arabic.Normalize(r)
						if nr == phrase || strings.HasPrefix(nr, phrase+" ") {
							return true
						}
						// "رئيس الدولة" is "رئيس الجمهورية" (or "الرئيس").
						if rw := strings.Fields(nr); headOfState && len(rw) > 0 &&
							(rw[0] == "الرييس" || rw[0] == "رييس" && len(rw) > 1 && stateWords[rw[1]]) {
							return true
						}
					}
					return false
				})
			}
			// A bare head with at most a nationality adjective.
			// The adjective: a nationality ("المتحدث الروسي"), another
			// relational adjective that the role must contain ("الوزيرة
			// السلوفينية"), or a descriptive one that the role need not
			// contain ("المنسقة الأممية").
			adjOK := j == i+2 && (lx.nat[d.norm[i+1]] || d.nisba(i+1) || lx.roleAdj[d.norm[i+1]])
			if id < 0 && lx.personAnaphor[w] && (j == i+1 || adjOK) {
				adj := ""
				if j == i+2 && !lx.roleAdj[d.norm[i+1]] {
					adj = d.norm[i+1]
				}
				mustContain := adj != "" && !lx.nat[adj]
				bare := strings.TrimPrefix(w, "ال")
				// "الوزير الأردني" after "نظيره الأردني": the counterpart,
				// or nobody when the counterpart is not named.
				if cp, ok := d.counterpart(i, adj, bare); ok {
					if cp < 0 {
						continue
					}
					id = cp
					goto found
				}
				// A feminine anaphor may refer to a woman with a masculine
				// title: "السفير الفرنسي ... كاترين كورم" ... "السفيرة
				// الفرنسية".
				femOf := func(rw string) bool {
					return strings.HasSuffix(w, "ه") && (rw+"ه" == w || rw+"ه" == bare)
				}
				viaMasc := false
				id = d.personByRole(i, func(e *entity) bool {
					for _, r := range e.roles {
						ws := strings.Fields(arabic.Normalize(r))
						head, masc := false, false
						for k, rw := range ws {
							if rw == w || (strings.HasPrefix(rw, "و") && rw[len("و"):] == w) || (k == 0 && rw == bare) {
								head = true
							} else if k == 0 && femOf(rw) && !d.knownMale(e) {
								head, masc = true, true
							}
						}
						if !head {
							continue
						}
						if masc {
							// The adjectives agree in the masculine.
							for k := range ws {
								ws[k] += "ه"
							}
						}
						// "الرئيس" is not "رئيس الوزراء", "النائب" not "نائب
						// الوزير": these heads change office with a complement.
						if officeHeads[bare] && !strings.HasPrefix(ws[0], "ال") && !(len(ws) > 1 && stateWords[ws[1]]) {
							continue
						}
						// A nationality adjective must agree with the role's.
						if adj != "" && !slices.Contains(ws, adj) && slices.ContainsFunc(ws, func(s string) bool { return d.lx.nat[s] }) {
							continue
						}
						if mustContain && !slices.Contains(ws, adj) {
							continue
						}
						viaMasc = masc
						return true
					}
					return false
				})
				if id >= 0 && viaMasc {
					// A woman with a masculine title: verbs of either
					// gender may refer to her.
					d.ents[id].gender = gazetteer.Unknown
				}
			}
		found:
			if id < 0 {
				continue
			}
			letters := 0
			if d.norm[i] != w {
				letters = 1
			}
			m := &mention{s: i, e: j, cs: d.runeStart(i, letters), ce: d.toks[j-1].End, typ: marsad.EntityPerson,
				ent: -1, roleS: -1, nominal: true, name: d.span(i, letters, j-1)}
			if mi := d.addMention(m); mi >= 0 {
				d.attach(mi, id)
				i = j - 1
			}
			continue
		}
		// Organization heads: "الشبكة" after "الشبكة السورية لحقوق الإنسان".
		if orgHeads[w] {
			if d.word(i+1) && strings.HasPrefix(d.norm[i+1], "ال") && !lx.function[d.norm[i+1]] {
				continue // part of a longer definite phrase
			}
			id := -1
			k0 := sort.Search(len(d.byPos), func(k int) bool { return d.mentions[d.byPos[k]].s >= i })
			for k := k0 - 1; k >= 0 && k >= k0-lookBack; k-- {
				m := d.mentions[d.byPos[k]]
				if m.e > i || m.typ != marsad.EntityOrganization || m.e-m.s < 2 || m.nominal {
					continue
				}
				head := d.base(d.norm[m.s])
				if !strings.HasPrefix(head, "ال") {
					head = "ال" + head
				}
				if head == w {
					id = m.ent
					break
				}
			}
			if id < 0 {
				continue
			}
			letters := 0
			if d.norm[i] != w {
				letters = 1
			}
			m := &mention{s: i, e: i + 1, cs: d.runeStart(i, letters), ce: d.toks[i].End, typ: marsad.EntityOrganization,
				ent: -1, roleS: -1, nominal: true, name: d.span(i, letters, i)}
			if mi := d.addMention(m); mi >= 0 {
				d.attach(mi, id)
			}
		}
	}
}

// knownMale reports whether the person's first name is a known male
// given name.
func (d *doc) knownMale(e *entity) bool {
	if len(e.nameToks) == 0 {
		return false
	}
	g, ok := d.an.gaz.Given(e.nameToks[0])
	return ok && g == gazetteer.Male
}

// counterpart returns the person introduced by the last "نظيره ADJ"
// before token i with the same adjective: ok is false when there is none,
// and the id is -1 when that counterpart was not named.
func (d *doc) counterpart(i int, adj, head string) (int, bool) {
	if adj == "" {
		return -1, false
	}
	for k := len(d.relatives) - 1; k >= 0; k-- {
		r := d.relatives[k]
		if r.pos >= i || r.nat != adj || r.head == "" || strings.TrimSuffix(r.head, "ه") != strings.TrimSuffix(head, "ه") {
			continue
		}
		if r.mention < 0 || d.mentions[r.mention].ent < 0 {
			return -1, true
		}
		return d.mentions[r.mention].ent, true
	}
	return -1, false
}

// officeHeads name one office alone ("الرئيس": the president) and
// another with a complement ("رئيس الوزراء", "رئيس مجلس النواب").
var officeHeads = map[string]bool{"رييس": true, "رييسه": true, "نايب": true, "نايبه": true, "امين": true, "امينه": true}

// stateWords complete "رئيس" into the head of state: "رئيس الجمهورية".
var stateWords = map[string]bool{"الجمهوريه": true, "الدوله": true, "البلاد": true}

// orgHeads are the heads by which an organization named before can be
// referred to: "الشبكة", "الوزارة".
var orgHeads = map[string]bool{
	"الشبكه": true, "الوزاره": true, "الوكاله": true, "المنظمه": true, "الهييه": true, "اللجنه": true,
	"المجلس": true, "الحركه": true, "الحزب": true, "الشركه": true, "الجمعيه": true, "المرصد": true,
	"الموسسه": true, "الجامعه": true, "المحكمه": true, "الصندوق": true, "البنك": true, "الاتحاد": true,
	"الحلف": true, "الجبهه": true, "التحالف": true, "المركز": true, "القناه": true, "الصحيفه": true,
}

// personByRole returns the person most recently mentioned before token i
// whose roles satisfy ok; -1 when none, or when the nearest such person is
// not unique (two persons share the role).
func (d *doc) personByRole(i int, ok func(*entity) bool) int {
	// The named mentions before i, nearest first, at most lookBack.
	k := sort.Search(len(d.byPos), func(k int) bool { return d.mentions[d.byPos[k]].s >= i })
	for n := 0; k > 0 && n < lookBack; n++ {
		k--
		m := d.mentions[d.byPos[k]]
		if m.typ == marsad.EntityPerson && m.ent >= 0 && ok(d.ents[m.ent]) {
			return m.ent
		}
	}
	return -1
}

// lookBack bounds how many named mentions an anaphor looks back over.
const lookBack = 200

// sortMentions fills byPos with the named mentions in text order.
func (d *doc) sortMentions() {
	d.byPos = d.byPos[:0]
	for mi, m := range d.mentions {
		if !m.nominal && m.ent >= 0 {
			d.byPos = append(d.byPos, mi)
		}
	}
	sort.Slice(d.byPos, func(a, b int) bool { return d.mentions[d.byPos[a]].s < d.mentions[d.byPos[b]].s })
}

// entities converts the entities to the Article form, ordered by first
// mention.
func (d *doc) entities() []marsad.Entity {
	out := make([]marsad.Entity, 0, len(d.ents))
	for _, e := range d.ents {
		if len(e.mentions) == 0 {
			continue
		}
		ms := make([]marsad.Mention, 0, len(e.mentions))
		for _, mi := range e.mentions {
			m := d.mentions[mi]
			ms = append(ms, marsad.Mention{Text: d.slice(m.cs, m.ce), Start: m.cs, End: m.ce})
		}
		sort.Slice(ms, func(a, b int) bool { return ms[a].Start < ms[b].Start })
		out = append(out, marsad.Entity{Name: valid(arabic.Display(e.name)), Key: valid(e.key), Type: e.typ,
			Roles: dedupeRoles(e.roles), Mentions: ms})
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Mentions[0].Start < out[b].Mentions[0].Start })
	return out
}

// dedupeRoles drops repeated roles and roles contained in a longer one
// ("الرئيس" when "الرئيس السوري" is there).
func dedupeRoles(roles []string) []string {
	var out []string
	for i, r := range roles {
		nr := arabic.Normalize(r)
		keep := true
		for j, o := range roles {
			no := arabic.Normalize(o)
			if i != j && (no == nr && j < i || (no != nr && containsWords(no, nr))) {
				keep = false
				break
			}
		}
		if keep {
			out = append(out, r)
		}
	}
	return out
}

// containsWords reports whether the words of small appear in big, in
// order.
func containsWords(big, small string) bool {
	bw, sw := strings.Fields(big), strings.Fields(small)
	k := 0
	for _, w := range bw {
		if k < len(sw) && w == sw[k] {
			k++
		}
	}
	return k == len(sw) && len(sw) < len(bw)
}
