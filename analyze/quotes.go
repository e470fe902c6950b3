package analyze

import (
	"strings"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/analyze/gazetteer"
	"github.com/marsad-news/marsad/arabic"
)

// quoteState carries the current speaker from one statement to the next.
type quoteState struct {
	speaker int // entity id, -1 when none
	sent    int // sentence of the last attributed statement
	out     []marsad.Quote
	used    []bool // tokens already inside an emitted quote
}

// markNameQuotes marks quotation marks that only wrap a name ("فوكس
// نيوز", "فيسبوك"): they do not open a quotation.
func (d *doc) markNameQuotes() {
	for i, t := range d.toks {
		if t.Kind != arabic.Quote || !t.Open || t.Pair <= i+1 {
			continue
		}
		p := t.Pair
		o := d.owner[i+1]
		if o < 0 {
			continue
		}
		all := true
		for k := i + 1; k < p; k++ {
			if d.owner[k] != o {
				all = false
				break
			}
		}
		if all {
			d.nameQ[i], d.nameQ[p] = true, true
		}
	}
}

func (d *doc) quotes() []marsad.Quote {
	st := &quoteState{speaker: -1, sent: -10, used: make([]bool, len(d.toks))}
	for i := 0; i < len(d.toks); i++ {
		if st.used[i] || !d.word(i) {
			continue
		}
		w := d.base(d.norm[i])
		switch {
		case d.lx.speech[w] || d.lx.speech[d.norm[i]]:
			if end, ok := d.speechFrame(st, i); ok {
				i = end - 1
			}
		case d.lx.participle[d.norm[i]]:
			if end, ok := d.participleFrame(st, i); ok {
				i = end - 1
			}
		case saying[d.norm[i]]:
			if end, ok := d.sayingFrame(st, i); ok {
				i = end - 1
			}
		case accordingTo[w]:
			// "وبحسب X، فإن ...".
			if id, after := d.subjectAt(st, i+1); id >= 0 {
				k := after
				if d.comma(k) {
					k++
				}
				if d.word(k) && d.norm[k] == "فان" {
					if end, ok := d.emitFrom(st, id, k+1); ok {
						i = end - 1
					}
				}
			}
		}
	}
	// Direct quotations not reached through a speech frame.
	for i, t := range d.toks {
		if t.Kind != arabic.Quote || !t.Open || t.Pair <= i || st.used[i] || d.nameQ[i] {
			continue
		}
		d.looseDirect(st, i)
	}
	sortQuotes(st.out)
	return st.out
}

func sortQuotes(q []marsad.Quote) {
	for i := 1; i < len(q); i++ {
		for j := i; j > 0 && q[j].Start < q[j-1].Start; j-- {
			q[j], q[j-1] = q[j-1], q[j]
		}
	}
}

// feminineVerb reports whether the speech verb at i is feminine
// ("قالت", "أكدت", "تقول").
func (d *doc) feminineVerb(i int) (fem, known bool) {
	w := d.base(d.norm[i])
	if strings.HasSuffix(w, "ت") && d.lx.speech[strings.TrimSuffix(w, "ت")] {
		return true, true
	}
	if strings.HasPrefix(w, "ت") && len(w) > 4 && d.lx.speech["ي"+w[len("ت"):]] {
		return true, true
	}
	switch w {
	case "نفت", "رات", "دعت", "قالت":
		return true, true
	}
	return false, true
}

// agrees reports whether entity id can be the subject of a verb or
// participle of gender fem.
func (d *doc) agrees(id int, fem bool) bool {
	if id < 0 || id >= len(d.ents) {
		return false
	}
	e := d.ents[id]
	if e.typ != marsad.EntityPerson || e.gender == gazetteer.Unknown {
		return true
	}
	return (e.gender == gazetteer.Female) == fem
}

// subjectAt returns the entity whose mention (or role phrase) starts at
// token j, and the token after the subject (past a quoted name and an
// appositive role).
func (d *doc) subjectAt(st *quoteState, j int) (int, int) {
	if j >= len(d.toks) {
		return -1, j
	}
	// "معالي الدكتور X": courtesy words before the name or title.
	for k := j; k < j+4 && d.word(k) && d.lx.courtesy[d.norm[k]] && d.roleOwner[k] < 0 && d.owner[k] < 0; k++ {
		j = k + 1
	}
	// "وأشار معاليه": an honorific pronoun for the current speaker, or
	// for the person last named when nobody has spoken yet.
	if d.word(j) && honorificPronouns[d.norm[j]] && st != nil {
		if st.speaker >= 0 {
			return st.speaker, j + 1
		}
		if id := d.lastPerson(j, 2); id >= 0 && d.agrees(id, strings.HasSuffix(d.norm[j], "ها")) {
			return id, j + 1
		}
	}
	mi := d.roleOwner[j]
	if mi < 0 {
		mi = d.owner[j]
		if mi >= 0 && d.mentions[mi].s != j {
			mi = -1
		}
	}
	if mi < 0 && d.nameQ[j] && j+1 < len(d.toks) {
		if o := d.owner[j+1]; o >= 0 && d.mentions[o].s == j+1 {
			mi = o
		}
	}
	if mi < 0 {
		return -1, j
	}
	m := d.mentions[mi]
	if m.ent < 0 || (m.typ != marsad.EntityPerson && m.typ != marsad.EntityOrganization) {
		return -1, j
	}
	e := m.e
	if e < len(d.toks) && d.nameQ[e] {
		e++
	}
	return m.ent, e
}

// lastPerson returns the person named last before token j, within the
// sentence of j and the n sentences before it, or -1.
//
// A person introduced with a courtesy word ("معالي X", "صاحب السمو X")
// comes first: honorific pronouns refer to them.
func (d *doc) lastPerson(j, n int) int {
	first := -1
	for k := j - 1; k >= 0 && k > j-backWindow && d.sent[k] >= d.sent[j]-n; k-- {
		if mi := d.owner[k]; mi >= 0 {
			m := d.mentions[mi]
			if m.typ == marsad.EntityPerson && m.ent >= 0 && !m.nominal {
				if first < 0 {
					first = m.ent
				}
				s := m.s
				if m.roleS >= 0 {
					s = m.roleS
				}
				for c := s - 1; c >= 0 && c >= s-3 && d.word(c); c-- {
					if d.lx.courtesy[d.norm[c]] || d.lx.honor[d.norm[c]] {
						return m.ent
					}
				}
				k = m.s
			}
		}
	}
	return first
}

// clauseStops open a clause whose "أن" is not the reported content:
// modals ("يجب على الحكومة أن") and relative pronouns.
var clauseStops = map[string]bool{
	"يجب": true, "ينبغي": true, "يمكن": true, "يتعين": true, "يلزم": true, "بامكان": true, "التي": true,
	"الذي": true, "الذين": true, "اللذين": true, "اللتين": true, "لكي": true, "كي": true, "يريد": true, "تريد": true,
}

// accordingTo introduce a source: "بحسب X، فإن ...".
var accordingTo = map[string]bool{"بحسب": true, "حسب": true, "وفق": true, "وفقا": true}

// minQuoteWords is the fewest words a direct quotation has; shorter
// quoted text is a term, a title or a name.
const minQuoteWords = 3

// wordsIn counts the words of tokens [s, e).
func (d *doc) wordsIn(s, e int) int {
	n := 0
	for k := s; k < e; k++ {
		if d.word(k) || d.toks[k].Kind == arabic.Number {
			n++
		}
	}
	return n
}

// implicitSubject are the words after a verb that show its subject is a
// pronoun: "التي وصف فيها ...".
var implicitSubject = map[string]bool{
	"فيها": true, "فيه": true, "بها": true, "به": true, "عنها": true, "عنه": true, "خلالها": true,
	"خلاله": true, "فيهما": true, "لها": true, "له": true, ":": true,
}

// platformWords name the medium of a quoted title: "لقناة "فوكس نيوز"".
var platformWords = map[string]bool{
	"قناه": true, "صحيفه": true, "جريده": true, "موقع": true, "برنامج": true, "منصه": true, "حساب": true,
	"اذاعه": true, "مجله": true, "تلفزيون": true, "شبكه": true, "فيلم": true, "كتاب": true, "مسلسل": true,
	"عمليه": true, "حمله": true, "مبادره": true, "مشروع": true, "شعار": true, "وسم": true, "هاشتاغ": true,
	"وكاله": true, "تطبيق": true, "صفحه": true, "رواية": true, "روايه": true, "اغنيه": true, "مهرجان": true,
	"حزب": true, "حركه": true, "جمعيه": true, "منظمه": true, "ائتلاف": true, "تحالف": true, "مؤتمر": true,
}

// platformWord reports whether token i (clitics stripped) names a medium.
func (d *doc) platformWord(i int) bool {
	w := d.norm[i]
	if platformWords[w] || platformWords[strings.TrimPrefix(w, "ال")] {
		return true
	}
	for _, p := range [...]string{"ل", "ب", "و", "ف"} {
		if r, _, ok := strip(w, p); ok && (platformWords[r] || platformWords[strings.TrimPrefix(r, "ال")]) {
			return true
		}
	}
	return false
}

// linkWords may stand between a subjectless speech verb and its content:
// "وشدد على أن", "وأضاف قائلاً إن".
var linkWords = map[string]bool{
	"علي": true, "الي": true, "قايلا": true, "قايله": true, "ايضا": true, "بالتاكيد": true, "بالقول": true,
	"بالاشاره": true,
}

// ownSpeech reports whether w is a speech noun with a possessive pronoun
// ("كلمته", "حديثها"): "وختم كلمته بالتأكيد على أن".
func ownSpeech(w string) bool {
	for _, n := range [...]string{"كلمت", "حديث", "تصريح", "تصريحات", "خطاب", "مداخلت", "رد"} {
		if r, ok := strings.CutPrefix(w, n); ok && (r == "ه" || r == "ها") {
			return true
		}
	}
	return false
}

// statementNouns name a written statement: "أفاد بيان لوزارة ... بأن".
var statementNouns = map[string]bool{"بيان": true, "بلاغ": true, "تقرير": true, "رساله": true, "منشور": true}

// statementOf returns the organization or person whose statement is
// named at j ("بيان لوزارة الداخلية", "بيان صادر عن الوزارة") and the
// token after it, or -1.
func (d *doc) statementOf(j int) (int, int) {
	if !d.word(j) || !statementNouns[d.norm[j]] {
		return -1, j
	}
	k := j + 1
	if d.word(k) && (d.norm[k] == "صادر" || d.norm[k] == "الصادر") && d.word(k+1) && d.norm[k+1] == "عن" {
		k += 2
	} else if !strings.HasPrefix(d.norm[k], "ل") {
		return -1, j // "بيان لـX": the clitic is on the name
	}
	mi := d.owner[k]
	if mi < 0 || d.mentions[mi].s != k || d.mentions[mi].ent < 0 ||
		(d.mentions[mi].typ != marsad.EntityOrganization && d.mentions[mi].typ != marsad.EntityPerson) {
		return -1, j
	}
	return d.mentions[mi].ent, d.mentions[mi].e
}

// introPreps start a circumstantial phrase between a subjectless speech
// verb and its content: "وأضاف في تصريح ... أن".
var introPreps = map[string]bool{"في": true, "خلال": true, "عبر": true, "علي": true, "لدي": true, "امام": true, "عقب": true}

// honorificPronouns refer to the person being reported on: "وأشار
// معاليه".
var honorificPronouns = map[string]bool{"معاليه": true, "سموه": true, "فخامته": true, "سيادته": true, "جلالته": true, "سعادته": true, "معاليها": true, "سموها": true}

// complementizer finds the start of the reported content after token j
// in the same sentence: the word after أن/إن (or at أنه ...), after a
// colon, or an opening quotation mark. limit bounds the search.
func (d *doc) complementizer(j, limit int) (int, bool) {
	sent := d.sent[min(j, len(d.toks)-1)]
	for k := j; k < len(d.toks) && k < j+limit && d.sent[k] == sent; k++ {
		t := d.toks[k]
		switch {
		case t.Kind == arabic.Quote && t.Open && !d.nameQ[k] && t.Pair > k:
			if k == j {
				return k, true
			}
			// Skip a short quoted term or a quoted title; stop before a
			// quotation.
			if t.Pair-k <= 3 || (k > 0 && d.word(k-1) && d.platformWord(k-1)) {
				k = t.Pair
				continue
			}
			return -1, false
		case t.Kind == arabic.Quote && t.Pair < 0 && k > j:
			return -1, false // an unpaired mark: the text after it is quoted
		case t.Text == ":":
			return k + 1, true
		case d.word(k) && d.lx.comp[d.norm[k]]:
			n := d.norm[k]
			if n == "ان" || n == "بان" {
				return k + 1, true
			}
			return k, true
		case d.word(k) && k > j && relativePronouns[d.norm[k]]:
			// "أكد X، في الندوة التي عقدها يوم الإثنين، أن": a relative
			// clause inside a parenthesis set off by commas.
			if c, ok := d.afterParenthesis(k, j+limit); ok {
				return c, true
			}
			return -1, false
		case d.word(k) && k > j && (d.lx.speech[d.base(d.norm[k])] || d.lx.participle[d.norm[k]] || d.lx.meeting[d.base(d.norm[k])] ||
			clauseStops[d.base(d.norm[k])]):
			return -1, false
		}
	}
	return -1, false
}

// afterParenthesis returns the content after a complementizer that
// directly follows the comma closing the parenthesis containing token k,
// when no other statement starts in between.
func (d *doc) afterParenthesis(k, limit int) (int, bool) {
	open := false
	for p := k - 1; p >= 0 && p > k-12 && d.sent[p] == d.sent[k]; p-- {
		if d.comma(p) {
			open = true
			break
		}
	}
	if !open {
		return -1, false
	}
	for p := k + 1; p < len(d.toks) && p < limit+12 && d.sent[p] == d.sent[k]; p++ {
		if d.toks[p].Kind == arabic.Quote || d.word(p) && (d.lx.speech[d.base(d.norm[p])] || d.lx.comp[d.norm[p]] || d.lx.participle[d.norm[p]]) {
			return -1, false
		}
		if d.comma(p) {
			if d.word(p+1) && d.lx.comp[d.norm[p+1]] {
				if d.norm[p+1] == "ان" || d.norm[p+1] == "بان" {
					return p + 2, true
				}
				return p + 1, true
			}
			return -1, false
		}
	}
	return -1, false
}

// speechFrame handles a speech verb at i: "قال X ... إن ...",
// "وأوضح أن ..." (previous speaker). It returns the token after what it
// consumed.
func (d *doc) speechFrame(st *quoteState, i int) (int, bool) {
	fem, _ := d.feminineVerb(i)
	if d.word(i-1) && relativePronouns[d.norm[i-1]] {
		// "خالد الرياحي، الذي اعتبر أن ...": the antecedent speaks, and
		// nobody else when it is not a person or an organization.
		return d.relativeFrame(st, i, fem)
	}
	id, after := d.subjectAt(st, i+1)
	if id >= 0 && d.agrees(id, fem) {
		// "“...”، قال X": the quotation before the verb is X's; later
		// participles ("، مضيفاً أن") continue it.
		d.quoteBefore(st, i, id)
	}
	if id < 0 {
		// Subject before the verb: "وكانت الزعفراني قد أعلنت ... أن".
		// "وكانت منسقة الأمم المتحدة، كليمنتين أوكافور، قد حذرت".
		k := i - 1
		if d.word(k) && d.norm[k] == "قد" {
			k--
		}
		if d.comma(k) && k+1 < i && d.norm[k+1] == "قد" {
			k--
		}
		if mi := d.owner[max(k, 0)]; k >= 0 && mi >= 0 && d.mentions[mi].e == k+1 && d.mentions[mi].ent >= 0 &&
			k+1 < i && (d.norm[k+1] == "قد" || d.comma(k+1) && d.norm[k+2] == "قد") {
			if c, ok := d.complementizer(i+1, 20); ok && d.agrees(d.mentions[mi].ent, fem) {
				return d.emitFrom(st, d.mentions[mi].ent, c)
			}
		}
	}
	if id < 0 {
		// "أفاد بيان لوزارة الداخلية بأن", "ذكر بيان صادر عن الوزارة
		// أن": the organization (or person) behind the statement.
		if sid, after := d.statementOf(i + 1); sid >= 0 {
			if c, ok := d.complementizer(after, 6); ok {
				return d.emitFrom(st, sid, c)
			}
			return 0, false
		}
	}
	if id < 0 {
		// Subjectless continuation: "وأوضح أن".
		w := d.base(d.norm[i])
		if !d.lx.subjectless[w] {
			return 0, false
		}
		c, ok := d.complementizer(i+1, 4)
		for k := i + 1; ok && k < c && d.word(k) && !d.lx.comp[d.norm[k]]; k++ {
			// "وقالت إيران إنها": a word between the verb and its content
			// is an unrecognized subject, not a continuation; "وختم
			// كلمته بالتأكيد على أن" is.
			if !linkWords[d.norm[k]] && !(k == i+1 && ownSpeech(d.norm[k])) {
				ok = false
			}
		}
		if !ok && d.word(i+1) && introPreps[d.norm[i+1]] {
			// "وأضاف في تصريح لإذاعة ...، أن": a prepositional phrase,
			// no named subject, before the content.
			if c, ok = d.complementizer(i+1, 25); ok {
				for k := i + 1; k < c; k++ {
					if mi := d.owner[k]; mi >= 0 && d.mentions[mi].typ == marsad.EntityPerson {
						ok = false // someone else is named: not a continuation
					}
				}
			}
		}
		if !ok || st.speaker < 0 || d.sent[i]-st.sent > 2 || !d.agrees(st.speaker, fem) {
			return 0, false
		}
		return d.emitFrom(st, st.speaker, c)
	}
	if !d.agrees(id, fem) {
		return 0, false
	}
	// Skip a relative clause set off by commas: "قالت X، التي تعمل في
	// مستشفى ...، إن".
	if d.comma(after) && relativePronouns[d.norm[after+1]] {
		for k := after + 2; k < after+20 && d.sent[k] == d.sent[after]; k++ {
			if d.toks[k].Kind == arabic.Quote || d.word(k) && (d.lx.speech[d.base(d.norm[k])] || d.lx.comp[d.norm[k]]) {
				break
			}
			if d.comma(k) {
				if c, ok := d.complementizer(k+1, 2); ok {
					return d.emitFrom(st, id, c)
				}
				break
			}
		}
	}
	// Skip an appositive role: ", نائب وزير الدفاع الروسي،".
	c, ok := d.complementizer(after, 20)
	if !ok && ilaVerbs[strings.TrimSuffix(d.base(d.norm[i]), "ت")] {
		// "وأشار X في المؤتمر الذي سبق المباراة إلى أن": the verb's
		// own "إلى أن" after a relative clause.
		c, ok = d.ilaComplement(after, 20)
	}
	if !ok {
		return 0, false
	}
	return d.emitFrom(st, id, c)
}

// relativePronouns open a relative clause whose subject is the noun
// before them.
var relativePronouns = map[string]bool{"الذي": true, "التي": true, "الذين": true}

// relativeFrame handles a speech verb right after a relative pronoun at
// i-1: the speaker is the person or organization named just before the
// pronoun (a comma may separate them).
func (d *doc) relativeFrame(st *quoteState, i int, fem bool) (int, bool) {
	k := i - 2
	if d.comma(k) {
		k--
	}
	if k < 0 || d.owner[k] < 0 {
		return 0, false
	}
	m := d.mentions[d.owner[k]]
	if m.e != k+1 && !(m.e == k+2 && d.nameQ[k+1]) || m.ent < 0 ||
		(m.typ != marsad.EntityPerson && m.typ != marsad.EntityOrganization) {
		return 0, false
	}
	if d.norm[i-1] == "التي" && m.typ == marsad.EntityPerson && !d.agrees(m.ent, true) ||
		d.norm[i-1] == "الذي" && m.typ == marsad.EntityPerson && !d.agrees(m.ent, false) {
		return 0, false
	}
	c, ok := d.complementizer(i+1, 4)
	if !ok {
		return 0, false
	}
	return d.emitFrom(st, m.ent, c)
}

// quoteBefore emits the quotation that ends right before the speech verb
// at i ("“...”، قال X") as speaker id's, when it opens its sentence.
func (d *doc) quoteBefore(st *quoteState, i, id int) {
	k := i - 1
	if d.comma(k) {
		k--
	}
	if k < 1 || d.toks[k].Kind != arabic.Quote || d.toks[k].Open || d.nameQ[k] {
		return
	}
	o := -1
	for p := k - 1; p >= 0 && p >= k-200; p-- {
		if d.toks[p].Kind == arabic.Quote && d.toks[p].Pair == k {
			o = p
			break
		}
	}
	if o < 0 || st.used[o] || o != d.sents[d.sent[o]][0] && !(d.sents[d.sent[o]][0] == o-1 && !d.word(o-1)) {
		return
	}
	if d.wordsIn(o+1, k) < minQuoteWords {
		return
	}
	d.emit(st, id, marsad.QuoteDirect, o+1, k)
}

// ilaVerbs take their content with "إلى أن": أشار إلى أن، لفت إلى أن.
var ilaVerbs = map[string]bool{"اشار": true, "لفت": true, "نوه": true, "يشير": true, "تشير": true}

// ilaComplement finds "إلى أن" after token j in the same sentence, before
// any quotation or other speech verb, past relative clauses.
func (d *doc) ilaComplement(j, limit int) (int, bool) {
	sent := d.sent[min(j, len(d.toks)-1)]
	for k := j; k < len(d.toks) && k < j+limit && d.sent[k] == sent; k++ {
		if d.toks[k].Kind == arabic.Quote || d.is(k, ":") {
			return -1, false
		}
		if !d.word(k) {
			continue
		}
		n := d.norm[k]
		if n == "الي" && d.word(k+1) && d.lx.comp[d.norm[k+1]] {
			if d.norm[k+1] == "ان" {
				return k + 2, true
			}
			return k + 1, true
		}
		if k > j && (d.lx.speech[d.base(n)] || d.lx.participle[n] || d.lx.meeting[d.base(n)]) {
			return -1, false
		}
	}
	return -1, false
}

// saying are the verbal nouns of "نقل عن X قوله إن".
var saying = map[string]bool{"قوله": true, "قولها": true, "قولهم": true, "قولهما": true}

// sayingFrame handles "نقل البيان عن X قوله إن ...": the person or
// organization named after عن right before the verbal noun at i speaks.
func (d *doc) sayingFrame(st *quoteState, i int) (int, bool) {
	k := i - 1
	if k < 1 || d.owner[k] < 0 {
		return 0, false
	}
	m := d.mentions[d.owner[k]]
	if m.e != i || m.ent < 0 || (m.typ != marsad.EntityPerson && m.typ != marsad.EntityOrganization) {
		return 0, false
	}
	start := m.s
	if m.roleS >= 0 {
		start = m.roleS // "عن الوزير X قوله"
	}
	if !d.word(start-1) || d.norm[start-1] != "عن" {
		return 0, false
	}
	if m.typ == marsad.EntityPerson && !d.agrees(m.ent, d.norm[i] == "قولها") {
		return 0, false
	}
	c, ok := d.complementizer(i+1, 2)
	if !ok {
		return 0, false
	}
	return d.emitFrom(st, m.ent, c)
}

// participleFrame handles "مضيفة: “...”", "مشيراً إلى أن ...": the
// current speaker goes on.
func (d *doc) participleFrame(st *quoteState, i int) (int, bool) {
	fem := strings.HasSuffix(d.norm[i], "ه")
	c, ok := d.complementizer(i+1, 3)
	if !ok {
		return 0, false
	}
	speaker := st.speaker
	switch {
	case speaker >= 0 && st.sent == d.sent[i]:
		// The statement of this sentence goes on.
	case speaker >= 0 && d.sent[i]-st.sent <= 1:
		// The sentence's own subject comes before the previous
		// speaker: "من جانبه، أعرب الوزير X عن ...، مشيراً إلى أن".
		if id := d.clauseSubject(i); id >= 0 {
			speaker = id
		}
	default:
		// The subject of the main clause: the first person or
		// organization named in the sentence, right after its verb
		// ("انتقد وزير الخارجية الروسي سيرغي لافروف ...، معتبراً أن").
		speaker = d.clauseSubject(i)
	}
	// A later clause with its own subject: "وأشاد الوزير ...، فيما أعرب
	// تاناكا عن شكره، مؤكداً أن".
	if id, ok := d.secondSubject(i); ok {
		speaker = id
	}
	if speaker < 0 || !d.agrees(speaker, fem) {
		return 0, false
	}
	return d.emitFrom(st, speaker, c)
}

// backWindow bounds, in tokens, how far back a speaker or a clause is
// looked for, which keeps hostile input (one endless sentence) linear.
const backWindow = 120

// clauseOpeners start a second clause in a sentence: "فيما أعرب X".
var clauseOpeners = map[string]bool{"فيما": true, "بينما": true, "حين": true, "كما": true, "وفيما": true, "وبينما": true}

// secondSubject looks, in the sentence of the participle at i, for a later
// clause opened by فيما/بينما/كما and a verb: ok reports that there is
// one, and id is its subject (-1 when it names nobody).
func (d *doc) secondSubject(i int) (int, bool) {
	sr := d.sents[d.sent[i]]
	for k := i - 1; k > sr[0] && k > i-backWindow; k-- {
		if !d.word(k) || !clauseOpeners[d.norm[k]] {
			continue
		}
		// The verb, then the subject.
		for s := k + 2; s < i && s <= k+4; s++ {
			mi := d.roleOwner[s]
			if mi < 0 {
				mi = d.owner[s]
			}
			if mi >= 0 {
				m := d.mentions[mi]
				if m.ent >= 0 && (m.typ == marsad.EntityPerson || m.typ == marsad.EntityOrganization) {
					return m.ent, true
				}
				return -1, true
			}
		}
		return -1, true
	}
	return -1, false
}

// clauseSubject returns the entity named as subject at the start of the
// sentence of token i: the first mention (or role phrase) of a person
// or organization, when it comes right after the sentence's first word
// (the verb), before i.
func (d *doc) clauseSubject(i int) int {
	sr := d.sents[d.sent[i]]
	k := sr[0]
	// A discourse marker before the verb: "من جانبها، أعربت ...".
	for c := k; c < k+4 && c < i; c++ {
		if d.comma(c) {
			k = c + 1
			break
		}
	}
	if d.word(k) && d.norm[k] == "قد" {
		k++
	}
	k++ // the verb
	for k < i && k < sr[0]+4 && d.word(k) && d.lx.courtesy[d.norm[k]] {
		k++
	}
	if k >= i {
		return -1
	}
	mi := d.roleOwner[k]
	if mi < 0 {
		mi = d.owner[k]
	}
	if mi < 0 {
		return -1
	}
	m := d.mentions[mi]
	if m.ent < 0 || (m.typ != marsad.EntityPerson && m.typ != marsad.EntityOrganization) {
		return -1
	}
	return m.ent
}

// emitFrom emits the statement starting at token c by speaker id: a
// direct quotation when c opens quotation marks, else reported speech to
// the end of the sentence or the next participle clause.
func (d *doc) emitFrom(st *quoteState, id, c int) (int, bool) {
	if c >= len(d.toks) {
		return 0, false
	}
	if d.word(c) && d.lx.comp[d.norm[c]] && c+1 < len(d.toks) && d.toks[c+1].Kind == arabic.Quote {
		c++ // "أنها “...”"
	}
	t := d.toks[c]
	if t.Kind == arabic.Quote && t.Open && t.Pair > c+1 {
		p := t.Pair
		if d.wordsIn(c+1, p) < minQuoteWords {
			return 0, false
		}
		d.emit(st, id, marsad.QuoteDirect, c+1, p)
		return p + 1, true
	}
	sent := d.sent[c]
	e := c
	for e < len(d.toks) && d.sent[e] == sent {
		if d.lx.participle[d.norm[e]] && e > c && d.comma(e-1) {
			if _, ok := d.complementizer(e+1, 3); ok {
				break
			}
		}
		if e > c && d.comma(e-1) && d.coordinatedSpeech(e) {
			break
		}
		e++
	}
	// Trim trailing punctuation.
	for e > c && (d.toks[e-1].Kind == arabic.Punct) {
		e--
	}
	if e-c < 2 {
		return 0, false
	}
	d.emit(st, id, marsad.QuoteIndirect, c, e)
	return e, true
}

// coordinatedSpeech reports whether token e starts a new coordinated
// statement: "، وأضاف أن ...", "، وأكد الوزير أن ...".
func (d *doc) coordinatedSpeech(e int) bool {
	w := d.norm[e]
	if !d.word(e) || !strings.HasPrefix(w, "و") || !d.lx.speech[d.base(w)] {
		return false
	}
	if _, ok := d.complementizer(e+1, 2); ok {
		return true
	}
	id, _ := d.subjectAt(nil, e+1)
	return id >= 0
}

// emit records tokens [s, e) as a statement of entity id.
func (d *doc) emit(st *quoteState, id int, kind string, s, e int) {
	if s >= e {
		return
	}
	for k := s; k < e; k++ {
		if st.used[k] {
			return
		}
	}
	for k := max(s-1, 0); k < min(e+1, len(d.toks)); k++ {
		st.used[k] = true
	}
	ent := d.ents[id]
	cs, ce := d.toks[s].Start, d.toks[e-1].End
	text := valid(d.text[d.toks[s].ByteStart:d.toks[e-1].ByteEnd])
	st.out = append(st.out, marsad.Quote{Speaker: valid(arabic.Display(ent.name)), SpeakerType: ent.typ,
		Text: text, Kind: kind, Start: cs, End: ce})
	st.speaker = id
	st.sent = d.sent[s]
}

// looseDirect attributes a quotation at open mark i that no speech frame
// reached: "X: “...”", a speech verb earlier in the sentence with an
// implicit subject ("التي وصف فيها سوريا بأنها “...”"), or a verb with its
// subject right after the closing mark ("“...”، قال X").
func (d *doc) looseDirect(st *quoteState, i int) {
	p := d.toks[i].Pair
	if d.wordsIn(i+1, p) < minQuoteWords {
		return // a term or a title, not a statement
	}
	// A quoted name after "لقناة", "برنامج", "عبر موقع": a title.
	if i > 0 && d.word(i-1) && d.platformWord(i-1) {
		return
	}
	// "X: “...”"
	if d.is(i-1, ":") && i >= 2 {
		if mi := d.owner[i-2]; mi >= 0 && d.mentions[mi].ent >= 0 {
			m := d.mentions[mi]
			// Only a speaker heading the sentence ("جعجع: “...”",
			// "رئيس الحزب X: “...”"), not "في تغريدة على منصة إكس:".
			start := m.s
			if m.roleS >= 0 {
				start = m.roleS
			}
			if start == d.sents[d.sent[m.s]][0] && (m.typ == marsad.EntityPerson || m.typ == marsad.EntityOrganization) {
				d.emit(st, m.ent, marsad.QuoteDirect, i+1, p)
				return
			}
		}
	}
	// After the closing mark: "، قال X", when the quotation opens its
	// sentence (not a quoted phrase inside one: "تجعل من نجله "أساس
	// الأزمة"، قال X، إنه").
	k := p + 1
	if d.comma(k) {
		k++
	}
	sentStart := d.sents[d.sent[i]][0]
	if d.word(k) && d.lx.speech[d.base(d.norm[k])] && (i == sentStart || i == sentStart+1 && !d.word(sentStart)) {
		if id, _ := d.subjectAt(st, k+1); id >= 0 {
			fem, _ := d.feminineVerb(k)
			if d.agrees(id, fem) {
				d.emit(st, id, marsad.QuoteDirect, i+1, p)
				return
			}
		}
	}
	// A speech verb earlier in the sentence with no subject of its own.
	sent := d.sent[i]
	for v := i - 1; v >= 0 && v >= i-15 && d.sent[v] == sent; v-- {
		if d.toks[v].Kind == arabic.Quote && !d.nameQ[v] {
			return
		}
		if !d.word(v) || !d.lx.speech[d.base(d.norm[v])] {
			continue
		}
		if id, _ := d.subjectAt(st, v+1); id >= 0 {
			return // had an explicit subject: handled by speechFrame
		}
		// The subject must be implicit: the verb is followed by a
		// pronoun-carrying preposition ("وصف فيها"), not by an
		// unrecognized noun phrase ("قال مقربون منه").
		if !implicitSubject[d.norm[v+1]] {
			return
		}
		// Nearest person named before the verb in the sentence.
		for q := v - 1; q >= 0 && q > v-backWindow && d.sent[q] == sent; q-- {
			if mi := d.owner[q]; mi >= 0 {
				m := d.mentions[mi]
				if m.typ == marsad.EntityPerson && m.ent >= 0 {
					fem, _ := d.feminineVerb(v)
					if d.agrees(m.ent, fem) {
						d.emit(st, m.ent, marsad.QuoteDirect, i+1, p)
					}
					return
				}
			}
		}
		return
	}
}
