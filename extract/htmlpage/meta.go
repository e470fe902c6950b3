package htmlpage

import (
	"encoding/json"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxJSONLD bounds the size of one JSON-LD script that is decoded.
const maxJSONLD = 1 << 20

// pageMeta is what the page says about itself outside the main text.
type pageMeta struct {
	meta      map[string]string // <meta> by lower-cased property/name/itemprop, first wins
	lang      string            // <html lang>
	dir       string            // <html dir> or <body dir>
	canonical string            // <link rel=canonical>
	title     string            // <title>
	h1        string            // first <h1> outside header/nav/footer
	ld        ldInfo
	crumbs    []string // breadcrumb labels, home first
	relAuthor []string // text of rel=author links
	catLabel  string   // first rel=category link or category label
}

// ldInfo is what the JSON-LD scripts say about the article.
type ldInfo struct {
	headline, published, modified, section, image, publisher, url string
	pagePublished, pageModified                                   string // of a WebPage, used when the article has none
	authors                                                       []string
	crumbs                                                        []string
	ids                                                           map[string]map[string]any // nodes by @id
}

// collectIDs records the JSON-LD nodes that carry an @id, so references
// such as "author": {"@id": "#/schema/person/1"} can be followed.
func collectIDs(v any, ids map[string]map[string]any, depth int) {
	if depth > 8 {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			collectIDs(e, ids, depth+1)
		}
	case map[string]any:
		if id, ok := x["@id"].(string); ok && len(x) > 1 {
			if _, seen := ids[id]; !seen {
				ids[id] = x
			}
		}
		if g, ok := x["@graph"]; ok {
			collectIDs(g, ids, depth+1)
		}
	}
}

// deref follows a bare {"@id": ...} reference.
func (ld *ldInfo) deref(v any) any {
	if x, ok := v.(map[string]any); ok && len(x) == 1 {
		if id, ok := x["@id"].(string); ok {
			if node, ok := ld.ids[id]; ok {
				return node
			}
		}
	}
	if xs, ok := v.([]any); ok {
		out := make([]any, len(xs))
		for i, e := range xs {
			out[i] = ld.deref(e)
		}
		return out
	}
	return v
}

// articleTypes are the schema.org types taken as the article itself.
var articleTypes = map[string]bool{
	"newsarticle": true, "article": true, "blogposting": true, "reportagenewsarticle": true,
	"analysisnewsarticle": true, "opinionnewsarticle": true, "backgroundnewsarticle": true,
	"reviewnewsarticle": true, "liveblogposting": true, "scholarlyarticle": true,
	"techarticle": true, "posting": true, "socialmediaposting": true, "report": true,
}

// readMeta collects the page's metadata from doc.
func readMeta(doc *html.Node) pageMeta {
	m := pageMeta{meta: map[string]string{}}
	var ldScripts []string
	walk(doc, func(n *html.Node) bool {
		switch n.DataAtom {
		case atom.Html:
			m.lang = strings.TrimSpace(attr(n, "lang"))
			m.dir = strings.ToLower(strings.TrimSpace(attr(n, "dir")))
		case atom.Body:
			if m.dir == "" {
				m.dir = strings.ToLower(strings.TrimSpace(attr(n, "dir")))
			}
		case atom.Meta:
			content := strings.TrimSpace(attr(n, "content"))
			if content == "" {
				content = strings.TrimSpace(attr(n, "datetime"))
			}
			for _, k := range []string{"property", "name", "itemprop", "http-equiv"} {
				if key := strings.ToLower(strings.TrimSpace(attr(n, k))); key != "" && content != "" {
					if _, seen := m.meta[key]; !seen {
						m.meta[key] = content
					}
				}
			}
		case atom.Link:
			rels := strings.Fields(strings.ToLower(attr(n, "rel")))
			for _, r := range rels {
				if r == "canonical" && m.canonical == "" {
					m.canonical = strings.TrimSpace(attr(n, "href"))
				}
			}
		case atom.A:
			if m.catLabel == "" && (strings.Contains(strings.ToLower(attr(n, "rel")), "category") || catRe.MatchString(classID(n)) || n.Parent != nil && catRe.MatchString(classID(n.Parent))) && !inChrome(n) {
				if t := textOf(n); t != "" && len([]rune(t)) <= 40 {
					m.catLabel = t
				}
			}
			if strings.Contains(strings.ToLower(attr(n, "rel")), "author") {
				if t := textOf(n); t != "" && len([]rune(t)) < 80 {
					m.relAuthor = append(m.relAuthor, t)
				}
			}
		case atom.Title:
			if m.title == "" && !hasAncestor(n, func(p *html.Node) bool { return p.DataAtom == atom.Svg }) {
				m.title = textOf(n)
			}
			return false
		case atom.H1:
			if m.h1 == "" && !inChrome(n) {
				m.h1 = textOf(n)
			}
		case atom.Script:
			if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && n.FirstChild != nil {
				if s := n.FirstChild.Data; len(s) <= maxJSONLD {
					ldScripts = append(ldScripts, s)
				}
			}
			return false
		case atom.Style, atom.Template:
			return false
		}
		return true
	})
	var values []any
	m.ld.ids = map[string]map[string]any{}
	for _, s := range ldScripts {
		var v any
		if err := json.Unmarshal([]byte(cleanJSON(s)), &v); err != nil {
			continue
		}
		values = append(values, v)
		collectIDs(v, m.ld.ids, 0)
	}
	for _, v := range values {
		m.ld.merge(v, 0)
	}
	m.crumbs = domCrumbs(doc)
	if len(m.crumbs) == 0 {
		m.crumbs = m.ld.crumbs
	}
	return m
}

// cleanJSON drops what commonly breaks JSON-LD blocks: HTML comment
// markers and CDATA wrappers.
func cleanJSON(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"<!--", "//<![CDATA[", "<![CDATA["} {
		s = strings.TrimPrefix(s, p)
	}
	for _, p := range []string{"-->", "//]]>", "]]>"} {
		s = strings.TrimSuffix(s, p)
	}
	return s
}

// merge reads one JSON-LD value (object, array or @graph) into ld; the
// first article object found wins for each field.
func (ld *ldInfo) merge(v any, depth int) {
	if depth > 8 {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			ld.merge(e, depth+1)
		}
	case map[string]any:
		if g, ok := x["@graph"]; ok {
			ld.merge(g, depth+1)
		}
		types := ldTypes(x["@type"])
		switch {
		case anyType(types, articleTypes):
			setFirst(&ld.headline, ldString(x["headline"]))
			if ld.headline == "" {
				setFirst(&ld.headline, ldString(x["name"]))
			}
			setFirst(&ld.published, ldString(x["datePublished"]))
			setFirst(&ld.modified, ldString(x["dateModified"]))
			setFirst(&ld.section, ldFirst(x["articleSection"]))
			setFirst(&ld.image, ldURL(x["image"]))
			setFirst(&ld.url, ldURL(x["url"]))
			setFirst(&ld.publisher, ldName(ld.deref(x["publisher"])))
			if len(ld.authors) == 0 {
				ld.authors = ldNames(ld.deref(x["author"]))
			}
		case anyType(types, map[string]bool{"breadcrumblist": true}):
			if len(ld.crumbs) == 0 {
				ld.crumbs = ldCrumbs(x["itemListElement"])
			}
		case anyType(types, map[string]bool{"webpage": true}):
			// A WebPage may hold the breadcrumb or the article as mainEntity.
			if b, ok := x["breadcrumb"]; ok {
				ld.merge(ld.deref(b), depth+1)
			}
			if e, ok := x["mainEntity"]; ok {
				ld.merge(ld.deref(e), depth+1)
			}
			setFirst(&ld.pagePublished, ldString(x["datePublished"]))
			setFirst(&ld.pageModified, ldString(x["dateModified"]))
		}
	}
}

func setFirst(dst *string, v string) {
	if *dst == "" {
		*dst = strings.TrimSpace(v)
	}
}

func ldTypes(v any) []string {
	var out []string
	switch t := v.(type) {
	case string:
		out = append(out, strings.ToLower(t))
	case []any:
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, strings.ToLower(s))
			}
		}
	}
	return out
}

func anyType(types []string, set map[string]bool) bool {
	for _, t := range types {
		if set[strings.TrimPrefix(strings.TrimPrefix(t, "http://schema.org/"), "https://schema.org/")] {
			return true
		}
	}
	return false
}

func ldString(v any) string {
	if s, ok := v.(string); ok {
		return cleanText(html.UnescapeString(s))
	}
	return ""
}

func ldFirst(v any) string {
	switch t := v.(type) {
	case string:
		return ldString(t)
	case []any:
		for _, e := range t {
			if s := ldString(e); s != "" {
				return s
			}
		}
	}
	return ""
}

func ldURL(v any) string {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case []any:
		for _, e := range t {
			if s := ldURL(e); s != "" {
				return s
			}
		}
	case map[string]any:
		if s := ldURL(t["url"]); s != "" {
			return s
		}
		return ldURL(t["@id"])
	}
	return ""
}

func ldName(v any) string {
	switch t := v.(type) {
	case string:
		return ldString(t)
	case map[string]any:
		return ldString(t["name"])
	case []any:
		for _, e := range t {
			if s := ldName(e); s != "" {
				return s
			}
		}
	}
	return ""
}

func ldNames(v any) []string {
	var out []string
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			out = append(out, ldNames(e)...)
		}
	default:
		if s := ldName(t); s != "" && !looksLikeURL(s) {
			out = append(out, s)
		}
	}
	return out
}

func ldCrumbs(v any) []string {
	items, ok := v.([]any)
	if !ok {
		return nil
	}
	var out []string
	for _, it := range items {
		obj, ok := it.(map[string]any)
		if !ok {
			continue
		}
		name := ldString(obj["name"])
		if name == "" {
			name = ldName(obj["item"])
		}
		if name != "" {
			out = append(out, name)
		}
	}
	return out
}

func looksLikeURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "/")
}

// chromeRe matches class or id values of page chrome: header, navigation,
// footer, sidebars and top bars.
var chromeRe = regexp.MustCompile(`(^|[\s_-])(header|masthead|navbar|nav|menu|top-?bar|footer|sidebar|widget|site-header|topnav)($|[\s_-])`)

// hardChromeRe matches chrome that never holds the article's own byline:
// menus, navigation, footers, sidebars, widgets, top bars, site headers.
var hardChromeRe = regexp.MustCompile(`(^|[\s_-])(masthead|navbar|nav|menu|top-?bar|footer|sidebar|widget|site-header|topnav|header-?top|top-?header|main-header)($|[\s_-])`)

// softHeaderRe matches a "header" class: chrome unless an article part
// holds it ("td-post-header" is the article's own header).
var softHeaderRe = regexp.MustCompile(`(^|[\s_-])header($|[\s_-])`)

// articlePartRe matches class or id values of parts of the article.
var articlePartRe = regexp.MustCompile(`(^|[\s_-])(post|entry|article|story|single|news-details|news-text)($|[\s_-])`)

// inChrome reports whether n sits in the page's header, navigation,
// footer or a sidebar rather than in the article. An <article> or <main>
// ancestor settles it; a header inside an article part is the article's
// own header.
func inChrome(n *html.Node) bool {
	soft, article := false, false
	for p := n; p != nil; p = p.Parent {
		if p.Type != html.ElementNode {
			continue
		}
		switch p.DataAtom {
		case atom.Article, atom.Main:
			return false
		case atom.Nav, atom.Footer, atom.Aside:
			return true
		case atom.Header:
			if !article {
				soft = true
			}
		}
		ci := classID(p)
		if ci == " " {
			continue
		}
		if hardChromeRe.MatchString(ci) {
			return true
		}
		if articlePartRe.MatchString(ci) {
			soft, article = false, true
		} else if !article && softHeaderRe.MatchString(ci) {
			soft = true
		}
	}
	return soft
}

// catRe matches class or id values of a post's category label.
var catRe = regexp.MustCompile(`(^|[\s_-])(cat-?links|post-?cat(egory)?|category-?label|entry-?category|article-?category|cat-?label)($|[\s_-])`)

// crumbRe matches class, id or aria-label values of breadcrumb trails.
var crumbRe = regexp.MustCompile(`bread-?crumb|crumbs|(^|\s)path($|\s)`)

// domCrumbs returns the labels of the first breadcrumb trail in the page.
func domCrumbs(doc *html.Node) []string {
	trails := find(doc, func(n *html.Node) bool {
		return crumbRe.MatchString(classID(n)) || crumbRe.MatchString(strings.ToLower(attr(n, "aria-label")))
	})
	for _, t := range trails {
		var labels []string
		for _, it := range find(t, func(n *html.Node) bool {
			return n.DataAtom == atom.A || n.DataAtom == atom.Li || (n.DataAtom == atom.Span && attr(n, "itemprop") == "name")
		}) {
			if s := strings.Trim(textOf(it), " »›>/|-–—•·\u00bb"); s != "" {
				labels = append(labels, s)
			}
		}
		if len(labels) > 0 {
			return labels
		}
	}
	return nil
}
