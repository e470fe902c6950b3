package ingest

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
)

type jsonlItem struct {
	name    string
	err     string
	article bool
	url     string
	data    string
	ct      string
	source  string
}

func readAll(t testing.TB, input string) []jsonlItem {
	var got []jsonlItem
	err := ReadJSONL(context.Background(), strings.NewReader(input), "f.jsonl", "default", func(in *Input, err error) error {
		it := jsonlItem{name: in.Name, url: in.URL, data: string(in.Data), ct: in.ContentType, source: in.Source, article: in.Article != nil}
		if err != nil {
			it.err = err.Error()
		}
		got = append(got, it)
		return nil
	})
	if err != nil {
		t.Fatalf("ReadJSONL: %v", err)
	}
	return got
}

func TestReadJSONL(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []jsonlItem
	}{
		{"empty", "", nil},
		{"blank lines", "\n  \n\r\n", nil},
		{"html page", `{"url":"https://a.example/1","html":"<p>نص</p>"}`,
			[]jsonlItem{{name: "f.jsonl:1", url: "https://a.example/1", data: "<p>نص</p>", ct: "text/html; charset=utf-8", source: "default"}}},
		{"text page with source", `{"url":"https://a.example/2","text":"خبر","source":"سانا"}` + "\n",
			[]jsonlItem{{name: "f.jsonl:1", url: "https://a.example/2", data: "خبر", ct: "text/plain; charset=utf-8", source: "سانا"}}},
		{"article", `{"id":"x","title":"عنوان","text":"نص","sections":[]}`,
			[]jsonlItem{{name: "f.jsonl:1", article: true, source: "default"}}},
		{"article without text", `{"title":"عنوان"}`,
			[]jsonlItem{{name: "f.jsonl:1", err: "article without text", source: "default"}}},
		{"broken lines keep their numbers", "{\"url\":\"u\",\"html\":\"<p>a</p>\"}\n{broken\nnot json\n[1,2]\n{\"url\":\"v\"}\n{\"url\":\"w\",\"text\":\"b\"}",
			[]jsonlItem{
				{name: "f.jsonl:1", url: "u", data: "<p>a</p>", ct: "text/html; charset=utf-8", source: "default"},
				{name: "f.jsonl:2", err: "invalid JSON", source: "default"},
				{name: "f.jsonl:3", err: "not a JSON object", source: "default"},
				{name: "f.jsonl:4", err: "not a JSON object", source: "default"},
				{name: "f.jsonl:5", err: "neither", source: "default"},
				{name: "f.jsonl:6", url: "w", data: "b", ct: "text/plain; charset=utf-8", source: "default"},
			}},
		{"wrong types", `{"url":5,"html":"x"}` + "\n" + `{"title":1,"text":"x"}`,
			[]jsonlItem{{name: "f.jsonl:1", err: "invalid page", source: "default"}, {name: "f.jsonl:2", err: "invalid article", source: "default"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := readAll(t, tc.input)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d items %+v, want %d", len(got), got, len(tc.want))
			}
			for i, w := range tc.want {
				g := got[i]
				if (w.err == "") != (g.err == "") || !strings.Contains(g.err, w.err) {
					t.Errorf("item %d error = %q, want containing %q", i, g.err, w.err)
				}
				g.err, w.err = "", ""
				if g != w {
					t.Errorf("item %d = %+v, want %+v", i, g, w)
				}
			}
		})
	}
}

func TestReadJSONLTooLongLine(t *testing.T) {
	long := `{"url":"u","text":"` + strings.Repeat("ا", MaxInputBytes) + `"}`
	input := long + "\n" + `{"url":"v","text":"b"}` + "\n"
	got := readAll(t, input)
	if len(got) != 2 || !strings.Contains(got[0].err, "longer than") || got[1].url != "v" || got[1].name != "f.jsonl:2" {
		t.Fatalf("got %+v, want a refused line 1 and line 2 read", got)
	}
}

func TestReadJSONLStops(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	err := ReadJSONL(context.Background(), strings.NewReader("{\"url\":\"u\",\"text\":\"a\"}\n{\"url\":\"u\",\"text\":\"a\"}\n"), "f", "", func(*Input, error) error {
		n++
		return stop
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("err = %v after %d calls, want stop after 1", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := ReadJSONL(ctx, strings.NewReader("{}\n"), "f", "", func(*Input, error) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: err = %v", err)
	}
}

// FuzzReadJSONL: any input is read to the end without panic; every item
// is either a usable input (page data or an article) or an error, and line
// numbers increase.
func FuzzReadJSONL(f *testing.F) {
	for _, s := range []string{
		`{"url":"https://a.example/1","html":"<p>نص</p>"}`,
		`{"title":"عنوان","text":"نص","sections":[{"heading":"","paragraphs":["نص"]}],"entities":[{"name":"x","key":"x","type":"person","mentions":[]}]}`,
		"{broken\n\n{\"text\":\"b\"}\r\n",
		`{"url":"u","text":"a","fetched":"2025-11-16T10:00:00Z","content_type":"text/plain; charset=windows-1256"}`,
		"\xff\xfe{\"a\":1}",
		`{"html":""}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, input string) {
		last := 0
		err := ReadJSONL(context.Background(), strings.NewReader(input), "f", "", func(in *Input, err error) error {
			var line int
			if _, serr := fmtSscanLine(in.Name, &line); serr != nil || line <= last {
				t.Fatalf("bad item name %q after line %d", in.Name, last)
			}
			last = line
			if err == nil && in.Article == nil && len(in.Data) == 0 {
				t.Fatalf("%s: no error and nothing to ingest", in.Name)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("ReadJSONL on a strings.Reader: %v", err)
		}
	})
}

func fmtSscanLine(name string, line *int) (int, error) {
	i := strings.LastIndexByte(name, ':')
	if i < 0 {
		return 0, errors.New("no line number")
	}
	n, err := strconv.Atoi(name[i+1:])
	*line = n
	return 1, err
}
