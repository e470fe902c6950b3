package htmlpage

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/marsad-news/marsad/dates"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Provenance values recorded in Article.Meta.
const (
	fromOGTitle   = "og:title"
	fromJSONLD    = "json-ld"
	fromH1        = "h1"
	fromTitleTag  = "title"
	fromByline    = "byline"
	fromBreadcrum = "breadcrumbs"
)

// siteSuffixSeps separate a title from the site name in og:title and
// <title>, e.g. "... - الجزيرة نت" or "... | سكاي نيوز عربية".
var siteSuffixSeps = []string{" | ", " - ", " – ", " — ", " :: ", " « ", " » ", " ‹ ", " · ", " | ", "| ", " |"}

// chooseTitle picks the title by order of trust and removes the site name.
// It returns the title and where it came from.
func chooseTitle(m pageMeta, site string) (string, string) {
	cands := []struct{ v, from string }{
		{m.meta["og:title"], fromOGTitle},
		{m.ld.headline, fromJSONLD},
		{m.h1, fromH1},
		{m.meta["twitter:title"], "twitter:title"},
		{m.title, fromTitleTag},
	}
	for _, c := range cands {
		t := cleanText(html.UnescapeString(c.v))
		if t == "" {
			continue
		}
		return stripSiteName(t, site, m), c.from
	}
	return "", ""
}

// stripSiteName removes a trailing (or leading) site name from title. The
// part removed must be the known site name, or a short segment when the
// rest of the title matches the page's h1 or JSON-LD headline. Matching
// ignores tatweel, diacritics and alef forms.
func stripSiteName(title, site string, m pageMeta) string {
	siteKey := matchKey(site)
	refs := []string{matchKey(m.h1), matchKey(m.ld.headline)}
	for _, sep := range siteSuffixSeps {
		i := strings.LastIndex(title, sep)
		if i <= 0 {
			continue
		}
		head, tail := strings.TrimSpace(title[:i]), strings.TrimSpace(title[i+len(sep):])
		if head == "" {
			continue
		}
		tk, hk := matchKey(tail), matchKey(head)
		if tk == "" {
			return head
		}
		if siteKey != "" && (tk == siteKey || strings.Contains(siteKey, tk) || strings.Contains(tk, siteKey)) {
			return head
		}
		if knownOutlet(tk) || (len(strings.Fields(tail)) <= 4 && (hk == refs[0] || hk == refs[1])) {
			return head
		}
		// Leading site name: "الجزيرة نت | ...".
		j := strings.Index(title, sep)
		lead, rest := strings.TrimSpace(title[:j]), strings.TrimSpace(title[j+len(sep):])
		if lk := matchKey(lead); rest != "" && siteKey != "" && (lk == siteKey || knownOutlet(lk)) {
			return rest
		}
	}
	return title
}

// outletNames are outlet names often appended to titles without an
// og:site_name to say so.
var outletNames = []string{
	"الجزيرة نت", "الجزيرة", "سكاي نيوز عربية", "العربية نت", "العربية", "بي بي سي عربي", "BBC News عربي",
	"فرانس 24", "روسيا اليوم", "RT Arabic", "الشرق الأوسط", "اليوم السابع", "المصري اليوم", "هسبريس",
	"الخليج", "البيان", "القدس العربي", "عنب بلدي", "سانا", "الشروق", "الأهرام", "النهار", "العربي الجديد",
	"الحرة", "الشرق", "الوطن", "عكاظ", "الرياض", "الميادين", "ساسة بوست", "يورونيوز", "الأناضول",
}

func knownOutlet(key string) bool {
	for _, k := range outletNames {
		if key == matchKey(k) {
			return true
		}
	}
	return false
}

// chooseSite returns the outlet name and where it came from.
func chooseSite(m pageMeta, pageURL string) (string, string) {
	if s := cleanText(m.meta["og:site_name"]); s != "" {
		return s, "og:site_name"
	}
	if m.ld.publisher != "" {
		return m.ld.publisher, fromJSONLD
	}
	if s := cleanText(m.meta["application-name"]); s != "" {
		return s, "application-name"
	}
	if u, err := url.Parse(pageURL); err == nil && u.Hostname() != "" {
		return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www."), "url"
	}
	return "", ""
}

// machineDate reads a machine-readable date: RFC 3339 and its common
// variants. It returns YYYY-MM-DD, or an RFC 3339 timestamp when the time
// and zone are known.
func machineDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", false
	}
	zoned := []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05 -0700", "2006-01-02T15:04:05.000Z0700", time.RFC1123Z, time.RFC1123, time.RFC822Z}
	for _, l := range zoned {
		if t, err := time.Parse(l, s); err == nil && plausibleYear(t.Year()) {
			return t.Format(time.RFC3339), true
		}
	}
	plain := []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02", "2006/01/02", "20060102"}
	for _, l := range plain {
		if t, err := time.Parse(l, s); err == nil && plausibleYear(t.Year()) {
			return t.Format("2006-01-02"), true
		}
	}
	if len(s) > 10 { // "2019-02-08T10:00:00.000+01:00[Europe/Paris]" and such
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil && plausibleYear(t.Year()) {
			return t.Format("2006-01-02"), true
		}
	}
	return "", false
}

func plausibleYear(y int) bool { return y >= 1990 && y <= 2100 }

// dateSource is one candidate date with its provenance.
type dateSource struct{ value, from string }

// metaPublished returns the machine-readable publication date by order of
// trust: JSON-LD, Open Graph / article meta, other meta, <time datetime>.
func metaPublished(doc *html.Node, m pageMeta) dateSource {
	for _, d := range []string{m.ld.published, m.ld.pagePublished} {
		if v, ok := machineDate(d); ok {
			return dateSource{v, fromJSONLD}
		}
	}
	for _, k := range []string{"article:published_time", "og:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate", "publish-date", "publication_date", "sailthru.date", "parsely-pub-date", "dc.date.issued", "dcterms.created", "dc.date", "date", "article.published", "published_time", "cxenseparse:recs:publishtime"} {
		if v, ok := machineDate(m.meta[k]); ok {
			return dateSource{v, "meta:" + k}
		}
	}
	var out dateSource
	walk(doc, func(n *html.Node) bool {
		if out.value != "" {
			return false
		}
		if n.DataAtom == atom.Time && !inChrome(n) && !isTodayBox(n) {
			if v, ok := machineDate(attr(n, "datetime")); ok {
				out = dateSource{v, "time"}
			}
		}
		return true
	})
	return out
}

// metaModified returns the machine-readable modification date.
func metaModified(m pageMeta) dateSource {
	for _, d := range []string{m.ld.modified, m.ld.pageModified} {
		if v, ok := machineDate(d); ok {
			return dateSource{v, fromJSONLD}
		}
	}
	for _, k := range []string{"article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified"} {
		if v, ok := machineDate(m.meta[k]); ok {
			return dateSource{v, "meta:" + k}
		}
	}
	return dateSource{}
}

var (
	dateClassRe = regexp.MustCompile(`date|time|publish|posted|byline|post-meta|entry-meta|article-meta|meta-info|تاريخ`)
	todayRe     = regexp.MustCompile(`today|current-?date|top-?date|header-?date|date-?today|clock`)
	// hijriRe matches Hijri month names and the AH mark.
	hijriRe = regexp.MustCompile(`هـ|محرم|ربيع الأول|ربيع الاول|ربيع الآخر|ربيع الثاني|جمادى|جمادي|رجب|شعبان|رمضان|شوال|ذو القعدة|ذي القعدة|ذو الحجة|ذي الحجة`)
	// printRe matches print-edition lines ("العدد 1234", "النسخة الورقية").
	printRe = regexp.MustCompile(`النسخة الورقية|الطبعة الورقية|النسخة المطبوعة|العدد\s*[:\d٠-٩]|print edition`)
)

// isTodayBox reports a header "today's date" widget or one of its parts.
func isTodayBox(n *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && todayRe.MatchString(classID(p)) {
			return true
		}
	}
	return false
}

// visibleDate looks for the byline date printed in the page: short
// elements whose class or id says date/time/meta, outside the page chrome,
// not a "today" widget, not a Hijri or print-edition line.
func visibleDate(doc *html.Node) (dateSource, string) {
	var out dateSource
	var text string
	walk(doc, func(n *html.Node) bool {
		if out.value != "" {
			return false
		}
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Head, atom.Nav, atom.Footer:
			return false
		}
		if !(n.DataAtom == atom.Time || dateClassRe.MatchString(classID(n))) {
			return true
		}
		t, complete := boundedText(n, 640)
		if !complete || t == "" || len([]rune(t)) > 160 || inChrome(n) || isTodayBox(n) || printRe.MatchString(t) {
			return true
		}
		if v, ok := parseVisible(t); ok {
			// A printed time has no zone: keep the day only.
			out, text = dateSource{v[:10], fromByline}, t
			return false
		}
		return true
	})
	return out, text
}

// parseVisible reads a date printed for readers, e.g. "الجمعة 8 فيفري
// 2019" or "نشر في 17/11/2025". Hijri dates are refused. It tries the
// dates package first and a small local reader of day-month-year forms as
// a fallback.
func parseVisible(s string) (string, bool) {
	if r, ok := dates.Parse(s, time.Time{}); ok && r.Granularity != "" && !hijriRe.MatchString(r.Text) {
		if v, ok := machineDate(r.Value); ok {
			return v, true
		}
	}
	for _, r := range dates.Find(s, time.Time{}) {
		if hijriRe.MatchString(r.Text) || r.Granularity != "day" && r.Granularity != "time" {
			continue
		}
		if v, ok := machineDate(r.Value); ok {
			return v, true
		}
	}
	return localDate(s)
}

// monthNames maps Gregorian month names (Egyptian/Gulf, Levantine/Iraqi,
// Maghrebi and Tunisian/Algerian spellings), in matchKey form (alef
// without hamza, ة as ه), to month numbers.
var monthNames = map[string]int{
	"يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6, "يوليو": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
	"كانون الثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7, "اب": 8, "ايلول": 9, "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الاول": 12,
	"جانفي": 1, "فيفري": 2, "افريل": 4, "ماي": 5, "جوان": 6, "جويليه": 7, "اوت": 8, "غشت": 8, "يوليوز": 7, "شتنبر": 9, "نونبر": 11, "دجنبر": 12, "فبرير": 2,
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}

var (
	numericDateRe = regexp.MustCompile(`\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b`)
	isoDateRe     = regexp.MustCompile(`\b(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})\b`)
)

// localDate reads "D Month YYYY" (Arabic or English month names, any
// Arabic month-naming system), "DD/MM/YYYY" and "YYYY-MM-DD" forms.
func localDate(s string) (string, bool) {
	if hijriRe.MatchString(s) {
		// Keep only the part before the Hijri date when both are printed.
		if loc := hijriRe.FindStringIndex(s); loc != nil {
			s = s[:loc[0]]
		}
	}
	k := matchKey(asciiDigits(s))
	toks := strings.Fields(k)
	for i := 0; i+2 < len(toks); i++ {
		d, err := strconv.Atoi(toks[i])
		if err != nil || d < 1 || d > 31 {
			continue
		}
		for span := 2; span >= 1; span-- {
			if i+1+span >= len(toks) {
				continue
			}
			mo, ok := monthNames[strings.Join(toks[i+1:i+1+span], " ")]
			if !ok {
				continue
			}
			y, err := strconv.Atoi(toks[i+1+span])
			if err != nil || !plausibleYear(y) {
				continue
			}
			return time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC).Format("2006-01-02"), true
		}
	}
	a := asciiDigits(s)
	if g := isoDateRe.FindStringSubmatch(a); g != nil {
		y, _ := strconv.Atoi(g[1])
		mo, _ := strconv.Atoi(g[2])
		d, _ := strconv.Atoi(g[3])
		if validDate(y, mo, d) {
			return time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC).Format("2006-01-02"), true
		}
	}
	if g := numericDateRe.FindStringSubmatch(a); g != nil {
		d, _ := strconv.Atoi(g[1])
		mo, _ := strconv.Atoi(g[2])
		y, _ := strconv.Atoi(g[3])
		if validDate(y, mo, d) {
			return time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC).Format("2006-01-02"), true
		}
	}
	return "", false
}

func validDate(y, mo, d int) bool {
	return plausibleYear(y) && mo >= 1 && mo <= 12 && d >= 1 && d <= 31
}

// asciiDigits turns Arabic-Indic and Persian digits into ASCII ones.
func asciiDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '٠' && r <= '٩':
			return '0' + (r - '٠')
		case r >= '۰' && r <= '۹':
			return '0' + (r - '۰')
		}
		return r
	}, s)
}

// bylineRe matches a byline prefix: "كتب:", "كتبت:", "بقلم", "By".
var bylineRe = regexp.MustCompile(`^\s*(?:كتب|كتبت|كتبه|بقلم|تقرير|إعداد|اعداد|تحرير|[Bb]y)\s*[:：\-–]?\s*`)

// cleanAuthor tidies one author string: byline prefixes, trailing dates,
// e-mail addresses and URLs removed. It returns "" when nothing usable is
// left.
func cleanAuthor(s string) string {
	s = cleanText(s)
	s = bylineRe.ReplaceAllString(s, "")
	s = strings.Trim(s, " :-–—|،,.")
	if s == "" || looksLikeURL(s) || strings.Contains(s, "@") || len([]rune(s)) > 60 {
		return ""
	}
	for _, r := range s {
		if r >= '0' && r <= '9' || r >= '٠' && r <= '٩' {
			return ""
		}
	}
	return s
}

// authorSepRe separates names in an author list.
var authorSepRe = regexp.MustCompile(`\s*[،,;]\s*|\s+and\s+|\s+&\s+`)

// splitAuthors splits a list of names on commas and " and ".
func splitAuthors(s string) []string {
	var out []string
	for _, p := range authorSepRe.Split(s, -1) {
		if a := cleanAuthor(p); a != "" {
			out = append(out, a)
		}
	}
	return out
}

var authorClassRe = regexp.MustCompile(`author|byline|writer|reporter|kateb|كاتب`)

// bylineAuthor finds an author printed in the page: an element whose text
// starts with a byline prefix ("كتب:", "بقلم"), or a short element whose
// class says author/byline.
func bylineAuthor(doc *html.Node) string {
	var out string
	walk(doc, func(n *html.Node) bool {
		if out != "" {
			return false
		}
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Head, atom.Nav, atom.Footer:
			return false
		}
		t, complete := boundedText(n, 400)
		if !complete || t == "" || len([]rune(t)) > 80 {
			return true
		}
		if bylineRe.MatchString(t) && bylineRe.FindString(t) != "" && !strings.HasPrefix(strings.ToLower(t), "by the") {
			if a := cleanAuthor(t); a != "" {
				out = a
				return false
			}
		}
		if authorClassRe.MatchString(classID(n)) && !inChrome(n) {
			if a := cleanAuthor(t); a != "" && len(strings.Fields(a)) <= 5 {
				out = a
				return false
			}
		}
		return true
	})
	return out
}

// resolve makes ref absolute against base when it is relative.
func resolve(base, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	r, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if r.IsAbs() || base == "" {
		if r.Scheme != "" && r.Scheme != "http" && r.Scheme != "https" {
			return ""
		}
		return r.String()
	}
	b, err := url.Parse(base)
	if err != nil {
		return ref
	}
	return b.ResolveReference(r).String()
}

// chooseCategory picks the section: breadcrumbs (the last label that is
// neither home nor the title), article:section, JSON-LD articleSection.
func chooseCategory(m pageMeta, title string) (string, string) {
	if c := crumbCategory(m.crumbs, title); c != "" {
		return c, fromBreadcrum
	}
	if s := cleanText(m.meta["article:section"]); s != "" {
		return s, "article:section"
	}
	if m.ld.section != "" {
		return m.ld.section, fromJSONLD
	}
	if m.catLabel != "" {
		return m.catLabel, "category link"
	}
	return "", ""
}

// homeLabels are the "home" labels that open breadcrumbs.
var homeLabels = []string{"الرئيسية", "الصفحة الرئيسية", "الرئيسة", "home", "homepage", "accueil"}

func isHome(key string) bool {
	for _, h := range homeLabels {
		if key == matchKey(h) {
			return true
		}
	}
	return false
}

func crumbCategory(crumbs []string, title string) string {
	tk := matchKey(title)
	for i := len(crumbs) - 1; i >= 0; i-- {
		c := crumbs[i]
		k := matchKey(c)
		if k == "" || isHome(k) || len([]rune(c)) > 50 {
			continue
		}
		if tk != "" && (k == tk || strings.HasPrefix(tk, k) && len(k) > len(tk)/2) {
			continue
		}
		return c
	}
	return ""
}
