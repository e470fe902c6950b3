package marsad

import "testing"

func TestContentHash(t *testing.T) {
	a := &Article{ID: "1", URL: "https://a.example/x?utm_source=y", Title: "خبر", Text: "نص"}
	b := &Article{ID: "2", URL: "https://A.example/x", Title: "خبر", Text: "نص"}
	c := &Article{ID: "1", URL: "https://a.example/x", Title: "خبر", Text: "نص آخر"}
	ha, doc, err := ContentHash(a)
	if err != nil || len(ha) != 64 || len(doc) == 0 {
		t.Fatalf("ContentHash = %q, %q, %v", ha, doc, err)
	}
	hb, _, _ := ContentHash(b)
	hc, _, _ := ContentHash(c)
	if ha != hb {
		t.Error("ID or URL changed the content hash")
	}
	if ha == hc {
		t.Error("a changed text kept the content hash")
	}
}
