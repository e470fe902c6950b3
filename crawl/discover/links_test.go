package discover

import (
	"slices"
	"testing"
)

const home = `<!doctype html><html lang="ar" dir="rtl"><head><title>عنب بلدي</title>
<link rel="alternate" type="application/rss+xml" href="/feed/">
<link rel="alternate" type="application/atom+xml" href="https://news.example/atom.xml">
<link rel="stylesheet" href="/style.css">
</head><body>
<a href="/category/syria/">سوريا</a>
<a href="/news/">أخبار</a>
<a href="/2025/11/17/syrian-russian-military-talks-damascus/">مباحثات</a>
<a href="/archives/758123">خبر</a>
<a href="/%D9%85%D8%A8%D8%A7%D8%AD%D8%AB%D8%A7%D8%AA-%D8%B9%D8%B3%D9%83%D8%B1%D9%8A%D8%A9-%D9%81%D9%8A-%D8%AF%D9%85%D8%B4%D9%82">مباحثات</a>
<a href="https://other.example/2025/11/17/foreign-article-here">خارجي</a>
<a href="/about/">من نحن</a>
<a href="/wp-content/uploads/x.jpg">صورة</a>
<a href="javascript:void(0)">x</a>
<a href="#top">أعلى</a>
</body></html>`

func TestPage(t *testing.T) {
	l := Page("https://news.example/", []byte(home))
	if l.Title != "عنب بلدي" || l.Lang != "ar" {
		t.Errorf("title %q lang %q", l.Title, l.Lang)
	}
	wantFeeds := []string{"https://news.example/feed/", "https://news.example/atom.xml"}
	if !slices.Equal(l.Feeds, wantFeeds) {
		t.Errorf("feeds %v, want %v", l.Feeds, wantFeeds)
	}
	wantArticles := []string{
		"https://news.example/2025/11/17/syrian-russian-military-talks-damascus/",
		"https://news.example/archives/758123",
		"https://news.example/%D9%85%D8%A8%D8%A7%D8%AD%D8%AB%D8%A7%D8%AA-%D8%B9%D8%B3%D9%83%D8%B1%D9%8A%D8%A9-%D9%81%D9%8A-%D8%AF%D9%85%D8%B4%D9%82",
	}
	if !slices.Equal(l.Articles, wantArticles) {
		t.Errorf("articles %v, want %v", l.Articles, wantArticles)
	}
	wantSections := []string{"https://news.example/category/syria/", "https://news.example/news/"}
	if !slices.Equal(l.Sections, wantSections) {
		t.Errorf("sections %v, want %v", l.Sections, wantSections)
	}
}

func FuzzPage(f *testing.F) {
	f.Add(home)
	f.Add("<a href='")
	f.Fuzz(func(t *testing.T, s string) {
		l := Page("https://news.example/", []byte(s))
		if len(l.Articles)+len(l.Sections) > MaxLinks {
			t.Fatal("too many links")
		}
	})
}
