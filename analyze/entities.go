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

// gazMatch is a gazetteer hit at tokens [s, e) after `letters` clitic
// letters of token s.
type gazMatch struct {
	s, e, letters int
	entry         gazetteer.Entry
}

// matchGazetteer finds the longest gazetteer names, left to right.
func (d *doc) matchGazetteer() []gazMatch {
	g := d.an.gaz
	var out []gazMatch
	var sb strings.Builder
	for i := 0; i < len(d.toks); i++ {
		if !d.word(i) {
			continue
		}
		// Candidate first words: the word and its clitic-stripped forms
		// that start some name.
		type cand struct {
			w       string
			letters int
			most    int
		}
		var cbuf [4]cand
		cands := cbuf[:0]
		if m := g.Starts(d.norm[i]); m > 0 {
			cands = append(cands, cand{d.norm[i], 0, m})
		}
		for _, p := range clitics {
			if len(cands) == cap(cbuf) {
				break
			}
			if r, n, ok := strip(d.norm[i], p); ok {
				if m := g.Starts(r); m > 0 {
					cands = append(cands, cand{r, n, m})
				}
			}
		}
		if len(cands) == 0 {
			continue
		}
		// Maximal run of words from i.
		run := 1
		for run < g.MaxLen() && d.word(i+run) {
			run++
		}
		found := false
		for n := run; n >= 1 && !found; n-- {
			for _, c := range cands {
				if n > c.most {
					continue
				}
				sb.Reset()
				sb.WriteString(c.w)
				for k := i + 1; k < i+n; k++ {
					sb.WriteByte(' ')
					sb.WriteString(d.norm[k])
				}
				if e, ok := g.Lookup(sb.String()); ok {
					out = append(out, gazMatch{s: i, e: i + n, letters: c.letters, entry: e})
					for k := i; k < i+n; k++ {
						d.gaz[k] = true
					}
					i += n - 1
					found = true
					break
				}
			}
		}
	}
	return out
}

// titleAt reports whether token i (after a conjunction) is a title head.
func (d *doc) titleAt(i int) bool {
	_, _, ok := d.titleForm(i)
	return ok
}

// titleForm returns the title head at token i without its proclitics
// ("والرئيس", "بمحافظ", "لوزير"), how many letters they take, and whether
// token i is a title at all.
func (d *doc) titleForm(i int) (string, int, bool) {
	if !d.word(i) {
		return "", 0, false
	}
	w := d.norm[i]
	if d.lx.title[w] {
		return w, 0, true
	}
	if b := d.base(w); b != w && d.lx.title[b] {
		return b, 1, true
	}
	for _, p := range [...]string{"بال", "لل", "وبال", "ولل", "ب", "ل", "وب", "ول"} {
		if r, n, ok := strip(w, p); ok && d.lx.title[r] && (strings.HasPrefix(r, "ال") == (strings.Contains(p, "ال") || strings.HasSuffix(p, "لل"))) {
			return r, n, true
		}
	}
	return "", 0, false
}

// roleEnd parses a role phrase starting with the title head at i and
// returns the index after it. It consumes conjoined titles ("الكاتب
// والباحث"), genitive complements ("وزير الدفاع", "نائب وزير الدفاع"),
// "باسم" + organization, and adjectives ("السوري", "العام").
func (d *doc) roleEnd(i int) int {
	j := d.roleCore(i)
	// A destination after an envoy: "إلى ليبيا", "بالجزائر", "لدى
	// الأمم المتحدة".
	if d.lx.envoy[d.norm[i]] || d.lx.envoy[d.base(d.norm[i])] || (i+1 < len(d.toks) && d.lx.envoy[d.norm[i+1]]) {
		if d.word(j) && (d.norm[j] == "الي" || d.norm[j] == "لدي" || d.norm[j] == "في") && d.definite(j+1) && !d.gaz[j+1] &&
			!d.lx.function[d.norm[j+1]] && d.startsName(j+2) {
			// "سفير اليابان لدى المملكة هيروشي تاناكا".
			return j + 2
		}
		if d.word(j) && (d.norm[j] == "الي" || d.norm[j] == "لدي" || d.norm[j] == "في") && d.gaz[j+min(1, len(d.toks)-1-j)] {
			k := j + 1
			for k < len(d.toks) && d.gaz[k] && k < j+5 {
				k++
			}
			return k
		}
		if d.word(j) && d.gaz[j] && strings.HasPrefix(d.norm[j], "ب") {
			k := j + 1
			for k < len(d.toks) && d.gaz[k] && k < j+4 && !strings.HasPrefix(d.norm[k], "ب") {
				k++
			}
			return k
		}
	}
	// A member for a bloc or a district: "النائبة عن تحالف الفتح".
	if mpHeads[d.base(d.norm[i])] && d.word(j) && d.norm[j] == "عن" {
		if n := d.indefiniteChain(j + 1); n > 0 {
			return j + 1 + n
		}
		if d.gaz[j+1] {
			k := j + 1
			for k < len(d.toks) && d.gaz[k] && k < j+5 {
				k++
			}
			return k
		}
	}
	return j
}

// mpHeads take "عن" and what they represent.
var mpHeads = map[string]bool{"النايب": true, "النايبه": true, "نايب": true, "نايبه": true, "ممثل": true, "الممثل": true}

// ambiguousTitles are title words that are also common nouns ("الفريق":
// the team or a lieutenant general); the name after them must start
// with a known given name.
var ambiguousTitles = map[string]bool{
	"الفريق": true, "الرايد": true, "المقدم": true, "العميد": true, "القايد": true, "الزعيم": true,
	"المسوول": true, "عضو": true, "ممثل": true, "الممثل": true, "المعارض": true, "المعارضه": true,
	"قايد": true, "مسوول": true, "الخبير": true, "المدرب": true, "رجل": true, "سيده": true,
	"كبير": true, "كبيره": true, "طبيب": true, "طبيبه": true,
}

func (d *doc) roleCore(i int) int {
	lx := d.lx
	j := i + 1
	head, _, _ := d.titleForm(i)
	construct := lx.construct[head]
	compl := 0
	for j < len(d.toks) && j < i+10 && d.word(j) {
		w := d.norm[j]
		switch {
		case lx.nat[w]:
			j++
			// A second adjective ("الروسي السابق") is allowed, and a
			// prepositional complement ("التونسي للشغل").
			if d.word(j) && lx.roleAdj[d.norm[j]] {
				j++
			}
			// Also an institution's complement ("المرصد الأوروبي لتعليم
			// اللغة العربية") and a place ("في باريس").
			x := d.norm[j]
			if !(d.word(j) && (strings.HasPrefix(x, "لل") ||
				strings.HasPrefix(x, "ل") && utf8.RuneCountInString(x) > 3 && !lx.grammatical[x] && d.word(j+1) && d.definite(j+1) ||
				x == "في" && d.gaz[j+1])) {
				return j
			}
		case lx.roleAdj[w]:
			j++
		case strings.HasPrefix(w, "و") && lx.title[w[len("و"):]] && j == i+1:
			// "الكاتب والباحث"
			head = w[len("و"):]
			construct = lx.construct[head]
			j++
		case w == "باسم" || w == "باسمه":
			j++
			// The organization: gazetteer names or definite words.
			k := j
			for k < len(d.toks) && k < j+4 && d.word(k) && (d.gaz[k] || strings.HasPrefix(d.norm[k], "ال")) {
				k++
				if k > j && d.gaz[k-1] && (k >= len(d.toks) || !d.gaz[k]) {
					break
				}
			}
			if k == j && !d.titleAt(j) {
				// "باسم رئاسة الجمهورية": an indefinite construct (but
				// in "المتحدث باسم رئيس الوزراء X" the name is the prime
				// minister's, not the spokesman's).
				k = j + d.indefiniteChain(j)
			}
			if k == j {
				return i + 1
			}
			j = k
			// An adjective after the organization: "باسم الخارجية الروسية",
			// "باسم قوة الأمم المتحدة المؤقتة في لبنان".
			if d.word(j) && lx.nat[d.norm[j]] {
				j++
			} else if d.word(j) && (d.nisba(j) || d.definite(j) && strings.HasPrefix(d.norm[j], "الم") && !lx.function[d.norm[j]] &&
				!lx.title[d.norm[j]] && !lx.keyDrop[d.norm[j]]) && !d.startsName(j) {
				j++
			}
			if d.word(j) && d.norm[j] == "في" && d.gaz[j+1] && (d.comma(j+2) || d.startsName(j+2)) {
				j += 2
			}
			return j
		case construct && (lx.construct[w] || lx.title[w]) && !strings.HasPrefix(w, "ال"):
			// "نائب وزير": the complement is itself a construct head.
			construct = lx.construct[w]
			j++
		case construct && compl < 4 && (strings.HasPrefix(w, "ال") || (compl > 0 && strings.HasPrefix(w, "وال"))) &&
			!lx.grammatical[w] && !lx.keyDrop[w]:
			// (A title written into a name, "المهندس", "الشيخ", starts
			// the name rather than continuing the role.)
			compl++
			j++
		case j > i+1 && compl < 4 && strings.HasPrefix(w, "لل") && !lx.grammatical[w]:
			// A prepositional complement: "وكيل الوزارة للشؤون السياسية",
			// "الأمينة العامة للحزب الجمهوري".
			compl++
			j++
		case j > i+1 && compl < 4 && strings.HasPrefix(w, "ل") && !strings.HasPrefix(w, "لل") && utf8.RuneCountInString(w) > 3 &&
			!lx.grammatical[w] && d.word(j+1) && strings.HasPrefix(d.norm[j+1], "ال"):
			// "رئيس الهيئة الوطنية لمكافحة الفساد".
			compl++
			j += 2
		case construct && compl == 0 && !strings.HasPrefix(w, "ال") && !lx.grammatical[w] && d.gaz[j+1] &&
			!d.gaz[j] && d.word(j+1):
			// "وزير خارجية اليابان": an indefinite noun and a country.
			compl++
			j += 2
		case construct && compl == 0 && officePlurals[w] && d.word(j+1) && !lx.grammatical[d.norm[j+1]] && !lx.function[d.norm[j+1]]:
			// "رئيسة وزراء اسكتلندا": the country may be unknown.
			compl++
			j += 2
		case construct && compl == 0 && d.indefiniteChain(j) > 0:
			// "رئيس مجلس السيادة", "رئيس هيئة شؤون الأسرى", "وزير خارجية
			// مملكة النرويج": indefinite nouns in construct ending in a
			// definite word or a place.
			n := d.indefiniteChain(j)
			compl += 1
			j += n
		case !construct && j <= i+2 && strings.HasPrefix(w, "ال") && (strings.HasSuffix(w, "ي") || strings.HasSuffix(w, "يه")) &&
			!lx.grammatical[w] && !lx.title[w] && !lx.function[w]:
			// A relational adjective: "الخبير الاقتصادي".
			j++
		case construct && compl < 2 && d.gaz[j]:
			compl++
			j++
		case j > i+1 && compl < 4 && strings.HasPrefix(w, "ب") && orgNouns[strings.TrimPrefix(w, "ب")] && d.word(j+1) &&
			(d.definite(j+1) || d.gaz[j+1]) && !lx.grammatical[d.norm[j+1]]:
			// The institution: "أستاذة الهندسة بجامعة القاهرة".
			compl++
			j += 2
		case compl > 0 && d.nisba(j) && !d.an.gaz.Family(w) &&
			(d.comma(j+1) || d.startsName(j+1) || strings.HasPrefix(d.norm[j+1], "لل")):
			// An adjective of the last complement: "الكاتب العام للجامعة
			// العامة للتعليم الثانوي خالد ...", "للنقابة الجهوية للأطباء".
			j++
		case j > i+1 && w == "في" && d.gaz[j+1] && !d.gaz[j-1] && (d.comma(j+2) || d.startsName(j+2) ||
			d.word(j+2) && (lx.honor[d.norm[j+2]] || lx.keyDrop[d.norm[j+2]])):
			// A place before the name: "... في باريس الدكتور بشير العبيدي".
			return j + 2
		case j > i+1 && d.gaz[j] && strings.HasPrefix(w, "ب") && !d.gaz[j-1]:
			// A place: "المدير الجهوي للصحة بصفاقس".
			j++
			for j < len(d.toks) && j < i+12 && d.gaz[j] && !strings.HasPrefix(d.norm[j], "ب") {
				j++
			}
			return j
		case w == "في" && orgNouns[d.norm[j+1]] && d.word(j+2) && !lx.grammatical[d.norm[j+2]] &&
			(d.definite(j+2) || d.gaz[j+2] || d.comma(j+3) || d.startsName(j+3)):
			// The institution: "المحللة في شركة الراجحي المالية"،
			// "كبير الاقتصاديين في بنك الرياض،".
			j += 3
			for j < len(d.toks) && j < i+12 && d.word(j) && (d.definite(j) || d.gaz[j]) && !lx.grammatical[d.norm[j]] &&
				!lx.function[d.norm[j]] && !lx.keyDrop[d.norm[j]] {
				j++
			}
			return j
		case construct && j == i+1 && (w == "عام" || w == "عامه"):
			// "مدير عام المستشفيات", "أمين عام الحزب".
			j++
		case !construct && j == i+1 && d.definite(j) && strings.HasPrefix(w, "الم") && utf8.RuneCountInString(w) >= 5 &&
			!lx.grammatical[w] && !lx.function[w] && !lx.title[w] && !lx.keyDrop[w] && d.startsName(j+1):
			// A participle adjective before the name: "الطبيبة
			// المتطوعة سلمى عاشور".
			j++
		default:
			return j
		}
	}
	return j
}

// nisba reports whether token j is a definite relational adjective
// ("الثانوي", "السلوفينية") rather than a function word or a title.
func (d *doc) nisba(j int) bool {
	w := d.norm[j]
	return d.word(j) && d.definite(j) && (strings.HasSuffix(w, "ي") || strings.HasSuffix(w, "يه")) &&
		utf8.RuneCountInString(w) > 4 && !d.lx.grammatical[w] && !d.lx.function[w] && !d.lx.title[w] && !d.gaz[j]
}

// indefiniteChain returns how many tokens from j form a construct chain
// of one or two indefinite nouns ending in a definite word or a place
// ("مجلس السيادة", "هيئة شؤون الأسرى", "خارجية اليابان"), or 0.
func (d *doc) indefiniteChain(j int) int {
	lx := d.lx
	for n := 0; n < 2; n++ {
		w := d.norm[j+n]
		if !d.word(j+n) || strings.HasPrefix(w, "ال") || lx.grammatical[w] || lx.function[w] && !orgNouns[w] || d.gaz[j+n] {
			return 0
		}
		if _, given := d.an.gaz.Given(w); given && !orgNouns[w] {
			return 0
		}
		x := d.norm[j+n+1]
		if n == 1 && d.word(j+n+1) && d.comma(j+n+2) && !lx.grammatical[x] && !lx.function[x] && !strings.HasPrefix(x, "ال") &&
			orgNouns[d.norm[j]] {
			// "رئيس حكومة إقليم كردستان، X": an unlisted place before
			// the comma that opens the name.
			return n + 2
		}
		if d.word(j+n+1) && (d.gaz[j+n+1] || strings.HasPrefix(x, "ال") && !lx.grammatical[x] && !lx.function[x]) {
			k := j + n + 2
			for k < len(d.toks) && k < j+n+6 && d.gaz[k] && d.gaz[k-1] {
				k++ // a multiword place: "قطاع غزة"
			}
			return k - j
		}
	}
	return 0
}

// thirdOK decides whether token j, the third word or later of a name
// starting at i, still belongs to it: yes after a known given name
// ("محمد سامح حامض"), for a definite family name ("علي حسين الساعدي"),
// or when the name clearly ends after it; no for "أحمد أبازيد كتب
// منشوراً".
func (d *doc) thirdOK(i, j int) bool {
	if j < i+2 || d.lx.connector[d.norm[j-1]] || d.lx.connector[d.norm[i]] {
		return true
	}
	if d.an.gaz.Family(d.norm[j]) {
		return true
	}
	if d.definite(j) {
		// Not a definite noun with its adjective: "وصف وزير التجارة
		// ويلبور روس الضربة الأمريكية".
		return !(d.word(j+1) && d.lx.nat[d.norm[j+1]])
	}
	if _, ok := d.an.gaz.Given(d.norm[j-1]); ok {
		return true
	}
	k := j + 1
	return k >= len(d.toks) || !d.word(k) || d.lx.function[d.norm[k]] || d.lx.comp[d.norm[k]] ||
		d.lx.title[d.norm[k]] || d.lx.relative[d.norm[k]] || d.lx.nat[d.norm[k]] || d.gaz[k] ||
		d.lx.speech[d.base(d.norm[k])] || d.lx.participle[d.norm[k]] || d.toks[k].Kind == arabic.Quote
}

// definite reports whether token i carries the article: "الشرع", not
// "ألكسندر" or "إلهام", whose hamza normalization drops.
func (d *doc) definite(i int) bool {
	if !strings.HasPrefix(d.norm[i], "ال") {
		return false
	}
	t := d.toks[i].Text
	for _, h := range [...]string{"أل", "إل", "آل"} {
		if strings.HasPrefix(t, h) {
			return false
		}
	}
	return true
}

// abdAl reports whether token i is "عبد" followed by a definite word:
// "عبد الأمير", "عبد الرحمن" are one given name.
func (d *doc) abdAl(i int) bool {
	return d.norm[i] == "عبد" && d.word(i+1) && strings.HasPrefix(d.norm[i+1], "ال") && !d.lx.grammatical[d.norm[i+1]]
}

// startsName reports whether a person's name starts at token k.
func (d *doc) startsName(k int) bool {
	e, _ := d.nameAt(k)
	return e > k
}

// nameLike reports whether token i can be part of a person's name.
// indefinite reports whether a word carries nunation (tanween): "اً" at
// its end, or one of the tanween marks.
func indefinite(word string) bool {
	return strings.HasSuffix(word, "اً") || strings.HasSuffix(word, "ًا") ||
		strings.ContainsAny(word, "\u064B\u064C\u064D")
}

func (d *doc) nameLike(i int, first bool) bool {
	if !d.word(i) || d.toks[i].Kind != arabic.Word || d.gaz[i] || d.owner[i] >= 0 {
		return false
	}
	w := d.norm[i]
	lx := d.lx
	if (w == "علي" || w == "الي") && strings.HasSuffix(arabic.RemoveDiacritics(d.toks[i].Text), "ي") {
		return !first || w == "علي" // the name علي, not the preposition على
	}
	if utf8.RuneCountInString(w) < 2 || lx.function[w] || lx.title[w] || lx.title[d.base(w)] || lx.nat[w] ||
		lx.speech[w] || lx.speech[d.base(w)] || lx.relative[w] || lx.participle[w] || lx.roleAdj[w] ||
		lx.meeting[w] || lx.meeting[d.base(w)] || lx.personAnaphor[w] || arabic.IsStopWord(d.toks[i].Text) {
		return false
	}
	if first && d.definite(i) || honorificPronouns[w] || lx.courtesy[w] || lx.honor[w] || lx.keyDrop[w] {
		return false
	}
	// Nunation marks an indefinite word, which a name is not:
	// "حليفاً جيوسياسياً" (known names such as محمداً, see nunation, are
	// the exception).
	if _, ok := d.nunName[i]; !ok && indefinite(d.toks[i].Text) {
		return false
	}
	// Number words ("اللاعب رقم واحد") and present-tense plural verbs
	// ("يحتاجون", "تعملان") are no names.
	if numberWords[w] || officePlurals[w] || presentPlural(w) {
		if _, ok := d.an.gaz.Given(w); !ok && !d.an.gaz.Family(w) {
			return false
		}
	}
	// A first word in alef maqsura that is no known name is a verb:
	// "أنهى", "أجرى", "أبدى" (names such as موسى، يحيى are listed).
	if first && strings.HasSuffix(arabic.RemoveDiacritics(d.toks[i].Text), "ى") {
		if _, ok := d.an.gaz.Given(w); !ok {
			return false
		}
	}
	// A preposition with the article never starts a name ("للحزب",
	// "بالقاهرة"), nor continues it when it is لل ("للصحفيين"); "والش"
	// may be a family name.
	if strings.HasPrefix(w, "لل") {
		return false
	}
	for _, p := range [...]string{"بال", "كال", "فال", "وال"} {
		// "والش" may be a family name after a given name.
		if strings.HasPrefix(w, p) && (first || p != "وال") {
			return false
		}
	}
	// A function word, institution noun or medium with a proclitic:
	// "لوكالة", "لشبكة", "ومدينة".
	if placeWords[w] || platformWords[w] {
		return false
	}
	for _, p := range [...]string{"ل", "ب", "لل", "و", "ف", "ك"} {
		if r, _, ok := strip(w, p); ok && (lx.function[r] || orgNouns[r] || platformWords[r] || placeWords[r]) {
			return false
		}
	}
	// Words with a possessive suffix are not names ("تقريرها").
	for _, suf := range [...]string{"ها", "هم", "هما", "كم", "هن"} {
		if strings.HasSuffix(w, suf) {
			if _, ok := d.an.gaz.Given(w); !ok && !d.an.gaz.Family(w) {
				return false
			}
		}
	}
	return true
}

// purpose reports whether token j, inside a would-be name, is a noun
// with the preposition ل or ب governing a definite word: "لإدخال
// الإمدادات", "بتنظيم الدورة" — a phrase, not a family name.
func (d *doc) purpose(j int) bool {
	w := d.norm[j]
	if !strings.HasPrefix(w, "ل") && !strings.HasPrefix(w, "ب") || utf8.RuneCountInString(w) < 4 {
		return false
	}
	if _, given := d.an.gaz.Given(w); given || d.an.gaz.Family(w) {
		return false
	}
	n := d.norm[j+1]
	return d.word(j+1) && d.definite(j+1) && !d.lx.function[n] && !d.lx.nat[n] && !d.lx.title[n]
}

// officePlurals are plural nouns of offices, never names: "رئيسة وزراء
// اسكتلندا".
var officePlurals = map[string]bool{
	"وزراء": true, "نواب": true, "سفراء": true, "رؤساء": true, "روساء": true, "اعضاء": true, "قاده": true,
	"مسوولي": true, "مسوولو": true, "مسوولين": true, "قضاه": true, "امراء": true,
}

// numberWords are cardinal numbers and number nouns.
var numberWords = map[string]bool{
	"رقم": true, "واحد": true, "واحده": true, "اثنان": true, "اثنين": true, "ثلاث": true, "ثلاثه": true,
	"اربع": true, "اربعه": true, "خمس": true, "خمسه": true, "ست": true, "سته": true, "سبع": true, "سبعه": true,
	"ثماني": true, "ثمانيه": true, "تسع": true, "تسعه": true, "عشر": true, "عشره": true, "مليون": true,
	"مليار": true, "الف": true, "مئه": true, "ماءه": true,
}

// presentPlural reports whether w has the shape of a present-tense verb
// in the plural or dual: يفعلون، تفعلان.
func presentPlural(w string) bool {
	return utf8.RuneCountInString(w) >= 5 && (strings.HasPrefix(w, "ي") || strings.HasPrefix(w, "ت")) &&
		(strings.HasSuffix(w, "ون") || strings.HasSuffix(w, "ان"))
}

// readName reads a person's name starting at token i: up to four name
// words (connectors such as بن، أبو، عبد inside), ending after a definite
// family name ("أحمد الشرع"). It returns the end index, or i when there is
// no name.
func (d *doc) readName(i int) int {
	if !d.nameLike(i, true) && !(d.word(i) && d.lx.connector[d.norm[i]] && d.nameLike(i+1, false)) {
		return i
	}
	j := i + 1
	words := 1
	if d.lx.connector[d.norm[i]] && (d.nameLike(i+1, false) || d.abdAl(i)) {
		// "عبد الفتاح", "أبو محمد", "عبد الأمير": one given name.
		j, words = i+2, 2
	}
	// Royal and tribal names chain family names: "الشيخ مشعل الأحمد
	// الجابر الصباح".
	royal := i > 0 && d.word(i-1) && royalTitles[d.norm[i-1]]
	for j < len(d.toks) && words < 5 {
		w := d.norm[j]
		if d.lx.connector[w] && (d.nameLike(j+1, false) || d.abdAl(j)) {
			j += 2
			words += 2
			continue
		}
		if !d.nameLike(j, false) || !d.thirdOK(i, j) || d.purpose(j) {
			break
		}
		j++
		words++
		if d.definite(j-1) && !royal && !compoundAl[w] {
			break
		}
	}
	// A trailing connector alone is not part of the name.
	for j > i+1 && d.lx.connector[d.norm[j-1]] {
		j--
	}
	return j
}

// orgNouns head an institution's name in a role: "رئيس مجلس الوزراء".
var orgNouns = map[string]bool{
	"مجلس": true, "هييه": true, "وزاره": true, "مكتب": true, "اداره": true, "لجنه": true, "جهاز": true,
	"دايره": true, "مديريه": true, "شركه": true, "بنك": true, "جامعه": true, "حزب": true, "حركه": true,
	"وكاله": true, "منظمه": true, "اتحاد": true, "نادي": true, "مركز": true, "صندوق": true, "بعثه": true,
	"محكمه": true, "غرفه": true, "مؤسسه": true, "موسسه": true, "قوات": true, "اركان": true, "جمعيه": true,
	"حكومه": true, "قوه": true, "اقليم": true,
}

// orgAdjectives qualify an institution like a relational adjective:
// "الهيئة العامة", "المحكمة العليا".
var orgAdjectives = map[string]bool{"العام": true, "العامه": true, "العليا": true, "الاعلي": true, "المستقله": true, "المركزي": true}

// compoundAl are the definite second parts of compound given names: "حسام
// الدين", "فاطمة الزهراء"; the name goes on after them.
var compoundAl = map[string]bool{"الدين": true, "الزهراء": true, "الهدي": true, "الاسلام": true, "الحق": true}

// mediaNouns precede the quoted name of a medium: "صحيفة "الصباح"".
var mediaNouns = map[string]bool{"صحيفه": true, "جريده": true, "قناه": true, "موقع": true, "اذاعه": true, "مجله": true, "وكاله": true}

// placeWords head place names: "مدينة بن قردان".
var placeWords = map[string]bool{
	"مدينه": true, "ولايه": true, "محافظه": true, "منطقه": true, "قريه": true, "بلده": true, "جزيره": true,
	"حي": true, "مخيم": true, "ميناء": true, "مطار": true, "شارع": true, "ساحه": true, "اقليم": true, "معتمديه": true,
}

// royalTitles precede names that chain several family names.
var royalTitles = map[string]bool{"الشيخ": true, "الشيخه": true, "الامير": true, "الاميره": true, "الملك": true, "السلطان": true}

// detectPersons finds persons introduced by titles, triggers, relative
// titles and given names, with their roles.
func (d *doc) detectPersons() {
	lx := d.lx
	for i := 0; i < len(d.toks); i++ {
		if d.owner[i] >= 0 || !d.word(i) {
			continue
		}
		w := d.norm[i]
		switch {
		case d.titleAt(i) && !(d.gaz[i] && !lx.title[w]):
			j := d.roleEnd(i)
			k := j
			// Honorifics and a second title ("الأمير") before the name.
			for k < len(d.toks) && k < j+2 && d.word(k) && (lx.honor[d.norm[k]] || lx.keyDrop[d.norm[k]]) {
				k++
			}
			comma := false
			if d.comma(k) {
				comma = true
				k++
				// "مدرب نادي السد، الإسباني خوان مانويل لوبيز،": a
				// nationality before the name.
				if d.word(k) && lx.nat[d.norm[k]] && d.startsName(k+1) {
					k++
				}
				// "، الدكتور فهد الدوسري،".
				for k < len(d.toks) && k < j+4 && d.word(k) && (lx.honor[d.norm[k]] || lx.keyDrop[d.norm[k]]) {
					k++
				}
			}
			e, q := d.nameAt(k)
			if e == k && comma {
				// "وزيرة الصحة، الناها بنت محمد الأمين،": a name set off
				// by commas that the word rules do not read.
				e = d.commaName(k)
			}
			if e == k {
				continue
			}
			if e-k == 1 && !d.singleNameOK(k, comma) {
				continue
			}
			if !comma && d.objectAfterSubject(i, k) {
				continue
			}
			if !q && e-k >= 3 && d.cliticNoun(k) {
				// "أشاد الوزير بجهود خالد العمري": a noun with a
				// preposition before a known given name; the name
				// starts later and the title is not its role.
				continue
			}
			if ambiguousTitles[d.base(w)] && j == i+1 && !q {
				if _, given := d.an.gaz.Given(d.norm[k]); !given {
					continue
				}
			}
			role := ""
			if !lx.honor[d.base(w)] && !lx.keyDrop[d.base(w)] {
				role = d.roleText(i, j)
			}
			gender := d.genderOfTitle(i)
			ns, ne := k, e
			if q {
				ns, ne = k+1, e-1
				d.nameQ[k], d.nameQ[e-1] = true, true
			}
			m := d.personMention(ns, ne, role, i, gender)
			if d.addMention(m) >= 0 {
				i = e - 1
			}
		case lx.personTrigger[w] || lx.personTrigger[d.base(w)]:
			e, q := d.nameAt(i + 1)
			if e-(i+1) >= 2 || (e-(i+1) == 1 && d.singleNameOK(i+1, false)) {
				ns, ne := i+1, e
				if q {
					ns, ne = i+2, e-1
				}
				d.addMention(d.personMention(ns, ne, "", -1, gazetteer.Unknown))
				i = e - 1
			}
		case lx.relative[w]:
			j := i + 1
			if d.word(j) && lx.nat[d.norm[j]] {
				j++
			}
			e, _ := d.nameAt(j)
			_, given := d.an.gaz.Given(d.norm[j])
			definite := false
			for k := j; k < e; k++ {
				definite = definite || strings.HasPrefix(d.norm[k], "ال")
			}
			rel := relative{pos: i, mention: -1, head: d.relativeHead(i)}
			if j > i+1 {
				rel.nat = d.norm[i+1]
			}
			if e-j >= 2 && (given || !definite) {
				m := d.personMention(j, e, "", -1, gazetteer.Unknown)
				m.role = d.relativeRole(i)
				rel.mention = d.addMention(m)
				i = e - 1
			}
			d.relatives = append(d.relatives, rel)
		}
	}
	// Given names: a known given name followed by more name words.
	for i := 0; i < len(d.toks); i++ {
		if d.owner[i] >= 0 || !d.word(i) {
			continue
		}
		w := d.norm[i]
		letters := 0
		gender, ok := d.an.gaz.Given(w)
		if !ok && strings.HasPrefix(w, "و") {
			if gender, ok = d.an.gaz.Given(w[len("و"):]); ok {
				letters = 1
			}
		}
		if !ok || ambiguousGiven[w] || d.isKnownFamily(w) {
			continue
		}
		if letters == 0 && !d.nameLike(i, true) {
			continue
		}
		e := d.readNameFrom(i)
		if e-i < 2 {
			continue
		}
		m := d.personMention(i, e, "", -1, gender)
		if letters > 0 {
			m.cs = d.runeStart(i, letters)
			m.name = d.nameSpan(i, letters, e-1)
			m.key = d.lx.key(m.name)
		}
		if d.addMention(m) >= 0 {
			i = e - 1
		}
	}
}

// objectAfterSubject reports whether the name at k, written with the
// accusative nunation ("محمداً"), is the object of the sentence's verb
// rather than the bearer of the title at i: the title heads the subject,
// right after the verb that starts the sentence ("وعيّن الرئيس محمداً ولد
// أحمد سفيراً"), so it is nominative and the name is not in apposition.
func (d *doc) objectAfterSubject(i, k int) bool {
	if _, ok := d.nunName[k]; !ok || !strings.ContainsRune(d.toks[k].Text, '\u064B') {
		return false
	}
	s := d.sents[d.sent[i]][0]
	if d.word(s) && d.norm[s] == "قد" {
		s++
	}
	return i == s+1
}

// cliticNoun reports whether token k is a word with a preposition
// ("بجهود", "لدور") followed by a known given name: the name starts after
// it.
func (d *doc) cliticNoun(k int) bool {
	w := d.norm[k]
	if _, given := d.an.gaz.Given(w); given || d.an.gaz.Family(w) || utf8.RuneCountInString(w) < 4 {
		return false
	}
	if !strings.HasPrefix(w, "ب") && !strings.HasPrefix(w, "ل") && !strings.HasPrefix(w, "ك") {
		return false
	}
	next := d.norm[k+1]
	_, given := d.an.gaz.Given(next)
	return given && !ambiguousGiven[next]
}

// commaName reads the words from k to the next comma as a name when
// they can be one: two to five words, none a function word, title,
// speech word, place or nunated word. It returns the end, or k.
func (d *doc) commaName(k int) int {
	lx := d.lx
	e := k
	if _, given := d.an.gaz.Given(d.norm[k]); strings.HasPrefix(d.norm[k], "و") && !given {
		return k // "، وسلمى ...": a conjoined person, not an apposition
	}
	for e < len(d.toks) && e < k+6 && d.word(e) {
		w, b := d.norm[e], d.base(d.norm[e])
		if lx.function[w] || lx.function[b] || lx.grammatical[w] || lx.speech[b] || lx.participle[w] || lx.comp[w] ||
			lx.nat[w] || lx.roleAdj[w] || d.gaz[e] || d.owner[e] >= 0 || indefinite(d.toks[e].Text) ||
			d.titleAt(e) && (e == k || strings.HasPrefix(w, "و") || !d.definite(e) && !d.word(e+1)) ||
			strings.HasPrefix(w, "لل") || strings.HasPrefix(w, "بال") || lx.meeting[b] || orgNouns[w] || orgNouns[b] || placeWords[w] || arabic.IsStopWord(d.toks[e].Text) && e > k ||
			utf8.RuneCountInString(w) < 2 {
			return k
		}
		e++
	}
	if e-k < 2 || e-k > 5 || !d.comma(e) {
		return k
	}
	return e
}

// isKnownFamily reports whether w is the last word of a person already
// found.
func (d *doc) isKnownFamily(w string) bool {
	if d.suffix == nil {
		d.suffix = make(map[string]int)
		for _, m := range d.mentions {
			if m.typ == marsad.EntityPerson && m.e-m.s >= 2 {
				d.suffix[d.norm[m.e-1]] = 0
			}
		}
	}
	_, ok := d.suffix[w]
	return ok
}

// ambiguousGiven are given names that are also common words; they start a
// name only after a title.
var ambiguousGiven = map[string]bool{
	"امل": true, "سعيد": true, "كريم": true, "جمال": true, "عادل": true, "نبيل": true, "مني": true,
	"هدي": true, "نور": true, "امين": true, "صالح": true, "منصور": true, "ناصر": true, "راشد": true,
	"عزيز": true, "سلطان": true, "بدر": true, "رياض": true, "حافظ": true, "سامح": true, "اسعد": true,
	"جو": true, "جان": true, "عبد": true, "ابي": true, "زايد": true, "وليد": true, "فيصل": false,
	"حسن": true, "رجب": true, "عيسي": false, "موسي": false, "سلمي": true, "هشام": false,
	"مريم": false, "ليلي": true, "سميره": false, "عمر": true, "علي": true, "بشار": false,
	"باسم": true, "وفاء": true, "امان": true, "سلام": true, "نصر": true, "فرح": true, "ايمان": true,
	"حياه": true, "رحمه": true, "نجاح": true, "سعاده": true, "ختام": true, "عهد": true, "وعد": true,
}

// readNameFrom reads a name at i whose first word is already known to be
// a given name (it may carry a conjunction).
func (d *doc) readNameFrom(i int) int {
	j := i + 1
	words := 1
	for j < len(d.toks) && words < 4 {
		w := d.norm[j]
		if d.lx.connector[w] && (d.nameLike(j+1, false) || d.abdAl(j)) {
			j += 2
			words += 2
			continue
		}
		if !d.nameLike(j, false) || !d.thirdOK(i, j) || d.purpose(j) {
			break
		}
		j++
		words++
		if d.definite(j - 1) {
			break
		}
	}
	for j > i+1 && d.lx.connector[d.norm[j-1]] {
		j--
	}
	return j
}

// nameAt reads a name at k, possibly inside quotation marks ("أحمد
// أبازيد" written in quotes). It returns the end (after the closing mark
// when quoted) and whether it was quoted.
func (d *doc) nameAt(k int) (int, bool) {
	if k < len(d.toks) && d.toks[k].Kind == arabic.Quote && d.toks[k].Open {
		p := d.toks[k].Pair
		if p > k+1 && p <= k+5 {
			e := d.readName(k + 1)
			if e == p {
				return p + 1, true
			}
		}
		return k, false
	}
	return d.readName(k), false
}

// singleNameOK accepts a one-word name after a title when it is a known
// name or a family name already seen, or set off by commas.
func (d *doc) singleNameOK(k int, comma bool) bool {
	w := d.norm[k]
	if _, ok := d.an.gaz.Given(w); ok && !ambiguousGiven[w] {
		return true
	}
	if d.an.gaz.Family(w) {
		return true
	}
	return comma && (d.comma(k+1) || d.is(k+1, "."))
}

func (d *doc) genderOfTitle(i int) int {
	w := d.base(d.norm[i])
	if strings.HasSuffix(w, "ه") {
		return gazetteer.Female
	}
	return gazetteer.Male
}

// roleText is the surface text of the role phrase [i, j) without a
// leading conjunction.
func (d *doc) roleText(i, j int) string {
	_, letters, _ := d.titleForm(i)
	return arabic.Display(arabic.RemoveDiacritics(d.span(i, letters, j-1)))
}

// relativeRole derives the role of a counterpart ("نظيره الروسي") from the
// role of the person it is relative to, when the text makes it certain:
// the nearest person before it in the sentence has a ministerial or
// similar construct role with a nationality adjective, and the relative
// title carries its own adjective.
func (d *doc) relativeRole(i int) string {
	if !d.word(i+1) || !d.lx.nat[d.norm[i+1]] {
		return ""
	}
	for k := len(d.mentions) - 1; k >= 0; k-- {
		m := d.mentions[k]
		if m.e > i || d.sent[m.s] != d.sent[i] {
			if m.e <= i {
				break
			}
			continue
		}
		if m.typ != marsad.EntityPerson || m.role == "" {
			return ""
		}
		ws := strings.Fields(m.role)
		if len(ws) < 3 || !d.lx.nat[arabic.Normalize(ws[len(ws)-1])] || !d.lx.construct[arabic.Normalize(ws[0])] {
			return ""
		}
		return strings.Join(ws[:len(ws)-1], " ") + " " + d.toks[i+1].Text
	}
	return ""
}

// relativeHead returns the role head (normalized, without the article)
// of the person a counterpart at token i is relative to: the nearest
// title before i in its sentence ("وزير الرياضة السوري ... نظيره").
func (d *doc) relativeHead(i int) string {
	for k := i - 1; k >= 0 && k > i-30 && d.sent[k] == d.sent[i]; k-- {
		if d.titleAt(k) {
			return strings.TrimPrefix(d.base(d.norm[k]), "ال")
		}
	}
	return ""
}

func (d *doc) personMention(s, e int, role string, roleS int, gender int) *mention {
	s, e = d.completePerson(s, e)
	name := d.nameSpan(s, 0, e-1)
	m := &mention{s: s, e: e, cs: d.toks[s].Start, ce: d.toks[e-1].End, typ: marsad.EntityPerson,
		ent: -1, role: role, roleS: roleS, gender: gender, name: name, key: d.lx.key(name)}
	if g, ok := d.an.gaz.Given(d.norm[s]); ok && m.gender == gazetteer.Unknown {
		m.gender = g
	}
	return m
}

// addGazetteer adds the gazetteer hits not covered by persons.
func (d *doc) addGazetteer(hits []gazMatch) {
	for _, h := range hits {
		m := &mention{s: h.s, e: h.e, cs: d.runeStart(h.s, h.letters), ce: d.toks[h.e-1].End,
			typ: h.entry.Type, ent: -1, roleS: -1, name: h.entry.Name, key: d.lx.key(h.entry.Name)}
		// A generic organization made specific by an adjective:
		// "وزارة الدفاع" + "الجزائرية".
		if h.entry.Type == marsad.EntityOrganization && h.e < len(d.toks) && d.word(h.e) && d.lx.nat[d.norm[h.e]] &&
			d.owner[h.e] < 0 && !d.gaz[h.e] {
			m.e++
			m.ce = d.toks[h.e].End
			m.name = d.span(h.s, h.letters, h.e)
			m.key = d.lx.key(m.name)
		}
		// The display name is the fuller of the surface and the entry
		// name ("منظمة أطباء بلا حدود" for "أطباء بلا حدود"); the key
		// stays the entry's.
		if surf := d.span(m.s, h.letters, m.e-1); utf8.RuneCountInString(surf) > utf8.RuneCountInString(m.name) {
			m.name = surf
		}
		d.addMention(m)
	}
}

// addRuleOrgs finds organizations the gazetteer lacks: an institution
// noun with its complements, "البنك المركزي المصري", "وزارة الصحة
// العراقية", "هيئة الإذاعة البريطانية".
func (d *doc) addRuleOrgs() {
	lx := d.lx
	for i := 0; i < len(d.toks); i++ {
		if d.owner[i] >= 0 || !d.word(i) {
			continue
		}
		w := d.base(d.norm[i])
		letters := 0
		if w != d.norm[i] {
			letters = 1
		}
		// A medium named in quotes: "صحيفة "الصباح"".
		if mediaNouns[w] && d.toks[i+1].Kind == arabic.Quote && d.toks[i+1].Open && d.toks[i+1].Pair > i+2 && d.toks[i+1].Pair <= i+5 {
			p := d.toks[i+1].Pair
			name := d.span(i, letters, i) + " " + d.text[d.toks[i+2].ByteStart:d.toks[p-1].ByteEnd]
			m := &mention{s: i, e: p + 1, cs: d.runeStart(i, letters), ce: d.toks[p].End, typ: marsad.EntityOrganization,
				ent: -1, roleS: -1, name: name, key: d.lx.key(name)}
			if d.addMention(m) >= 0 {
				d.nameQ[i+1], d.nameQ[p] = true, true
				i = p
			}
			continue
		}
		definite := strings.HasPrefix(w, "ال") && orgNouns[strings.TrimPrefix(w, "ال")]
		if !orgNouns[w] && !definite {
			continue
		}
		j := i + 1
		adj := 0
		for j < len(d.toks) && j < i+5 && d.word(j) && d.owner[j] < 0 {
			x := d.norm[j]
			switch {
			case lx.grammatical[x] || lx.title[x] || lx.function[x]:
			case strings.HasPrefix(x, "لل") && j > i+1 && adj > 0 && !orgNouns["ال"+strings.TrimPrefix(x, "لل")] && !orgNouns[strings.TrimPrefix(x, "لل")]:
				// "الهيئة العامة للإحصاء", "المؤسسة الوطنية للنفط"; but
				// "لجنة السياسة النقدية للبنك المركزي" names the committee,
				// and the bank after it is another institution (keyed alike
				// when written "بالبنك المركزي").
				j++
				continue
			case strings.HasPrefix(x, "ال"):
				if strings.HasSuffix(x, "ي") || strings.HasSuffix(x, "يه") || orgAdjectives[x] {
					adj++
				} else if definite {
					// A definite head takes adjectives only.
					break
				}
				j++
				continue
			case strings.HasPrefix(x, "ل") && !strings.HasPrefix(x, "لل") && d.word(j+1) && strings.HasPrefix(d.norm[j+1], "ال"):
				// "لحقوق الإنسان"
				j += 2
				continue
			}
			break
		}
		if j == i+1 || (definite && adj == 0) {
			continue
		}
		name := d.span(i, letters, j-1)
		m := &mention{s: i, e: j, cs: d.runeStart(i, letters), ce: d.toks[j-1].End, typ: marsad.EntityOrganization,
			ent: -1, roleS: -1, name: name, key: d.lx.key(name)}
		if d.addMention(m) >= 0 {
			i = j - 1
		}
	}
}

// tagAll runs the statistical tagger over the article (as one document
// when it is a DocumentTagger, else sentence by sentence) and stores a tag
// per token in d.tags (nil without a tagger).
func (d *doc) tagAll() {
	if d.an.tagger == nil {
		return
	}
	d.tags = make([]string, len(d.toks)+pad)
	sents := make([][]string, len(d.sents))
	for i, sr := range d.sents {
		words := make([]string, 0, sr[1]-sr[0])
		for k := sr[0]; k < sr[1]; k++ {
			words = append(words, d.toks[k].Text)
		}
		sents[i] = words
	}
	var tags [][]string
	if dt, ok := d.an.tagger.(DocumentTagger); ok {
		tags = dt.TagDocument(sents)
	} else {
		tags = make([][]string, len(sents))
		for i, words := range sents {
			if len(words) > 0 {
				tags[i] = d.an.tagger.Tag(words)
			}
		}
	}
	if len(tags) != len(sents) {
		return
	}
	for i, sr := range d.sents {
		if len(tags[i]) == len(sents[i]) {
			copy(d.tags[sr[0]:], tags[i])
		}
	}
}

// taggedPerson reports whether the tagger marks any token of [s, e) as
// part of a person's name; true without a tagger.
func (d *doc) taggedPerson(s, e int) bool {
	if d.tags == nil {
		return true
	}
	for k := s; k < e; k++ {
		if strings.HasSuffix(d.tags[k], "PERS") {
			return true
		}
	}
	return false
}

// addTagged adds the statistical tagger's spans that rules missed.
func (d *doc) addTagged() {
	if d.tags == nil {
		return
	}
	for _, sr := range d.sents {
		if sr[1] <= sr[0] {
			continue
		}
		tags := d.tags[sr[0]:sr[1]]
		idx := make([]int, len(tags))
		for k := range idx {
			idx[k] = sr[0] + k
		}
		for a := 0; a < len(tags); {
			typ, ok := tagType(tags[a])
			if !ok || !strings.HasPrefix(tags[a], "B-") {
				a++
				continue
			}
			b := a + 1
			for b < len(tags) && tags[b] == "I-"+tags[a][2:] {
				b++
			}
			s, e := idx[a], idx[b-1]+1
			a = b
			if typ != marsad.EntityPerson {
				continue
			}
			ok = true
			for k := s; k < e; k++ {
				if !d.nameLike(k, k == s) {
					ok = false
				}
			}
			if !ok || e-s < 2 {
				continue
			}
			m := d.personMention(s, e, "", -1, gazetteer.Unknown)
			// "وعماد", "لنور الدين": a clitic on the first name.
			if w := d.norm[m.s]; strings.HasPrefix(w, "و") || strings.HasPrefix(w, "ل") {
				if _, given := d.an.gaz.Given(w); !given {
					if _, rgiven := d.an.gaz.Given(w[len("و"):]); rgiven {
						m.cs = d.runeStart(m.s, 1)
						m.name = d.nameSpan(m.s, 1, m.e-1)
						m.key = d.lx.key(m.name)
					}
				}
			}
			d.addMention(m)
		}
	}
}

// completePerson widens the person name [s, e) to a longer person name
// found earlier in the article when the missing words are there, free and
// in the same sentence: "فون دير" before "لاين" is "فون دير لاين" in an
// article naming "أورسولا فون دير لاين".
func (d *doc) completePerson(s, e int) (int, int) {
	si := sort.Search(len(d.sents), func(i int) bool { return d.sents[i][1] > s })
	if si == len(d.sents) {
		return s, e
	}
	lo, hi := d.sents[si][0], d.sents[si][1]
	free := func(k int) bool { return k >= lo && k < hi && d.owner[k] < 0 }
	bs, be := s, e
	for _, m := range d.mentions {
		name := d.norm[m.s:m.e]
		if m.typ != marsad.EntityPerson || m.nominal || len(name) <= e-s {
			continue
		}
		for off := 0; off+e-s <= len(name); off++ {
			if !slices.Equal(name[off:off+e-s], d.norm[s:e]) {
				continue
			}
			// The rest of the name must follow, up to its end.
			right := off + e - s
			ne := e
			for right < len(name) && free(ne) && d.norm[ne] == name[right] {
				right++
				ne++
			}
			if right < len(name) {
				continue
			}
			ns := s
			for left := off; left > 0 && free(ns-1) && d.norm[ns-1] == name[left-1]; left-- {
				ns--
			}
			if ne-ns > be-bs {
				bs, be = ns, ne
			}
		}
	}
	return bs, be
}

func tagType(tag string) (string, bool) {
	switch {
	case strings.HasSuffix(tag, "PERS"):
		return marsad.EntityPerson, true
	case strings.HasSuffix(tag, "ORG"):
		return marsad.EntityOrganization, true
	case strings.HasSuffix(tag, "LOC"):
		return marsad.EntityLocation, true
	}
	return "", false
}

// placeAdverb reports whether token j is a place or time adverbial with
// a pronoun after a Gulf-style role: "بمكتبه", "بمقر إقامته".
func (d *doc) placeAdverb(j int) bool {
	w := d.norm[j]
	return d.word(j) && strings.HasPrefix(w, "بم") && (strings.HasSuffix(w, "ه") || strings.HasSuffix(w, "ها"))
}

// appositiveRoles attaches a role written after a name between commas:
// "يونس بك يفكيروف، نائب وزير الدفاع الروسي،".
func (d *doc) appositiveRoles() {
	for _, m := range d.mentions {
		if m.typ != marsad.EntityPerson || m.role != "" || m.nominal {
			continue
		}
		e := m.e
		if e < len(d.toks) && d.nameQ[e] {
			e++
		}
		r := e + 1
		if !d.comma(e) {
			// Gulf style: "الأمير خالد بن سعود وزير الخارجية، في ...": the
			// title follows the name directly and no name follows it.
			r = e
		}
		if !d.titleAt(r) || d.roleOwner[r] >= 0 {
			continue
		}
		j := d.roleEnd(r)
		if r == e && !d.placeAdverb(j) && (d.startsName(j) || (d.comma(j) && d.startsName(j+1))) {
			continue
		}
		noComma := r == e
		e = r - 1
		if j <= e+1 || !(j >= len(d.toks) || d.comma(j) || d.is(j, ".") || d.is(j, ")") || d.sent[j] != d.sent[e] ||
			(noComma && (d.lx.grammatical[d.norm[j]] || d.lx.function[d.norm[j]] || d.placeAdverb(j)))) {
			continue
		}
		m.role = d.roleText(e+1, j)
		for k := e + 1; k < j; k++ {
			d.apposTok[k] = true
		}
		if m.gender == gazetteer.Unknown {
			m.gender = d.genderOfTitle(e + 1)
		}
	}
}
