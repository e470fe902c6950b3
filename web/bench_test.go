package web

import (
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/marsad-news/marsad/internal/demo"
)

// benchGet measures one page served over loopback by an httptest.Server
// holding the test archive (seed + generated articles).
func benchGet(b *testing.B, path string) {
	ts, _ := newTestServer(b, nil)
	c := ts.Client()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		resp, err := c.Get(ts.URL + path)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
}

func BenchmarkArticlePage(b *testing.B) { benchGet(b, "/article/"+loadFixture(b).seedID) }

func BenchmarkSearchPage(b *testing.B) {
	benchGet(b, "/search?q="+url.QueryEscape(demo.SeedQuery))
}

func BenchmarkStoryPage(b *testing.B) { benchGet(b, "/story/"+loadFixture(b).seedStory) }

func BenchmarkHomePage(b *testing.B) { benchGet(b, "/") }

func BenchmarkAPISearch(b *testing.B) {
	benchGet(b, "/api/v1/search?q="+url.QueryEscape(demo.SeedQuery))
}
