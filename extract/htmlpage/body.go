package htmlpage

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// boilerClassRe matches class/id tokens of boxes that are never article
// text: share bars, related lists, "read also" boxes, newsletter prompts,
// cookie banners, comment areas, tag lists and author boxes.
var boilerClassRe = regexp.MustCompile(`(^|[\s_-])(share|sharing|social|sociallinks|addthis|sharethis|related|read-?also|readmore|read-?more|more-?news|also-?read|newsletter|subscribe|subscription|cookie|cookies|consent|gdpr|comments?|comment-form|disqus|tags|post-tags|tag-list|taboola|outbrain|advert|ads|ad-slot|banner|print|whatsapp|telegram|follow-?us)($|[\s_-])`)

// boilerLeadRe matches the opening words of "read also" and similar boxes
// in Arabic and English.
var boilerLeadRe = regexp.MustCompile(`^\s*(?:[«"']\s*)?(?:اقرأ|إقرأ|اقرا|إقرا|أقرأ)\s*(?:أيضا|أيضاً|أيضًا|ايضا|ايضاً|كذلك|المزيد)|^\s*(?:شاهد|طالع|تابع|اقرأ|إقرأ)\s*(?:أيضا|أيضاً|أيضًا|ايضا|ايضاً|المزيد|الفيديو)|^\s*(?:مواضيع|أخبار|اخبار|مقالات|موضوعات)\s*(?:ذات صلة|متعلقة|مشابهة|قد تهمك)|^\s*(?:للمزيد|لمزيد من)\s*(?:من الأخبار|:)|^\s*(?:تابعونا|تابعوا|تابعنا)\s*(?:على|عبر)|^\s*(?:شارك|شاركوا|مشاركة)\s*(?:المقال|الخبر|هذا|على|:)|^\s*(?:اشترك|اشتركوا)\s*(?:في|ب)|^\s*(?:جميع الحقوق محفوظة|كل الحقوق محفوظة)|^\s*(?:Read also|Read more|Related:|Also read|See also|Sign up for|Subscribe to our)`)

// leftoverRe matches paragraphs that trafilatura sometimes keeps at the
// edges of the text: tag lists, share prompts, "read also" in European
// languages. It is applied to single short paragraphs only.
var leftoverRe = regexp.MustCompile(`^\s*(?:Tags:|Tagged:|Tagged with|Filed under|Share this|Share on|Related Articles|Related Posts|Related Stories|Advertisement$|ADVERTISEMENT$|Follow us on|Leia também|Leia mais|Veja também|Lesen Sie auch|Mehr zum Thema|Lire aussi|Lee también|Ver también|Читайте также)`)

// prune removes from the body of doc what is never article text, before
// trafilatura sees it: boxes whose class/id says share/related/newsletter
// and short blocks that open with "اقرأ أيضاً" and the like. Elements
// holding most of the page's paragraphs are kept whatever their class.
//
// On Arabic pages (arabic true) header and menu boxes made mostly of links
// are removed too; on other pages trafilatura's own rules do better.
func prune(doc *html.Node, arabic bool) {
	for _, n := range boilerplate(doc, arabic) {
		remove(n)
	}
}

// boilerplate returns the elements prune removes.
func boilerplate(doc *html.Node, arabic bool) []*html.Node {
	var drop []*html.Node
	walk(doc, func(n *html.Node) bool {
		switch n.DataAtom {
		case atom.Html, atom.Body, atom.Head, atom.Article, atom.Main:
			return true
		case atom.Script, atom.Style:
			return false
		}
		ci := classID(n)
		if ci != " " && boilerClassRe.MatchString(ci) && !crumbRe.MatchString(ci) && !bigBlock(n) {
			drop = append(drop, n)
			return false
		}
		if arabic && ci != " " && chromeRe.MatchString(ci) && !crumbRe.MatchString(ci) {
			// Navigation: a header or menu box that is mostly links.
			if s, complete := boundedText(n, 1200); complete && len([]rune(s)) < 300 && linkTextLen(n)*10 >= len([]rune(s))*6 {
				drop = append(drop, n)
				return false
			}
		}
		if isBlock(n) {
			if head, _ := boundedText(n, 200); boilerLeadRe.MatchString(head) {
				if t, complete := boundedText(n, 4000); complete && len([]rune(t)) < 400 || linkTextLen(n)*2 > len([]rune(t)) {
					drop = append(drop, n)
					return false
				}
			}
		}
		return true
	})
	return drop
}

// bigBlock reports an element holding three or more paragraphs of real
// text: a mislabelled article container rather than a widget.
func bigBlock(n *html.Node) bool {
	count := 0
	walk(n, func(c *html.Node) bool {
		if c.DataAtom == atom.P && len([]rune(textOf(c))) > 80 {
			count++
		}
		return count < 3
	})
	return count >= 3
}

func isBlock(n *html.Node) bool {
	switch n.DataAtom {
	case atom.P, atom.Div, atom.Section, atom.Aside, atom.Ul, atom.Ol, atom.Li, atom.Blockquote, atom.Table:
		return true
	}
	return false
}

// block is one run of text in the extracted content: a heading or a
// paragraph.
type block struct {
	heading bool
	h1      bool // the heading is an <h1>
	text    string
}

// blocks turns trafilatura's content tree into headings and paragraphs:
// block elements and <br> end a paragraph; h1-h6 are headings.
func blocks(root *html.Node) []block {
	var out []block
	var cur strings.Builder
	heading, h1, boundary := false, false, false
	flush := func() {
		if t := cleanText(cur.String()); t != "" {
			out = append(out, block{heading: heading, h1: heading && h1, text: t})
		}
		cur.Reset()
	}
	type frame struct {
		n    *html.Node
		exit bool
	}
	stack := []frame{{n: root}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := f.n
		if n.Type == html.TextNode {
			// trafilatura trims the white space around inline elements
			// ("<a>Eric Murray</a>returns"): put a space back between
			// two words that an element boundary separates.
			if boundary && n.Data != "" && cur.Len() > 0 {
				last, _ := utf8.DecodeLastRuneInString(cur.String())
				first, _ := utf8.DecodeRuneInString(n.Data)
				if isWordRune(last) && isWordRune(first) {
					cur.WriteByte(' ')
				}
			}
			cur.WriteString(n.Data)
			boundary = false
			continue
		}
		boundary = true
		if n.Type != html.ElementNode && n.Type != html.DocumentNode {
			continue
		}
		if n.DataAtom == 0 && n.Type == html.ElementNode {
			// trafilatura creates elements with a tag name only.
			n.DataAtom = atom.Lookup([]byte(n.Data))
		}
		isHead := n.DataAtom == atom.H1 || n.DataAtom == atom.H2 || n.DataAtom == atom.H3 || n.DataAtom == atom.H4 || n.DataAtom == atom.H5 || n.DataAtom == atom.H6
		brk := isHead || breaks(n)
		if f.exit {
			if brk {
				flush()
				heading = false
			}
			continue
		}
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Template:
			continue
		case atom.Br, atom.Hr:
			flush()
			continue
		case atom.Td, atom.Th:
			cur.WriteByte(' ') // cells of one row stay one paragraph
		}
		if brk {
			flush()
			heading, h1 = isHead, n.DataAtom == atom.H1
		}
		stack = append(stack, frame{n: n, exit: true})
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, frame{n: c})
		}
	}
	flush()
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// breaks reports elements that start and end a paragraph.
func breaks(n *html.Node) bool {
	switch n.DataAtom {
	case atom.P, atom.Div, atom.Li, atom.Blockquote, atom.Pre, atom.Ul, atom.Ol, atom.Dl, atom.Dd, atom.Dt,
		atom.Table, atom.Tr, atom.Caption, atom.Section, atom.Article, atom.Figcaption,
		atom.Header, atom.Footer, atom.Details, atom.Summary, atom.Body:
		return true
	}
	return false
}

// dropBlock reports paragraphs that are leftovers rather than article
// text: "read also" lines, share prompts and the like.
func dropBlock(t string) bool {
	n := len([]rune(t))
	if (boilerLeadRe.MatchString(t) || leftoverRe.MatchString(t)) && n < 300 {
		return true
	}
	if n > 90 || len(strings.Fields(t)) > 10 {
		return false
	}
	if printRe.MatchString(t) {
		return true
	}
	// A line that is only a date (and perhaps a byline): "16/11/2025",
	// "الأحد 16 نوفمبر 2025", "نشر في 09/11/2025 - بقلم فلان".
	if hijriRe.MatchString(t) && strings.ContainsAny(asciiDigits(t), "0123456789") && len(strings.Fields(t)) <= 8 {
		return true // a Hijri date line: "الخميس 22 جمادى الأولى 1447 هـ"
	}
	_, isDate := localDate(t)
	return isDate && arabicShare(t) > 0 || isDate && len(strings.Fields(t)) <= 4
}
