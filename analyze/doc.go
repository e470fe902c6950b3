package analyze

import (
	"strings"
	"unicode/utf8"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/analyze/gazetteer"
	"github.com/marsad-news/marsad/arabic"
)

// pad is the number of sentinel entries past the last token.
const pad = 8

// doc is the working state of one analysis.
type doc struct {
	an    *Analyzer
	lx    *lexicon
	text  string
	title string
	toks  []arabic.Token
	norm  []string // normalized word ("" for non-words)
	sent  []int    // sentence number of each token
	sents [][2]int // token range of each sentence
	// owner is the mention covering each token, or -1.
	owner []int
	// gaz marks tokens matched by the gazetteer (location/organization).
	gaz      []bool
	nameQ    []bool // quote tokens around a name: not a quotation
	apposTok []bool // tokens of a role written after a name
	// roleOwner maps tokens of a role phrase before a name to the
	// person mention it introduces, or -1.
	roleOwner []int
	mentions  []*mention
	ents      []*entity
	// runeByte is the byte offset of each code point of text, and of
	// its end.
	runeByte []int32
	// byPos lists the named mentions by position (set by sortMentions).
	byPos []int
	// tags are the statistical tagger's BIO tags per token (nil when
	// there is no tagger).
	tags []string
	// relatives are the counterparts named by "نظيره الروسي ...".
	relatives []relative
	// suffix maps the last words of person names to the entity, -1
	// when two persons share them.
	suffix map[string]int
	// nunName maps the tokens that are known names written with nunation
	// ("محمداً", "خالدٍ") to their bare written form ("محمد"); nil when
	// there are none.
	nunName map[int]string
}

// relative is a counterpart reference ("نظيره الأردني"): its token, the
// nationality adjective after it (normalized, or ""), and the person
// mention it introduces (-1 when no name follows).
type relative struct {
	pos     int
	nat     string
	mention int
	// head is the role head of the person the counterpart is relative
	// to ("وزير"), normalized without the article, or "".
	head string
}

// mention is one occurrence of an entity: tokens [s, e).
type mention struct {
	s, e   int
	cs, ce int // code point offsets
	typ    string
	ent    int
	role   string
	roleS  int // first token of the role phrase before the name, or -1
	gender int
	// nominal is an anaphoric description ("المتحدث الروسي").
	nominal bool
	name    string // display form for named mentions
	key     string
}

type entity struct {
	name     string
	key      string
	typ      string
	roles    []string
	mentions []int
	gender   int
	nameToks []string // normalized name words (for persons)
}

type result struct {
	entities []marsad.Entity
	quotes   []marsad.Quote
	events   []marsad.Event
}

// prefixes are the proclitics stripped when matching a word: conjunction,
// prepositions and their combinations.
var clitics = [...]string{"وبال", "وكال", "فبال", "وللم", "بال", "كال", "فال", "وال", "ولل", "لل", "وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك"}

// strip returns w without the proclitic p when w starts with it and what
// remains is long enough, and the number of letters removed. For "لل" and
// "ولل" the article is restored: "للأمم" -> "الامم".
func strip(w, p string) (string, int, bool) {
	if !strings.HasPrefix(w, p) {
		return "", 0, false
	}
	rest := w[len(p):]
	n := utf8.RuneCountInString(p)
	switch p {
	case "لل", "ولل":
		rest = "ال" + rest
	case "وبال", "وكال", "فبال", "بال", "كال", "فال", "وال":
		rest = "ال" + rest
		n -= 2
	case "وللم":
		return "", 0, false
	}
	if utf8.RuneCountInString(rest) < 2 {
		return "", 0, false
	}
	return rest, n, true
}

// base strips a leading و or ف (conjunction) from w, unless w itself is
// a word of the rules' lexicon ("وزير", "وصف").
func (d *doc) base(w string) string {
	if d.lx.all[w] {
		return w
	}
	if len(w) > 4 && (strings.HasPrefix(w, "و") || strings.HasPrefix(w, "ف")) {
		return w[len("و"):]
	}
	return w
}

func (an *Analyzer) newDoc(text string) *doc {
	if utf8.RuneCountInString(text) > MaxTextRunes {
		n := 0
		for i := range text {
			if n == MaxTextRunes {
				text = text[:i]
				break
			}
			n++
		}
	}
	d := &doc{an: an, lx: an.lx, text: text}
	d.toks = arabic.Tokenize(text)
	d.runeByte = make([]int32, 0, len(text)+1)
	for b := range text {
		d.runeByte = append(d.runeByte, int32(b))
	}
	d.runeByte = append(d.runeByte, int32(len(text)))
	n := len(d.toks)
	// The per-token slices have pad extra entries past the last token
	// (empty word, no owner, sentence -1) so that look-ahead by a few
	// tokens needs no bounds checks.
	d.norm = make([]string, n+pad)
	d.sent = make([]int, n+pad)
	d.owner = make([]int, n+pad)
	d.gaz = make([]bool, n+pad)
	d.nameQ = make([]bool, n+pad)
	d.apposTok = make([]bool, n+pad)
	for i := n; i < n+pad; i++ {
		d.owner[i] = -1
		d.sent[i] = -1
	}
	s, start := 0, 0
	for i, t := range d.toks {
		d.owner[i] = -1
		if t.Kind == arabic.Word || t.Kind == arabic.Latin {
			d.norm[i] = arabic.Normalize(t.Text)
		} else {
			d.norm[i] = t.Text
		}
		if i > 0 && strings.ContainsRune(text[d.toks[i-1].ByteEnd:t.ByteStart], '\n') {
			d.sents = append(d.sents, [2]int{start, i})
			s++
			start = i
		}
		d.sent[i] = s
		if t.Kind == arabic.Punct && (t.Text == "." || t.Text == "!" || t.Text == "؟" || t.Text == "?") {
			d.sents = append(d.sents, [2]int{start, i + 1})
			s++
			start = i + 1
		}
	}
	d.sents = append(d.sents, [2]int{start, n})
	for i, t := range d.toks {
		if t.Kind == arabic.Word && indefinite(t.Text) {
			d.nunation(i)
		}
	}
	return d
}

// setRoleOwners fills roleOwner from the mentions' role phrases.
func (d *doc) setRoleOwners() {
	d.roleOwner = make([]int, len(d.toks)+pad)
	for i := range d.roleOwner {
		d.roleOwner[i] = -1
	}
	for mi, m := range d.mentions {
		if m.roleS >= 0 {
			for k := m.roleS; k < m.s; k++ {
				d.roleOwner[k] = mi
			}
		}
	}
}

// word reports whether token i is an Arabic or Latin word.
func (d *doc) word(i int) bool {
	return i >= 0 && i < len(d.toks) && (d.toks[i].Kind == arabic.Word || d.toks[i].Kind == arabic.Latin)
}

// is reports whether token i is the punctuation or quote p.
func (d *doc) is(i int, p string) bool {
	return i >= 0 && i < len(d.toks) && d.toks[i].Text == p
}

func (d *doc) comma(i int) bool { return d.is(i, "،") || d.is(i, ",") }

// skip returns the number of leading letters to drop from token i so that
// the mention starts after a stripped clitic of n letters (marks skipped).
func (d *doc) runeStart(i, letters int) int {
	t := d.toks[i]
	if letters == 0 {
		return t.Start
	}
	off := 0
	for _, r := range t.Text {
		if letters == 0 {
			break
		}
		off++
		if !isMark(r) {
			letters--
		}
	}
	// Marks right after the clitic belong to it.
	rs := []rune(t.Text)
	for off < len(rs) && isMark(rs[off]) {
		off++
	}
	return t.Start + off
}

func isMark(r rune) bool {
	return (r >= 0x064B && r <= 0x065F) || r == 0x0670 || r == 0x0640
}

// valid returns s with each invalid UTF-8 byte replaced by U+FFFD, as a
// range loop (and code point offsets) count it.
func valid(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return string([]rune(s))
}

// slice returns the text of code points [cs, ce).
func (d *doc) slice(cs, ce int) string {
	if cs < 0 || ce < cs || ce >= len(d.runeByte) {
		return ""
	}
	return valid(d.text[d.runeByte[cs]:d.runeByte[ce]])
}

// span returns the text from token i (after `letters` clitic letters) to
// token j inclusive.
func (d *doc) span(i, letters, j int) string {
	t := d.toks[i]
	b := t.ByteStart
	if letters > 0 {
		cs := d.runeStart(i, letters)
		b = t.ByteStart + len(string([]rune(t.Text)[:cs-t.Start]))
	}
	return d.text[b:d.toks[j].ByteEnd]
}

// nameSpan is span for a person's name: the words written with nunation
// ("محمداً") take their bare form ("محمد"), so that the name and its key
// are the same in every grammatical case.
func (d *doc) nameSpan(i, letters, j int) string {
	s := d.span(i, letters, j)
	if d.nunName == nil {
		return s
	}
	var b strings.Builder
	prev := d.toks[i].ByteEnd
	for k := i; k <= j; k++ {
		bare, ok := d.nunName[k]
		switch {
		case k == i && ok && letters == 0:
			b.WriteString(bare)
		case k == i:
			b.WriteString(d.span(i, letters, i))
		case ok:
			b.WriteString(d.text[prev:d.toks[k].ByteStart])
			b.WriteString(bare)
		default:
			b.WriteString(d.text[prev:d.toks[k].ByteEnd])
		}
		prev = d.toks[k].ByteEnd
	}
	return b.String()
}

// nunation handles a word written with nunation (tanween), which marks an
// indefinite word ("حليفاً", "رسمياً") and is therefore no name, except
// for the names that take it: Arabic given and family names in their
// indefinite case ("محمداً", "خالدٌ", "عليٍّ") and names ending in alef
// ("ماريّاً"). When the word is such a known name in a name's context — a
// title before it, or a family name, a connector (بن، ولد) or a definite
// word after it — its normalized form becomes the bare name and nunName
// records its bare written form. Many given names are also common words
// ("تماماً", "حياةً"), hence the context.
func (d *doc) nunation(i int) {
	g := d.an.gaz
	known := func(w string) bool {
		_, given := g.Given(w)
		return given && !ambiguousGiven[w] || g.Family(w)
	}
	next := d.norm[i+1]
	_, nextGiven := g.Given(next)
	context := d.titleAt(i-1) || d.word(i+1) && (d.lx.connector[next] || nextGiven || g.Family(next) ||
		strings.HasPrefix(next, "ال") && !d.lx.function[next] && !d.lx.nat[next] && !d.lx.title[next])
	if !context {
		return
	}
	w := d.norm[i]
	bare := strings.Map(func(r rune) rune {
		if r == '\u064B' || r == '\u064C' || r == '\u064D' {
			return -1
		}
		return r
	}, d.toks[i].Text)
	switch {
	case strings.HasSuffix(w, "ا") && known(strings.TrimSuffix(w, "ا")):
		// "محمداً": the alef only carries the nunation.
		d.norm[i] = strings.TrimSuffix(w, "ا")
		bare = strings.TrimSuffix(bare, "ا")
	case known(w):
	default:
		return
	}
	if d.nunName == nil {
		d.nunName = make(map[int]string)
	}
	d.nunName[i] = bare
}

// addMention records m and marks its tokens; it refuses overlaps.
func (d *doc) addMention(m *mention) int {
	for k := m.s; k < m.e; k++ {
		if d.owner[k] >= 0 {
			return -1
		}
	}
	id := len(d.mentions)
	d.mentions = append(d.mentions, m)
	for k := m.s; k < m.e; k++ {
		d.owner[k] = id
	}
	return id
}

// key returns the matching key of a name: normalized, without
// honorifics, titles written into names and clitics of the first word.
func (lx *lexicon) key(name string) string {
	ws := strings.Fields(gazetteer.Key(name))
	out := ws[:0:0]
	for _, w := range ws {
		if lx.keyDrop[w] {
			continue
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}
