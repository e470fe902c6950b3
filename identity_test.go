package marsad

import "testing"

func TestCanonicalURL(t *testing.T) {
	tests := []struct {
		in, want string
		err      bool
	}{
		{"HTTPS://WWW.Example.COM/a/b?utm_source=x&id=3#frag", "https://www.example.com/a/b?id=3", false},
		{"http://example.com:80/x?fbclid=abc", "http://example.com/x", false},
		{"https://example.com", "https://example.com/", false},
		{"https://example.com/p?b=2&a=1&gclid=z", "https://example.com/p?a=1&b=2", false},
		{"https://example.com:8443/p", "https://example.com:8443/p", false},
		{"https://news.example/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7", "https://news.example/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7", false},
		{"ftp://example.com/x", "", true},
		{"/relative/path", "", true},
		{"http://[::1", "", true},
	}
	for _, tt := range tests {
		got, err := CanonicalURL(tt.in)
		if (err != nil) != tt.err {
			t.Errorf("CanonicalURL(%q) error = %v, want error %v", tt.in, err, tt.err)
			continue
		}
		if got != tt.want {
			t.Errorf("CanonicalURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestArticleID(t *testing.T) {
	a := ArticleID("https://example.com/x", "text")
	b := ArticleID("https://example.com/x", "other text")
	if a != b || len(a) != 16 {
		t.Errorf("ID should depend on the URL only when there is one: %q %q", a, b)
	}
	if ArticleID("", "نص") == ArticleID("", "نص آخر") {
		t.Error("different texts without URL got the same ID")
	}
}
