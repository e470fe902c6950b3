// Package textpage turns the plain text of a news page (the text a reader
// copies from the browser, or a page saved as text) into a marsad.Article.
//
// It recognizes what page templates add around an article and takes it
// out of the text:
//
//   - the title: the first line; a line repeated by the template appears
//     once, and the title is never repeated inside the text;
//   - a "● category date" line (or "date | category", or a date line) near
//     the top gives Category and Published;
//   - byline lines ("الكاتب:", "كتب:", "بقلم", "إعداد", "By") give Authors;
//   - wire credits ("المصدر: وكالات", "(سانا)", "- أ ف ب", a dateline
//     "دمشق-سانا" or "بيروت (أ ف ب) -") give Credit;
//   - leftovers ("مشاركة:", "شارك", "اقرأ أيضاً" and the related titles
//     after it, "اقرأ المزيد", "تابعونا", separator lines of tatweel or
//     dashes, lone bullets, runs of empty lines) are removed.
//
// The remaining lines are paragraphs, one per line. A short line without
// final punctuation that is followed by a paragraph is a sub-heading and
// starts a new section. Paragraphs keep their text exactly, except that
// NBSP and other odd spaces become plain spaces and bidi embeddings,
// overrides and isolates are dropped (arabic.Display).
package textpage

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/arabic"
)

// Limits of the page layout heuristics.
const (
	// MaxTitleRunes is the longest first line taken as a title.
	MaxTitleRunes = 300
	// MaxHeadingRunes and MaxHeadingWords bound a sub-heading.
	MaxHeadingRunes = 140
	MaxHeadingWords = 16
	// MaxHeaderLines bounds the page header: the title, the category and
	// date line are looked for in the first MaxHeaderLines lines.
	MaxHeaderLines = 40
	// MaxAuthors bounds the names taken from byline lines.
	MaxAuthors = 16
)

// ErrNoText is returned when nothing of an article is left in the page.
var ErrNoText = errors.New("textpage: no article text")

// Options describe the page.
type Options struct {
	// URL is the page address when known; it is copied to Article.URL.
	URL string
	// ParseDate, when not nil, reads the date expression found in a
	// header line (e.g. "١٧ نوفمبر ٢٠٢٥") and returns its ISO 8601 value.
	// Package extract passes the dates package's parser; without it a
	// small built-in grammar gives the value.
	ParseDate func(expr string) (iso string, ok bool)
}

// line kinds
type kind int

const (
	content kind = iota
	dropped
)

// Extract turns text (UTF-8, the whole page) into an Article with Title,
// Category, Published, Authors, Credit, Sections and Meta set. It does not
// set ID, Text, Language, Encoding, Source or Dates (package extract
// does). It returns ErrNoText when the page holds neither a title nor a
// paragraph. Extract runs in time linear in the size of text.
func Extract(text string, opts Options) (*marsad.Article, error) {
	lines, gap := splitLines(text)
	a := &marsad.Article{URL: opts.URL, Sections: []marsad.Section{}}
	if len(lines) == 0 {
		return nil, ErrNoText
	}
	kinds := make([]kind, len(lines))
	hl := make([]bool, len(lines)) // heading-like, computed once
	for i, l := range lines {
		hl[i] = headingLike(l)
	}
	meta := map[string]string{}

	// Leftovers go first, so that a separator line is never a title.
	// After a "read also" marker alone on its line, the related titles
	// listed under it (short lines up to the next empty line) go too.
	readAlso, items := false, 0
	for i, l := range lines {
		if readAlso && gap[i] && items > 0 {
			readAlso = false
		}
		switch {
		case isSeparator(l):
			kinds[i] = dropped
		case isLeftover(l):
			kinds[i] = dropped
			readAlso, items = isReadAlsoList(l), 0
		case readAlso && hl[i]:
			kinds[i] = dropped
			items++
		default:
			readAlso = false
		}
	}

	// Title: the first line that is not a byline, a credit or a
	// category/date line, if short enough.
	title := -1
	for i, l := range lines {
		if i >= MaxHeaderLines {
			break
		}
		if kinds[i] == dropped {
			continue
		}
		if _, ok := byline(l); ok {
			continue
		}
		if _, ok := creditLine(l); ok {
			continue
		}
		if _, _, ok := metaLine(l, opts.ParseDate); ok {
			continue
		}
		if utf8.RuneCountInString(l) <= MaxTitleRunes {
			title = i
			a.Title = l
			meta["title"] = "first line"
		}
		break
	}
	if title >= 0 {
		key := fold(a.Title)
		for i, l := range lines {
			if kinds[i] == content && len(l) <= 2*len(a.Title) && fold(l) == key {
				kinds[i] = dropped
			}
		}
	}

	// The header zone runs up to the first paragraph-like line.
	header := min(len(lines), MaxHeaderLines)
	for i := range header {
		if kinds[i] == content && !hl[i] {
			header = i
			break
		}
	}

	leadSeen := false
	for i, l := range lines {
		if kinds[i] != content {
			continue
		}
		if names, ok := byline(l); ok {
			for _, n := range names {
				switch {
				case isAgency(n):
					// "By Jane Smith, Reuters": the agency is a credit.
					if a.Credit == "" {
						a.Credit = n
					}
				case len(a.Authors) < MaxAuthors:
					a.Authors = appendNew(a.Authors, n)
				}
			}
			kinds[i] = dropped
			continue
		}
		if c, ok := creditLine(l); ok {
			if a.Credit == "" {
				a.Credit = c
			}
			kinds[i] = dropped
			continue
		}
		if i < header {
			if d, cat, ok := metaLine(l, opts.ParseDate); ok {
				if d != "" && a.Published == "" {
					a.Published = d
					meta["published"] = "date line"
				}
				if cat != "" && a.Category == "" {
					a.Category = cat
					meta["category"] = "date line"
				}
				kinds[i] = dropped
				continue
			}
			// A short line just before a date line is the category.
			if j := nextContent(lines, kinds, i); j >= 0 && j < header && a.Category == "" && len(strings.Fields(l)) <= 4 && hl[i] {
				if d, cat, ok := metaLine(lines[j], opts.ParseDate); ok && d != "" && cat == "" {
					a.Category = l
					meta["category"] = "line before date"
					kinds[i] = dropped
					continue
				}
			}
		}
		if p, c, ok := trailingCredit(l); ok {
			lines[i] = p
			hl[i] = headingLike(p)
			if a.Credit == "" {
				a.Credit = c
			}
		}
		if !hl[i] && !leadSeen {
			// A dateline opens only the first paragraph.
			leadSeen = true
			if p, c, ok := leadingCredit(lines[i]); ok {
				lines[i] = p
				hl[i] = headingLike(p)
				if a.Credit == "" {
					a.Credit = c
				}
			}
		}
	}

	// Sections: a heading-like line followed by a paragraph starts one.
	cur := marsad.Section{Paragraphs: []string{}}
	for i, l := range lines {
		if kinds[i] != content || l == "" {
			continue
		}
		if hl[i] && followedByParagraph(hl, kinds, i) {
			if len(cur.Paragraphs) > 0 {
				a.Sections = append(a.Sections, cur)
			}
			cur = marsad.Section{Heading: l, Paragraphs: []string{}}
			continue
		}
		cur.Paragraphs = append(cur.Paragraphs, l)
	}
	if len(cur.Paragraphs) > 0 {
		a.Sections = append(a.Sections, cur)
	}
	if a.Title == "" && len(a.Sections) == 0 {
		return nil, ErrNoText
	}
	if len(a.Authors) > MaxAuthors {
		a.Authors = a.Authors[:MaxAuthors]
	}
	if len(a.Authors) > 0 {
		meta["authors"] = "byline"
	}
	if a.Credit != "" {
		meta["credit"] = "credit line"
	}
	a.Meta = meta
	return a, nil
}

// splitLines splits text into cleaned lines: line breaks of every kind,
// arabic.Display applied, surrounding space trimmed, empty lines removed.
// gap[i] reports an empty line before lines[i].
func splitLines(text string) (lines []string, gap []bool) {
	text = strings.TrimPrefix(text, "\ufeff")
	blank := false
	for len(text) > 0 {
		i, n := lineBreak(text)
		var l string
		if i < 0 {
			l, text = text, ""
		} else {
			l, text = text[:i], text[i+n:]
		}
		if needsDisplay(l) {
			l = arabic.Display(l)
		}
		l = strings.TrimSpace(l)
		if l == "" {
			blank = true
			continue
		}
		lines = append(lines, l)
		gap = append(gap, blank)
		blank = false
	}
	return lines, gap
}

// lineBreak returns the offset and length of the first line break in s
// (\n, \r\n, \r, \v, \f, U+0085, U+2028, U+2029), or -1.
func lineBreak(s string) (int, int) {
	for i := 0; i < len(s); i++ {
		switch b := s[i]; b {
		case '\n', '\v', '\f':
			return i, 1
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				return i, 2
			}
			return i, 1
		case 0xC2: // U+0085
			if i+1 < len(s) && s[i+1] == 0x85 {
				return i, 2
			}
		case 0xE2: // U+2028, U+2029
			if i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
				return i, 3
			}
		}
	}
	return -1, 0
}

// needsDisplay reports whether s may hold a character arabic.Display
// changes (spaces other than U+0020, bidi controls, ALM, BOM): a cheap
// byte scan that lets most lines skip the rune-by-rune pass.
func needsDisplay(s string) bool {
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b == 0xC2 && i+1 < len(s) && s[i+1] == 0xA0: // NBSP
			return true
		case b == 0xD8 && i+1 < len(s) && s[i+1] == 0x9C: // U+061C
			return true
		case b >= 0xE1 && b <= 0xE3, b == 0xEF: // U+1680, U+2000–U+206F, U+3000, U+FEFF
			return true
		}
	}
	return false
}

// fold is the form lines are compared in: white space folded, tatweel
// and diacritics kept apart from letters.
func fold(s string) string {
	return strings.Join(strings.Fields(arabic.RemoveDiacritics(s)), " ")
}

// nextContent returns the index of the next content line after i, or -1.
func nextContent(lines []string, kinds []kind, i int) int {
	for j := i + 1; j < len(lines); j++ {
		if kinds[j] == content {
			return j
		}
	}
	return -1
}

// followedByParagraph reports whether the next content line after i is a
// paragraph (not heading-like).
func followedByParagraph(hl []bool, kinds []kind, i int) bool {
	for j := i + 1; j < len(kinds); j++ {
		if kinds[j] == content {
			return !hl[j]
		}
	}
	return false
}

// headingLike reports whether l is short and has no final punctuation.
func headingLike(l string) bool {
	if len(l) > MaxHeadingRunes*4 || utf8.RuneCountInString(l) > MaxHeadingRunes {
		return false
	}
	if len(strings.Fields(l)) > MaxHeadingWords {
		return false
	}
	if !strings.ContainsFunc(l, unicode.IsLetter) {
		return false
	}
	return !finalPunct(l)
}

// finalPunct reports whether l ends with sentence punctuation, looking
// through closing quotes and brackets.
func finalPunct(l string) bool {
	t := strings.TrimRight(l, "\"'”’»›)]")
	if t == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(t)
	if strings.ContainsRune(".!?؟…:;؛،,", r) {
		return true
	}
	return false
}

// isSeparator reports separator lines: tatweel, dashes, underscores,
// stars, equals signs, dots, lone bullets.
func isSeparator(l string) bool {
	for _, r := range l {
		if unicode.IsSpace(r) {
			continue
		}
		if !strings.ContainsRune("ـ-–—―_=*~•●○◦◾■□▪▫◆◇►▸‣⁃∙·.…|#+><،,", r) {
			return false
		}
	}
	return true
}

// leftover markers: page furniture, matched at the start of a line.
var leftoverMarkers = []string{
	"مشاركة", "شارك", "شاركها", "شارك الخبر", "شارك المقال", "شارك على",
	"اقرأ أيضا", "اقرأ أيضاً", "اقرا أيضا", "اقرا ايضا", "اقرأ ايضا", "اقرأ ايضاً", "إقرأ أيضا", "إقرأ أيضاً", "اقرأ كذلك",
	"اقرأ المزيد", "إقرأ المزيد", "اقرا المزيد", "المزيد من الأخبار", "أخبار ذات صلة", "مواضيع ذات صلة", "مقالات ذات صلة",
	"تابعونا", "تابعنا", "تابعوا", "الوسوم", "كلمات مفتاحية", "كلمات دلالية", "طباعة", "التعليقات", "اشترك",
	"share", "share this", "tweet", "read more", "read also", "also read", "related", "follow us", "tags", "print",
	"comments", "subscribe", "lire aussi", "partager",
}

// readAlsoMarkers start a list of related titles.
var readAlsoMarkers = []string{"اقرأ", "اقرا", "إقرأ", "read", "also read", "lire", "أخبار ذات صلة", "مواضيع ذات صلة", "مقالات ذات صلة", "related"}

// furniture are the words that may follow a leftover marker on its line:
// "تابعونا على فيسبوك", "شارك الخبر عبر واتساب", "Share on Facebook".
var furniture = map[string]bool{
	"على": true, "عبر": true, "في": true, "و": true, "الخبر": true, "المقال": true, "الموضوع": true,
	"فيسبوك": true, "فيس": true, "بوك": true, "تويتر": true, "إكس": true, "اكس": true, "واتساب": true, "واتس": true, "آب": true,
	"تلغرام": true, "تيليغرام": true, "تلجرام": true, "يوتيوب": true, "إنستغرام": true, "انستغرام": true, "لينكدإن": true, "تيك": true, "توك": true,
	"أيضا": true, "أيضاً": true, "ايضا": true, "ايضاً": true, "المزيد": true, "النشرة": true, "البريدية": true,
	"on": true, "via": true, "this": true, "us": true, "article": true, "story": true, "facebook": true, "twitter": true, "x": true,
	"whatsapp": true, "telegram": true, "linkedin": true, "email": true, "more": true, "also": true,
}

// isLeftover reports a line of page furniture: a marker at the start of
// the line, alone, followed by a colon, or followed only by furniture
// words.
func isLeftover(l string) bool {
	for _, m := range leftoverMarkers {
		after, ok := cutPrefixFold(l, m)
		if !ok {
			continue
		}
		rest := strings.ToLower(strings.TrimSpace(after))
		if rest == "" || strings.HasPrefix(rest, ":") {
			return true
		}
		if r, _ := utf8.DecodeRuneInString(after); unicode.IsLetter(r) {
			continue // the marker is the start of a longer word
		}
		all := true
		for _, w := range strings.FieldsFunc(rest, func(r rune) bool { return unicode.IsSpace(r) || r == '|' || r == '-' || r == '،' || r == ',' }) {
			if !furniture[w] {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// isReadAlsoList reports a "read also" marker with nothing after it but
// a colon: the related titles follow on the next lines.
func isReadAlsoList(l string) bool {
	for _, m := range readAlsoMarkers {
		if _, ok := cutPrefixFold(l, m); ok {
			return strings.Count(l, " ") < 4 && (strings.HasSuffix(l, ":") || !strings.Contains(l, ":"))
		}
	}
	return false
}

// byline markers; those marked colonOnly are bylines only when followed
// by a colon (or, for short lines, by a name).
var bylineMarkers = []string{"الكاتب", "الكاتبة", "كتب", "كتبت", "بقلم", "إعداد", "اعداد", "تحرير", "إعداد وتحرير", "المحرر", "by", "author", "written by", "par"}

// byline returns the author names of a byline line.
func byline(l string) ([]string, bool) {
	for _, m := range bylineMarkers {
		rest, ok := cutPrefixFold(l, m)
		if !ok || rest == "" {
			continue
		}
		r, _ := utf8.DecodeRuneInString(rest)
		if unicode.IsLetter(r) {
			continue // "كتبها", "bylaw"
		}
		rest = strings.TrimSpace(rest)
		colon := strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "：")
		rest = strings.TrimSpace(strings.TrimLeft(rest, ":："))
		words := len(strings.Fields(rest))
		if words == 0 || words > 8 {
			continue
		}
		if !colon && (words > 5 || finalPunct(l)) {
			continue
		}
		if m == "by" || m == "par" || m == "author" || m == "written by" {
			// Latin bylines name people with capitals.
			if r, _ := utf8.DecodeRuneInString(rest); !unicode.IsUpper(r) && !unicode.Is(unicode.Arabic, r) {
				continue
			}
		}
		var names []string
		for i, n := range splitNames(rest) {
			if n = strings.Trim(n, " .،,:-–—"); n != "" {
				if i > 0 {
					n = dropConjunction(n)
				}
				names = append(names, n)
			}
		}
		return names, len(names) > 0
	}
	return nil, false
}

// wawNames are given names that begin with و, which dropConjunction
// keeps whole.
var wawNames = map[string]bool{
	"وليد": true, "وائل": true, "وفاء": true, "وسام": true, "وديع": true, "وجدي": true, "وحيد": true,
	"وهيب": true, "وضاح": true, "وصفي": true, "وردة": true, "وعد": true, "ولاء": true, "وئام": true,
	"وسيم": true, "وداد": true, "وجيه": true, "وفيق": true, "وهبة": true, "وهبي": true, "وزير": true,
	"وجدان": true, "وصال": true, "ودود": true,
}

// dropConjunction removes the conjunction و glued to a name that follows
// a comma in a byline ("سلمى الحسن، ومحمد خير" -> "محمد خير"), unless the
// word is itself a name that begins with و.
func dropConjunction(n string) string {
	first, _, _ := strings.Cut(n, " ")
	if rest, ok := strings.CutPrefix(first, "و"); ok && utf8.RuneCountInString(rest) >= 3 && !wawNames[first] {
		return strings.TrimPrefix(n, "و")
	}
	return n
}

// splitNames splits a byline into names at commas (, ،), "&", "and",
// "et". The Arabic conjunction و is not split on: it starts many names.
func splitNames(s string) []string {
	var names []string
	var cur []string
	for _, w := range strings.Fields(s) {
		switch w {
		case "and", "&", "et", "And":
			names, cur = append(names, strings.Join(cur, " ")), cur[:0]
			continue
		}
		for {
			i := strings.IndexAny(w, ",،")
			if i < 0 {
				break
			}
			cur = append(cur, w[:i])
			names, cur = append(names, strings.Join(cur, " ")), cur[:0]
			_, n := utf8.DecodeRuneInString(w[i:])
			w = w[i+n:]
		}
		if w != "" {
			cur = append(cur, w)
		}
	}
	return append(names, strings.Join(cur, " "))
}

// agencies are wire services whose credit may end a paragraph or stand
// alone on a line. Matching is on the exact written form.
var agencies = []string{
	"سانا", "واس", "وام", "قنا", "كونا", "بترا", "وفا", "ومع", "بنا", "أ ف ب", "أ.ف.ب", "ا ف ب", "أ.ف.ب.", "رويترز",
	"د ب أ", "د.ب.أ", "أ ب", "الأناضول", "وكالات", "شينخوا", "سبوتنيك", "تاس", "إرنا", "ارنا",
	"AFP", "Reuters", "AP", "dpa", "DPA", "Anadolu", "agencies", "Agencies",
}

// maxAgencyBytes is longer than any name in agencies with its separator.
const maxAgencyBytes = 32

func isAgency(s string) bool {
	s = strings.TrimSpace(s)
	for _, a := range agencies {
		if s == a {
			return true
		}
	}
	return false
}

// creditLine returns the credit of a whole credit line: "المصدر: وكالات",
// "(سانا)", "وكالات", "- أ ف ب".
func creditLine(l string) (string, bool) {
	for _, m := range []string{"المصدر", "المصادر", "مصدر الخبر", "source", "sources"} {
		if after, ok := cutPrefixFold(l, m); ok {
			rest := strings.TrimSpace(after)
			if strings.HasPrefix(rest, ":") {
				rest = strings.TrimSpace(strings.TrimLeft(rest, ":"))
				if n := len(strings.Fields(rest)); n > 0 && n <= 6 {
					return strings.Trim(rest, " .،,"), true
				}
			}
		}
	}
	t := strings.Trim(l, " -–—.")
	if strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") || strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]") {
		inner := strings.TrimSpace(t[1 : len(t)-1])
		n := len(strings.Fields(inner))
		if isAgency(inner) || (n > 0 && n <= 3 && !strings.ContainsAny(inner, "()[]:") && !strings.ContainsFunc(inner, unicode.IsDigit)) {
			return inner, true
		}
	}
	if isAgency(t) {
		return t, true
	}
	// "دمشق-سانا" alone on its line: a dateline.
	if len(t) > 80 {
		return "", false
	}
	for _, sep := range []string{" - ", "-", " – ", "–"} {
		if place, ag, ok := strings.Cut(t, sep); ok && len(strings.Fields(place)) <= 2 && isAgency(ag) {
			return strings.TrimSpace(ag), true
		}
	}
	return "", false
}

// trailingCredit strips a wire credit that ends a paragraph: "... (سانا)",
// "... - أ ف ب", "...(رويترز)." It returns the paragraph without it.
func trailingCredit(l string) (string, string, bool) {
	t := strings.TrimRight(l, " ")
	dot := ""
	if strings.HasSuffix(t, ".") && strings.HasSuffix(strings.TrimSuffix(t, "."), ")") {
		dot = "."
		t = strings.TrimSuffix(t, ".")
	}
	if strings.HasSuffix(t, ")") {
		if i := strings.LastIndex(t, "("); i > 0 && isAgency(t[i+1:len(t)-1]) {
			p := strings.TrimRight(t[:i], " -–—")
			if !finalPunct(p) {
				p += dot
			}
			return p, strings.TrimSpace(t[i+1 : len(t)-1]), p != ""
		}
	}
	tail := max(0, len(t)-maxAgencyBytes)
	for _, sep := range []string{" - ", " – ", " — "} {
		if i := strings.LastIndex(t[tail:], sep); i >= 0 && tail+i > 0 && isAgency(t[tail+i+len(sep):]) {
			i += tail
			return strings.TrimSpace(t[:i]), strings.TrimSpace(t[i+len(sep):]), true
		}
	}
	return l, "", false
}

// leadingCredit strips a dateline credit that opens a paragraph:
// "دمشق-سانا: ..." or "دمشق - سانا ..." or "بيروت (أ ف ب) - ...". The
// place is one or two words and the agency must be a known one, so
// ordinary sentences are never cut. It returns the paragraph without it.
func leadingCredit(l string) (string, string, bool) {
	head := l
	if len(head) > 120 {
		head = head[:120]
	}
	// "PLACE (AGENCY) -"
	if i := strings.IndexByte(head, '('); i > 0 && len(strings.Fields(head[:i])) <= 2 {
		if j := strings.IndexByte(head[i:], ')'); j > 0 && isAgency(head[i+1:i+j]) {
			after := strings.TrimLeft(l[i+j+1:], " ")
			rest := strings.TrimLeft(after, " -–—:")
			if rest != "" && rest != after {
				return rest, strings.TrimSpace(head[i+1 : i+j]), true
			}
		}
	}
	// "PLACE-AGENCY:" / "PLACE - AGENCY"
	for _, sep := range []string{" - ", "-", " – ", "–"} {
		i := strings.Index(head, sep)
		if i <= 0 || len(strings.Fields(head[:i])) > 2 || strings.ContainsAny(head[:i], ".،,:") {
			continue
		}
		after := l[i+len(sep):]
		for _, a := range agencies {
			if rest, ok := strings.CutPrefix(after, a); ok {
				if r, _ := utf8.DecodeRuneInString(rest); rest != "" && unicode.IsLetter(r) {
					continue // the agency name is the start of a longer word
				}
				rest = strings.TrimLeft(rest, " :،-–—")
				if rest != "" {
					return rest, a, true
				}
			}
		}
	}
	return l, "", false
}

// metaLine reads a "● category date" line (or "date | category", a date
// alone, or "● category") and returns the ISO date
// and the category. Lines of more than a few words are not meta lines.
func metaLine(l string, parse func(string) (string, bool)) (date, category string, ok bool) {
	if utf8.RuneCountInString(l) > 120 {
		return "", "", false
	}
	bullet := false
	if r, _ := utf8.DecodeRuneInString(l); strings.ContainsRune("●•◾■▪◆►▸‣⁃∙·*", r) {
		bullet = true
	}
	rest := l
	if d, ok := findDate(l, parse); ok {
		date = d.value
		rest = l[:d.start] + " " + l[d.end:]
	}
	for _, lab := range []string{"نشر في", "نشر بتاريخ", "تاريخ النشر", "بتاريخ", "published", "posted", "publié le"} {
		if after, ok := cutPrefixFold(strings.TrimSpace(rest), lab); ok {
			rest = after
		}
	}
	category = strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if strings.ContainsRune("●•◾■▪◆►▸‣⁃∙·*|/-–—:،,", r) {
			return ' '
		}
		return r
	}, rest)), " ")
	if strings.ContainsFunc(category, unicode.IsDigit) {
		// what is left of a double (Hijri and Gregorian) date, a time...
		category = ""
	}
	switch {
	case date == "" && !bullet:
		return "", "", false
	case len(strings.Fields(category)) > 5:
		return "", "", false
	case date == "" && category == "":
		return "", "", false
	}
	return date, category, true
}

func appendNew(list []string, names ...string) []string {
	for _, n := range names {
		found := false
		for _, x := range list {
			if x == n {
				found = true
				break
			}
		}
		if !found {
			list = append(list, n)
		}
	}
	return list
}

// cutPrefixFold is strings.CutPrefix with ASCII case folding; prefix is
// lower case. It never slices s by offsets of another string.
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || prefix == "" {
		return s, false
	}
	if prefix[0] >= utf8.RuneSelf {
		// Arabic markers have no case: a plain comparison.
		return strings.CutPrefix(s, prefix)
	}
	if s[0]|0x20 != prefix[0]|0x20 || !strings.EqualFold(s[:len(prefix)], prefix) {
		return s, false
	}
	return s[len(prefix):], true
}
