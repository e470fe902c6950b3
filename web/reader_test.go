package web

import (
	"fmt"
	"html/template"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/arabic"
)

func TestReaderHTML(t *testing.T) {
	ar := &prefs{Lang: "ar", Num: "arab"}
	text := "بحث وزير الدفاع مرهف أبو قصرة يوم الأحد في دمشق.\n\nوقال: \"التعاون مستمر\" <b>."
	art := &marsad.Article{
		Sections: []marsad.Section{
			{Paragraphs: []string{"بحث وزير الدفاع مرهف أبو قصرة يوم الأحد في دمشق."}},
			{Heading: "عنوان <فرعي>", Paragraphs: []string{"وقال: \"التعاون مستمر\" <b>."}},
		},
		Text: text,
		Entities: []marsad.Entity{
			{Name: "مرهف أبو قصرة", Key: "مرهف ابو قصره", Type: marsad.EntityPerson, Mentions: []marsad.Mention{{Text: "مرهف أبو قصرة", Start: 16, End: 29}}},
			{Name: "دمشق", Key: "دمشق", Type: marsad.EntityLocation, Mentions: []marsad.Mention{{Text: "دمشق", Start: 43, End: 47}}},
		},
		Dates:  []marsad.DateRef{{Text: "يوم الأحد", Start: 30, End: 39, Value: "2025-11-16", Granularity: "day"}},
		Quotes: []marsad.Quote{{Speaker: "مرهف أبو قصرة", Text: "التعاون مستمر", Start: runeIndex(text, "التعاون"), End: runeIndex(text, "التعاون") + 13}},
	}
	for _, m := range []struct {
		sub        string
		start, end int
	}{{"مرهف أبو قصرة", 16, 29}, {"دمشق", 43, 47}, {"يوم الأحد", 30, 39}} {
		if i := runeIndex(text, m.sub); i != m.start || i+len([]rune(m.sub)) != m.end {
			t.Fatalf("test offsets of %s: %d", m.sub, i)
		}
	}
	got := string(readerHTML(ar, art))
	for _, want := range []string{
		`<a class="ent ent-person" href="/entity/%D9%85%D8%B1%D9%87%D9%81%20%D8%A7%D8%A8%D9%88%20%D9%82%D8%B5%D8%B1%D9%87">مرهف أبو قصرة</a>`,
		`<span class="date" title="١٦ نوفمبر ٢٠٢٥">يوم الأحد</span>`,
		`<a class="ent ent-location" href="/entity/%D8%AF%D9%85%D8%B4%D9%82">دمشق</a>`,
		`<span class="quote" title="قالها: مرهف أبو قصرة">التعاون مستمر</span>`,
		`<h2 dir="auto">عنوان &lt;فرعي&gt;</h2>`,
		`&lt;b&gt;.</p>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s\nin %s", want, got)
		}
	}
	// Nested: a mention inside a quote is both.
	art.Quotes[0] = marsad.Quote{Speaker: "x", Start: 10, End: 35}
	got = string(readerHTML(ar, art))
	if !strings.Contains(got, `<span class="quote" title="قالها: x"><a class="ent ent-person"`) {
		t.Errorf("nested quote and mention: %s", got)
	}
	checkFragment(t, got, art.Sections[0].Paragraphs[0]+art.Sections[1].Heading+art.Sections[1].Paragraphs[0])
}

// checkFragment parses reader output and checks that it holds only the
// elements the reader writes and exactly the displayed text.
func checkFragment(t *testing.T, frag, text string) {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(frag), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			if strings.TrimSpace(n.Data) != "" || n.Parent != nil {
				b.WriteString(n.Data)
			}
		case html.ElementNode:
			switch n.Data {
			case "p", "h2", "span", "a":
			default:
				t.Errorf("unexpected element <%s>", n.Data)
			}
			for _, a := range n.Attr {
				switch a.Key {
				case "class", "href", "title", "dir":
				default:
					t.Errorf("unexpected attribute %s", a.Key)
				}
				if a.Key == "href" && !strings.HasPrefix(a.Val, "/entity/") {
					t.Errorf("href %q", a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	// Every character of the text (cleaned) is shown, in order.
	shown := strings.Join(strings.Fields(b.String()), "")
	want := strings.Join(strings.Fields(arabic.Display(text)), "")
	if shown != want {
		t.Errorf("shown text %q, want %q", shown, want)
	}
}

// FuzzReaderHTML feeds arbitrary text and offsets to the reader view: the
// output must only ever hold the reader's own markup and the text.
func FuzzReaderHTML(f *testing.F) {
	f.Add("بحث وزير الدفاع <script>x</script> في دمشق", 4, 15, 20, 30, "key", "2025-11-16")
	f.Add("a\n\nb\u202Ec", 0, 1, 3, 5, "\"><img>", `"><script>`)
	f.Add("", -1, 100, 5, 2, "", "")
	f.Fuzz(func(t *testing.T, text string, s1, e1, s2, e2 int, key, value string) {
		paras := strings.Split(text, "\n\n")
		a := &marsad.Article{Text: text, Sections: []marsad.Section{{Heading: key, Paragraphs: paras}}}
		a.Entities = []marsad.Entity{{Key: key, Type: value, Mentions: []marsad.Mention{{Start: s1, End: e1}, {Start: s2, End: e2}}}}
		a.Quotes = []marsad.Quote{{Speaker: key, Start: s2, End: e1}}
		a.Dates = []marsad.DateRef{{Value: value, Start: s1, End: e2}}
		out := readerHTML(&prefs{Lang: "ar", Num: "arab"}, a)
		nodes, err := html.ParseFragment(strings.NewReader(string(out)), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
		if err != nil {
			t.Fatal(err)
		}
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				switch n.Data {
				case "p", "h2", "span", "a":
				default:
					t.Fatalf("element <%s> in %q", n.Data, out)
				}
				for _, at := range n.Attr {
					if strings.HasPrefix(at.Key, "on") || at.Key == "style" || at.Key == "src" {
						t.Fatalf("attribute %s in %q", at.Key, out)
					}
					if at.Key == "href" && !strings.HasPrefix(at.Val, "/entity/") {
						t.Fatalf("href %q", at.Val)
					}
				}
			}
			if n.Type == html.TextNode && strings.ContainsFunc(n.Data, isBidiControl) {
				t.Fatalf("bidi control in %q", n.Data)
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		for _, n := range nodes {
			walk(n)
		}
	})
}

func TestSnippetHTML(t *testing.T) {
	tests := []struct{ in, want string }{
		{"وزير <mark>الدفاع</mark> السوري", "وزير <mark>الدفاع</mark> السوري"},
		{"&lt;script&gt; <mark>x</mark> &amp;", "&lt;script&gt; <mark>x</mark> &amp;"},
		{"a <mark>b", "a <mark>b</mark>"},
		{"<script>raw</script> <mark>&lt;i&gt;</mark>", "&lt;script&gt;raw&lt;/script&gt; <mark>&lt;i&gt;</mark>"},
		{"\u202Eevil <mark>x\u2066</mark>", "evil <mark>x</mark>"},
		{"&#34;quoted&#34;", "&#34;quoted&#34;"},
	}
	for _, tc := range tests {
		if got := snippetHTML(tc.in); got != template.HTML(tc.want) {
			t.Errorf("snippetHTML(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzSnippetHTML(f *testing.F) {
	f.Add("a <mark>b</mark> &lt;c&gt;")
	f.Add("<mark><mark></mark></mark><script>")
	f.Fuzz(func(t *testing.T, s string) {
		out := string(snippetHTML(s))
		rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(out)
		if strings.ContainsAny(rest, "<>") {
			t.Fatalf("markup besides marks: %q -> %q", s, out)
		}
	})
}

func TestPrefsFormat(t *testing.T) {
	ar := &prefs{Lang: "ar", Num: "arab"}
	arLatn := &prefs{Lang: "ar", Num: "latn"}
	en := &prefs{Lang: "en", Num: "latn"}
	tests := []struct {
		p         *prefs
		got, want string
	}{
		{ar, ar.Day("2025-11-17"), "١٧ نوفمبر ٢٠٢٥"},
		{arLatn, arLatn.Day("2025-11-17"), "17 نوفمبر 2025"},
		{en, en.Day("2025-11-17"), "17 Nov 2025"},
		{ar, ar.Day("2025-11"), "نوفمبر ٢٠٢٥"},
		{ar, ar.Day("2025"), "٢٠٢٥"},
		{ar, ar.Day("2025-11-17T08:30:00+03:00"), "١٧ نوفمبر ٢٠٢٥"},
		{ar, ar.Day("garbage 12"), "garbage ١٢"},
		{ar, ar.N(1234), "١٢٣٤"},
		{en, en.N(int64(42)), "42"},
		{ar, ar.Span(time.Date(2025, 11, 16, 0, 0, 0, 0, time.UTC), time.Date(2025, 11, 17, 0, 0, 0, 0, time.UTC)), "١٦ نوفمبر ٢٠٢٥ – ١٧ نوفمبر ٢٠٢٥"},
		{ar, ar.T("home"), "الرئيسية"},
		{en, en.T("home"), "Home"},
		{en, en.T("no-such-key"), "no-such-key"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestMentionsChart(t *testing.T) {
	days := []dayCount{
		{Day: time.Date(2025, 11, 15, 0, 0, 0, 0, time.UTC), Count: 2},
		{Day: time.Date(2025, 11, 16, 0, 0, 0, 0, time.UTC), Count: 0},
		{Day: time.Date(2025, 11, 17, 0, 0, 0, 0, time.UTC), Count: 6},
	}
	svg := string(mentionsChart(&prefs{Lang: "ar", Num: "arab"}, days))
	if strings.Count(svg, `<rect class="bar"`) != 3 || !strings.Contains(svg, "<title>١٧ نوفمبر ٢٠٢٥: ٦</title>") {
		t.Fatalf("chart: %s", svg)
	}
	// Right to left: the first day's bar is to the right of the last's.
	xs := barXs(t, svg)
	if !(xs[0] > xs[2]) {
		t.Errorf("RTL chart bars at %v: the first day should be rightmost", xs)
	}
	xs = barXs(t, string(mentionsChart(&prefs{Lang: "en", Num: "latn"}, days)))
	if !(xs[0] < xs[2]) {
		t.Errorf("LTR chart bars at %v", xs)
	}
	if mentionsChart(&prefs{}, nil) != "" {
		t.Error("empty chart")
	}
}

func barXs(t *testing.T, svg string) []float64 {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(svg))
	if err != nil {
		t.Fatal(err)
	}
	var xs []float64
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "rect" {
			var x float64
			for _, a := range n.Attr {
				if a.Key == "x" {
					if _, err := fmt.Sscan(a.Val, &x); err != nil {
						t.Fatal(err)
					}
				}
			}
			xs = append(xs, x)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return xs
}

func TestPerDay(t *testing.T) {
	refs := []marsad.ArticleRef{{Published: "2025-11-17"}, {Published: "2025-11-17T10:00:00Z"}, {Published: "2025-11-15"}, {Published: "2025"}, {Published: ""}}
	days := perDay(refs)
	if len(days) != 3 || days[0].Count != 1 || days[1].Count != 0 || days[2].Count != 2 {
		t.Fatalf("perDay: %+v", days)
	}
}

func TestRateLimiter(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newRateLimiter(2, 3, func() time.Time { return now })
	for i := range 3 {
		if ok, _ := l.allow("a"); !ok {
			t.Fatalf("request %d refused within the burst", i)
		}
	}
	if ok, wait := l.allow("a"); ok || wait <= 0 {
		t.Fatalf("over the burst: ok=%v wait=%v", ok, wait)
	}
	if ok, _ := l.allow("b"); !ok {
		t.Fatal("another client is limited")
	}
	now = now.Add(500 * time.Millisecond)
	if ok, _ := l.allow("a"); !ok {
		t.Fatal("no token after 0.5 s at 2/s")
	}
	for i := range maxBuckets + 10 {
		l.allow(strings.Repeat("x", i%50) + string(rune('a'+i%26)) + time.Duration(i).String())
	}
	if len(l.buckets) > maxBuckets {
		t.Fatalf("%d buckets", len(l.buckets))
	}
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{"/search?q=x": "/search?q=x", "//evil.test": "/", "/\\evil.test": "/", "https://evil.test": "/", "": "/", "/a\r\nSet-Cookie: x": "/"} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEscapeBidi(t *testing.T) {
	got := string(escapeBidi([]byte(`{"t":"a` + "\u202E" + `b` + "\u2067" + `"}`)))
	if got != `{"t":"a\u202eb\u2067"}` {
		t.Fatalf("escapeBidi: %s", got)
	}
}

// runeIndex is the code point offset of sub in s.
func runeIndex(s, sub string) int {
	i := strings.Index(s, sub)
	if i < 0 {
		return -1
	}
	return len([]rune(s[:i]))
}
