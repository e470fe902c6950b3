package web

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestHostileArticles ingests articles whose titles, bodies, quotes,
// entities, authors, categories, URLs and source names carry script
// tags, javascript: URLs, event handlers and bidi overrides (see
// hostileArticles), and checks that none of it survives as markup in any
// page or API response that shows them.
func TestHostileArticles(t *testing.T) {
	ts, _ := newTestServer(t, nil)
	f := loadFixture(t)
	c := ts.Client()
	story := ""
	{
		_, body := get(t, c, ts.URL, "/api/v1/articles/"+f.hostileID+"/story")
		var st struct {
			ID string `json:"id"`
		}
		json.Unmarshal([]byte(body), &st)
		story = st.ID
	}
	if story == "" {
		t.Fatal("the hostile article has no story")
	}
	pages := []string{
		"/", "/article/" + f.hostileID, "/story/" + story, "/entity/" + hostileKey,
		"/search?q=" + url.QueryEscape("خبيث"), "/search?q=" + url.QueryEscape("عنوان") + "&sort=new",
		"/search?source=" + url.QueryEscape(`<script>src()</script>مصدر`), "/sources",
		"/search?q=" + url.QueryEscape(evilScript), "/login?next=" + url.QueryEscape(`"><script>x()</script>`),
	}
	for _, p := range pages {
		resp, body := get(t, c, ts.URL, p)
		if resp.StatusCode != 200 {
			t.Errorf("%s: status %d", p, resp.StatusCode)
		}
		checkHTML(t, p, body)
	}
	// The hostile text is shown, as text.
	_, body := get(t, c, ts.URL, "/article/"+f.hostileID)
	if !strings.Contains(body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
		t.Errorf("the article does not show its (escaped) markup as text")
	}
	apis := []string{
		"/api/v1/articles/" + f.hostileID, "/api/v1/stories/" + story, "/api/v1/entities/" + hostileKey,
		"/api/v1/entities/" + hostileKey + "/articles", "/api/v1/search?q=" + url.QueryEscape("خبيث"),
		"/api/v1/sources", "/api/v1/stories?limit=100",
	}
	for _, p := range apis {
		resp, body := get(t, c, ts.URL, p)
		if resp.StatusCode != 200 {
			t.Errorf("%s: status %d", p, resp.StatusCode)
		}
		if !json.Valid([]byte(body)) {
			t.Errorf("%s: invalid JSON", p)
		}
		if strings.ContainsAny(body, "<>") {
			t.Errorf("%s: raw < or > in JSON: %.300s", p, body)
		}
		if strings.ContainsFunc(body, isBidiControl) {
			t.Errorf("%s: raw bidi control in JSON", p)
		}
	}
	// JSON keeps the data exactly (escaped, not removed).
	_, body = get(t, c, ts.URL, "/api/v1/articles/"+f.hostileID)
	var a struct {
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(body), &a); err != nil || !strings.Contains(a.Title, evilScript) || !strings.Contains(a.Title, "\u202E") {
		t.Errorf("API title %q lost data", a.Title)
	}
}

// checkHTML parses a page and fails on anything hostile that became
// markup: a script other than ours, an event handler attribute, a
// javascript:/data:/vbscript: URL, an element that loads or embeds
// content, a style attribute or element, or a bidi control character in
// text or attributes.
func checkHTML(t *testing.T, name, body string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	scripts := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			if strings.ContainsFunc(n.Data, isBidiControl) {
				t.Errorf("%s: bidi control in text %q", name, n.Data)
			}
		case html.ElementNode:
			switch n.Data {
			case "script":
				scripts++
				if len(n.Attr) == 0 || attr(n, "src") != "/static/app.js" || n.FirstChild != nil {
					t.Errorf("%s: foreign script element %v", name, n.Attr)
				}
			case "iframe", "object", "embed", "img", "svg", "style", "base", "meta", "link", "form", "b", "i":
				if n.Data == "meta" || n.Data == "link" || n.Data == "form" || (n.Data == "svg" && attr(n, "class") == "chart") {
					break
				}
				t.Errorf("%s: unexpected element <%s %v>", name, n.Data, n.Attr)
			}
			for _, a := range n.Attr {
				k := strings.ToLower(a.Key)
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(k, "on") || k == "style" || k == "srcdoc" || k == "formaction" {
					t.Errorf("%s: attribute %s=%q on <%s>", name, a.Key, a.Val, n.Data)
				}
				if k == "href" || k == "src" || k == "action" {
					for _, bad := range []string{"javascript:", "data:", "vbscript:"} {
						if strings.HasPrefix(v, bad) {
							t.Errorf("%s: %s=%q", name, a.Key, a.Val)
						}
					}
				}
				if strings.ContainsFunc(a.Val, isBidiControl) {
					t.Errorf("%s: bidi control in attribute %s", name, a.Key)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if scripts != 1 {
		t.Errorf("%s: %d script elements, want only ours", name, scripts)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
