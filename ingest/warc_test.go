package ingest_test

import (
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/nlnwa/gowarc/v3"
)

// writeWARC writes a small web archive: two article responses (HTML and
// plain text), an image, a 404 and a request record; compressed with one
// gzip member per record when gz.
func writeWARC(t *testing.T, path string, gz bool) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	html := `<html><head><title>مباحثات في دمشق</title></head><body><article><h1>وزير الدفاع يبحث مع وفد روسي التعاون العسكري</h1>` +
		`<p>بحث وزير الدفاع السوري مرهف أبو قصرة في دمشق اليوم الأحد مع وفد عسكري روسي رفيع سبل تعزيز التعاون العسكري وآليات التنسيق بين الجانبين.</p>` +
		`<p>وقالت المتحدثة باسم الخارجية الروسية ماريا زاخاروفا إن الاتصالات بين البلدين مستمرة على جميع المستويات.</p></article></body></html>`
	text := "وزير الرياضة يلتقي نظيره الروسي\n\nالتقى وزير الرياضة السوري محمد سامح حامض في دمشق نظيره الروسي ميخائيل ديجتياريف لبحث آفاق التعاون الرياضي وتبادل الخبرات بين البلدين."
	records := []struct {
		typ  gowarc.RecordType
		uri  string
		http string
	}{
		{gowarc.Request, "https://news.example/1", "GET /1 HTTP/1.1\r\nHost: news.example\r\n\r\n"},
		{gowarc.Response, "https://news.example/1", "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + fmt.Sprint(len(html)) + "\r\n\r\n" + html},
		{gowarc.Response, "https://news.example/logo.png", "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 4\r\n\r\n\x89PNG"},
		{gowarc.Response, "https://news.example/missing", "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 9\r\n\r\nnot found"},
		{gowarc.Response, "https://news.example/2", "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + fmt.Sprint(len(text)) + "\r\n\r\n" + text},
	}
	m := gowarc.NewMarshaler()
	for i, r := range records {
		b := gowarc.NewRecordBuilder(r.typ, gowarc.WithAddMissingDigest(true), gowarc.WithAddMissingContentLength(true))
		if _, err := b.WriteString(r.http); err != nil {
			t.Fatal(err)
		}
		b.AddWarcHeader(gowarc.WarcRecordID, fmt.Sprintf("<urn:uuid:00000000-0000-0000-0000-%012d>", i+1))
		b.AddWarcHeader(gowarc.WarcDate, "2025-11-16T10:00:00Z")
		b.AddWarcHeader(gowarc.WarcTargetURI, r.uri)
		msgtype := "response"
		if r.typ == gowarc.Request {
			msgtype = "request"
		}
		b.AddWarcHeader(gowarc.ContentType, "application/http;msgtype="+msgtype)
		rec, _, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		var w io.Writer = f
		var zw *gzip.Writer
		if gz {
			zw = gzip.NewWriter(f)
			w = zw
		}
		if _, _, err := m.Marshal(w, rec, 0); err != nil {
			t.Fatal(err)
		}
		if zw != nil {
			if err := zw.Close(); err != nil {
				t.Fatal(err)
			}
		}
		rec.Close()
	}
}
