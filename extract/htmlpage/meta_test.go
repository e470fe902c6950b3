package htmlpage

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func metaOf(t *testing.T, page string) pageMeta {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return readMeta(doc)
}

func TestJSONLD(t *testing.T) {
	tests := []struct {
		name, ld                     string
		headline, published, section string
		authors                      string
	}{
		{"plain", `{"@type":"NewsArticle","headline":"عنوان","datePublished":"2025-01-02","author":{"name":"سمير"},"articleSection":"سياسة"}`, "عنوان", "2025-01-02", "سياسة", "سمير"},
		{"array of types and authors", `[{"@type":["Article","NewsArticle"],"headline":"h","author":[{"name":"أ"},"ب"]}]`, "h", "", "", "أ|ب"},
		{"graph with @id author", `{"@graph":[{"@type":"WebPage","datePublished":"2024-12-31"},{"@type":"NewsArticle","headline":"h","datePublished":"2025-01-01","author":{"@id":"#p"}},{"@type":"Person","@id":"#p","name":"ليلى"}]}`, "h", "2025-01-01", "", "ليلى"},
		{"schema.org URL type", `{"@type":"http://schema.org/NewsArticle","headline":"h"}`, "h", "", "", ""},
		{"CDATA wrapper", "//<![CDATA[\n{\"@type\":\"Article\",\"headline\":\"h\"}\n//]]>", "h", "", "", ""},
		{"broken JSON is skipped", `{"@type":"Article","headline":`, "", "", "", ""},
		{"entities in strings", `{"@type":"Article","headline":"A &amp; B"}`, "A & B", "", "", ""},
		{"author URL dropped", `{"@type":"Article","author":"https://example.com/u/1"}`, "", "", "", ""},
	}
	for _, tc := range tests {
		m := metaOf(t, `<html><head><script type="application/ld+json">`+tc.ld+`</script></head><body></body></html>`)
		got := []string{m.ld.headline, m.ld.published, m.ld.section, strings.Join(m.ld.authors, "|")}
		want := []string{tc.headline, tc.published, tc.section, tc.authors}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: field %d = %q, want %q", tc.name, i, got[i], want[i])
			}
		}
	}
}

func TestInChrome(t *testing.T) {
	page := `<html><body>
<header class="site-header"><span id="a">x</span></header>
<div class="td-post-header"><header class="td-post-title"><span id="b">x</span></header></div>
<div class="sidebar"><div class="related-post"><span id="c">x</span></div></div>
<article><header><span id="d">x</span></header></article>
<div class="header"><span id="e">x</span></div>
<div class="content"><span id="f">x</span></div>
</body></html>`
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"a": true, "b": false, "c": true, "d": false, "e": true, "f": false}
	walk(doc, func(n *html.Node) bool {
		if id := attr(n, "id"); id != "" {
			if got := inChrome(n); got != want[id] {
				t.Errorf("inChrome(#%s) = %v, want %v", id, got, want[id])
			}
		}
		return true
	})
}
