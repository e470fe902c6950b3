package web

import (
	"html"
	"html/template"
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/arabic"
)

// span is one annotation of the text, in code points of Article.Text.
type span struct {
	start, end int
	kind       int // spanQuote, spanDate, spanEntity
	// entity
	key, etype string
	// quote: speaker; date: value
	label string
	until string
}

const (
	spanQuote = iota
	spanDate
	spanEntity
)

// readerHTML renders the article's sections for reading: sub-headings,
// paragraphs, and inside them the entity mentions (linked to their
// pages), the quotes (with the speaker on hover) and the dates (with the
// resolved value on hover). Every piece of text is cleaned of bidi
// controls and escaped; the markup is only what this function writes.
// Annotations whose offsets do not fall inside one paragraph are ignored.
func readerHTML(p *prefs, a *marsad.Article) template.HTML {
	var spans []span
	for _, e := range a.Entities {
		for _, m := range e.Mentions {
			spans = append(spans, span{start: m.Start, end: m.End, kind: spanEntity, key: e.Key, etype: e.Type, label: e.Name})
		}
	}
	for _, q := range a.Quotes {
		spans = append(spans, span{start: q.Start, end: q.End, kind: spanQuote, label: q.Speaker})
	}
	for _, d := range a.Dates {
		spans = append(spans, span{start: d.Start, end: d.End, kind: spanDate, label: d.Value, until: d.Until})
	}
	var b strings.Builder
	pos := 0 // byte position in a.Text
	runePos := 0
	for _, sec := range a.Sections {
		if h := strings.TrimSpace(sec.Heading); h != "" {
			b.WriteString(`<h2 dir="auto">`)
			b.WriteString(html.EscapeString(arabic.Display(h)))
			b.WriteString("</h2>\n")
		}
		for _, para := range sec.Paragraphs {
			start := -1
			if i := strings.Index(a.Text[pos:], para); i >= 0 && para != "" {
				runePos += utf8.RuneCountInString(a.Text[pos : pos+i])
				start = runePos
				pos += i + len(para)
				runePos += utf8.RuneCountInString(para)
			}
			b.WriteString(`<p dir="auto">`)
			writeParagraph(&b, p, para, start, spans)
			b.WriteString("</p>\n")
		}
	}
	if len(a.Sections) == 0 && a.Text != "" {
		for _, para := range strings.Split(a.Text, "\n\n") {
			b.WriteString(`<p dir="auto">`)
			b.WriteString(html.EscapeString(arabic.Display(para)))
			b.WriteString("</p>\n")
		}
	}
	return template.HTML(b.String())
}

// writeParagraph writes one paragraph whose first code point is at
// offset start of the text (-1: unknown, written without annotations).
func writeParagraph(b *strings.Builder, p *prefs, para string, start int, all []span) {
	runes := []rune(para)
	n := len(runes)
	var local []span
	if start >= 0 {
		for _, s := range all {
			if s.start >= start && s.end <= start+n && s.start < s.end {
				s.start -= start
				s.end -= start
				local = append(local, s)
			}
		}
	}
	if len(local) == 0 {
		b.WriteString(html.EscapeString(arabic.Display(para)))
		return
	}
	cuts := []int{0, n}
	for _, s := range local {
		cuts = append(cuts, s.start, s.end)
	}
	sort.Ints(cuts)
	for i := 0; i+1 < len(cuts); i++ {
		lo, hi := cuts[i], cuts[i+1]
		if lo == hi {
			continue
		}
		var quote, date, ent *span
		for j := range local {
			s := &local[j]
			if s.start > lo || s.end < hi {
				continue
			}
			switch s.kind {
			case spanQuote:
				if quote == nil || s.end-s.start < quote.end-quote.start {
					quote = s
				}
			case spanDate:
				if date == nil || s.end-s.start < date.end-date.start {
					date = s
				}
			case spanEntity:
				if ent == nil || s.end-s.start < ent.end-ent.start {
					ent = s
				}
			}
		}
		if ent != nil && ent.key == "" {
			ent = nil
		}
		var closers []string
		if quote != nil {
			b.WriteString(`<span class="quote"`)
			if quote.label != "" {
				b.WriteString(` title="`)
				b.WriteString(html.EscapeString(p.T("said_by") + " " + arabic.Display(quote.label)))
				b.WriteString(`"`)
			}
			b.WriteString(">")
			closers = append(closers, "</span>")
		}
		if date != nil {
			b.WriteString(`<span class="date" title="`)
			label := p.Day(date.label)
			if date.until != "" {
				label += " – " + p.Day(date.until)
			}
			b.WriteString(html.EscapeString(arabic.Display(label)))
			b.WriteString(`">`)
			closers = append(closers, "</span>")
		}
		if ent != nil {
			b.WriteString(`<a class="ent ent-`)
			b.WriteString(entityClass(ent.etype))
			b.WriteString(`" href="/entity/`)
			b.WriteString(html.EscapeString(url.PathEscape(ent.key)))
			b.WriteString(`">`)
			closers = append(closers, "</a>")
		}
		b.WriteString(html.EscapeString(arabic.Display(string(runes[lo:hi]))))
		for k := len(closers) - 1; k >= 0; k-- {
			b.WriteString(closers[k])
		}
	}
}

// entityClass maps an entity type to a CSS class suffix.
func entityClass(t string) string {
	switch t {
	case marsad.EntityPerson, marsad.EntityOrganization, marsad.EntityLocation:
		return t
	}
	return "other"
}
