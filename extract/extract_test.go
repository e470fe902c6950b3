package extract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/marsad-news/marsad"
)

var update = flag.Bool("update", false, "rewrite the golden JSON files in testdata/golden")

func readPage(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "pages", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pageCase is what a test page must give, field by field.
type pageCase struct {
	file      string
	url       string
	title     string
	category  string
	published string
	authors   []string
	credit    string
	language  string
	encoding  string
	headings  []string // all section headings, "" for the lead
	first     string   // prefix of the first paragraph
	last      string   // suffix of the last paragraph
	paras     int      // number of paragraphs
	absent    []string // must not appear anywhere in the Article
}

var pageCases = []pageCase{
	{
		file: "article-ar-001.txt", title: "بمشاركة أكبر وفد روسي .. مباحثات عسكرية سورية - روسية واسعة في دمشق",
		category: "أخبار سورية", published: "2025-11-17", authors: []string{"فريق العمل"}, language: "ar", encoding: "utf-8",
		headings: []string{"", "خطوة تعكس توسع مسار التعاون بعد سنوات القطيعة", "مباحثات تأتي استكمالاً لزيارة أبو قصرة إلى موسكو",
			"تحول جذري في العلاقات بعد سقوط النظام السابق", "بيسكوف: علاقتنا مع القيادة السورية الجديدة مستمرة ومبنية على الثقة",
			"موسكو ترحب بالاستقلال في الشراكات السورية"},
		first: "بحث وزير الدفاع السوري", last: "الطيران الروسي بالأرض.", paras: 21,
		absent: []string{"الكاتب:", "مشاركة:", "اقرأ أيضاً", "●", "ـــ"},
	},
	{
		file: "v01-title-once.txt", title: "وزير الاقتصاد يعلن خطة لدعم المشاريع الصغيرة في حلب", category: "اقتصاد", published: "2025-03-03",
		language: "ar", encoding: "utf-8", headings: []string{"", "قروض بلا فوائد للشباب"},
		first: "أعلن وزير الاقتصاد، يوم الاثنين", last: "ومن شركاء دوليين.", paras: 3, absent: []string{"مشاركة"},
	},
	{
		file: "v02-date-first.txt", title: "ارتفاع أسعار الذهب في الأسواق المحلية مع تراجع الليرة", category: "اقتصاد", published: "2025-11-17",
		language: "ar", encoding: "utf-8", headings: []string{""},
		first: "سجلت أسعار الذهب", last: "خلال الأسبوع الماضي.", paras: 2, absent: []string{"اقرأ المزيد", "ـــ", "|"},
	},
	{
		file: "v03-latin-digits.txt", title: "افتتاح معرض الكتاب الدولي في دمشق بمشاركة 300 دار نشر", category: "ثقافة", published: "2024-10-05",
		authors: []string{"سلمى الحسن"}, language: "ar", encoding: "utf-8", headings: []string{"", "برنامج ثقافي حافل"},
		first: "افتتح معرض الكتاب", last: "حتى 15 تشرين الأول الجاري.", paras: 3, absent: []string{"الكاتب:", "\nشارك"},
	},
	{
		file: "v04-byline-top.txt", title: "عودة آلاف اللاجئين إلى قراهم في ريف إدلب", published: "2025-01-05",
		authors: []string{"أحمد العلي"}, language: "ar", encoding: "utf-8", headings: []string{"", "تحديات الخدمات الأساسية"},
		first: "عاد آلاف اللاجئين", last: "وغياب المدارس.", paras: 3, absent: []string{"كتب:", "الأحد"},
	},
	{
		file: "v05-wire-agencies.txt", title: "مجلس الأمن يعقد جلسة طارئة بشأن الوضع في السودان", category: "عربي ودولي", published: "2025-06-22",
		credit: "وكالات", language: "ar", encoding: "utf-8", headings: []string{""},
		first: "عقد مجلس الأمن الدولي", last: "وفتح الممرات الإنسانية.", paras: 2, absent: []string{"المصدر", "تابعونا"},
	},
	{
		file: "v06-sana.txt", url: "https://www.sana.sy/ar/?p=12345&utm_source=x#top", title: "تأهيل محطة مياه عين الفيجة بريف دمشق", category: "محليات",
		published: "2025-04-12", credit: "سانا", language: "ar", encoding: "utf-8", headings: []string{""},
		first: "بدأت المؤسسة العامة لمياه الشرب", last: "خطوط الجر الرئيسية.", paras: 2, absent: []string{"(سانا)"},
	},
	{
		file: "v07-afp.txt", title: "زلزال بقوة 5,8 درجات يضرب جنوب تركيا", category: "دولي", published: "2025-02-09",
		credit: "أ ف ب", language: "ar", encoding: "utf-8", headings: []string{""},
		first: "ضرب زلزال بقوة 5,8 درجات", last: "عمق عشرة كيلومترات.", paras: 2, absent: []string{"- أ ف ب", "•"},
	},
	{
		file: "v08-no-date.txt", title: "نصائح للحفاظ على الصحة في فصل الشتاء", language: "ar", encoding: "utf-8",
		headings: []string{"", "النوم الكافي"}, first: "ينصح الأطباء", last: "تقوية المناعة.", paras: 2, absent: []string{"اقرأ أيضاً", "كيف تحمي"},
	},
	{
		file: "v09-english.txt", title: "Syrian and Russian officials hold military talks in Damascus", published: "2025-11-17",
		authors: []string{"Jane Smith"}, language: "en", encoding: "utf-8", headings: []string{"", "A large delegation"},
		first: "Syrian and Russian defence officials", last: "about 190 members.", paras: 2, absent: []string{"By Jane", "Share", "Read more"},
	},
	{
		file: "v10-maghrebi.txt", title: "مهرجان الموسيقى الأندلسية يعود إلى قسنطينة", category: "ثقافة", published: "2019-02-08",
		authors: []string{"كريمة بن علي"}, language: "ar", encoding: "utf-8", headings: []string{""},
		first: "يعود مهرجان الموسيقى الأندلسية", last: "رحلوا هذا العام.", paras: 2, absent: []string{"فيفري", "بقلم"},
	},
	{
		file: "v11-windows-1256.txt", title: "الحكومة تقر موازنة العام المقبل بزيادة في الإنفاق على التعليم", category: "أخبار محلية",
		published: "2024-12-02", authors: []string{"قسم الأخبار"}, language: "ar", encoding: "windows-1256", headings: []string{""},
		first: "أقر مجلس الوزراء", last: "التي تمر بها البلاد.", paras: 2, absent: []string{"*", "الكاتب"},
	},
	{
		file: "v12-iso-8859-6.txt", title: "ارتفاع صادرات الحمضيات عبر ميناء اللاذقية", category: "اقتصاد", published: "2025-01-14",
		language: "ar", encoding: "iso-8859-6", headings: []string{""},
		first: "ارتفعت صادرات الحمضيات", last: "إلى العراق والخليج.", paras: 2,
	},
	{
		file: "v13-utf16le-bom.txt", title: "انطلاق حملة التلقيح الوطنية ضد شلل الأطفال", category: "صحة", published: "2025-09-01",
		language: "ar", encoding: "utf-16le", headings: []string{""},
		first: "انطلقت اليوم حملة التلقيح", last: "دون سن الخامسة.", paras: 2, absent: []string{"\ufeff"},
	},
	{
		file: "v14-utf16be-bom.txt", title: "انطلاق حملة التلقيح الوطنية ضد شلل الأطفال", category: "صحة", published: "2025-09-01",
		language: "ar", encoding: "utf-16be", headings: []string{""},
		first: "انطلقت اليوم حملة التلقيح", last: "دون سن الخامسة.", paras: 2, absent: []string{"\ufeff"},
	},
	{
		file: "v15-read-also-list.txt", title: "افتتاح جسر جديد يربط ضفتي نهر الفرات في دير الزور", category: "محليات", published: "2025-05-20",
		language: "ar", encoding: "utf-8", headings: []string{""},
		first: "افتتح في مدينة دير الزور", last: "الشاحنات الثقيلة.", paras: 2, absent: []string{"مشفى دير الزور", "عودة الكهرباء"},
	},
	{
		file: "v16-bidi-nbsp.txt", title: "انطلاق العام الدراسي الجديد في المدارس", category: "تعليم", published: "2025-09-07",
		language: "ar", encoding: "utf-8", headings: []string{""},
		first: "انطلق العام الدراسي الجديد في المدارس الحكومية والخاصة،", last: "ثلاثة ملايين طالب.", paras: 2,
		absent: []string{"\u202b", "\u202c", "\u2067", "\u2069", "\u00a0", "\u2009", "\u200f", "\r"},
	},
	{
		file: "v18-dateline.txt", title: "وزير الخارجية يستقبل نظيره الأردني في دمشق", category: "سياسة", published: "2025-06-03",
		credit: "سانا", language: "ar", encoding: "utf-8", headings: []string{""},
		first: "استقبل وزير الخارجية والمغتربين", last: "على الحدود المشتركة.", paras: 2, absent: []string{"دمشق-سانا"},
	},
	{
		file: "v19-afp-dateline.txt", title: "الأمم المتحدة تحذر من نقص المساعدات الغذائية في غزة", category: "دولي", published: "2025-03-14",
		credit: "أ ف ب", language: "ar", encoding: "utf-8", headings: []string{""},
		first: "حذرت الأمم المتحدة الجمعة", last: "لأيام قليلة فقط.", paras: 2, absent: []string{"(أ ف ب)", "نيويورك"},
	},
	{
		file: "v17-moroccan.txt", title: "المنتخب المغربي يتأهل إلى نصف النهائي", category: "رياضة", published: "2023-09-12",
		language: "ar", encoding: "utf-8", headings: []string{""},
		first: "تأهل المنتخب المغربي", last: "في الشوط الثاني.", paras: 2, absent: []string{"شتنبر", "الثلاثاء"},
	},
}

func TestPages(t *testing.T) {
	for _, tc := range pageCases {
		t.Run(tc.file, func(t *testing.T) {
			a, err := Page(context.Background(), readPage(t, tc.file), Options{URL: tc.url})
			if err != nil {
				t.Fatal(err)
			}
			check := func(field, got, want string) {
				t.Helper()
				if got != want {
					t.Errorf("%s = %q, want %q", field, got, want)
				}
			}
			check("title", a.Title, tc.title)
			check("category", a.Category, tc.category)
			check("published", a.Published, tc.published)
			check("credit", a.Credit, tc.credit)
			check("language", a.Language, tc.language)
			check("encoding", a.Encoding, tc.encoding)
			if !reflect.DeepEqual(a.Authors, tc.authors) {
				t.Errorf("authors = %q, want %q", a.Authors, tc.authors)
			}
			var headings, paras []string
			for _, s := range a.Sections {
				headings = append(headings, s.Heading)
				paras = append(paras, s.Paragraphs...)
			}
			if !reflect.DeepEqual(headings, tc.headings) {
				t.Errorf("headings = %q, want %q", headings, tc.headings)
			}
			if len(paras) != tc.paras {
				t.Errorf("%d paragraphs, want %d", len(paras), tc.paras)
			}
			if a.Text != strings.Join(paras, "\n\n") {
				t.Errorf("text is not the paragraphs joined by a blank line")
			}
			if !strings.HasPrefix(a.Text, tc.first) {
				t.Errorf("text starts %q, want %q", prefix(a.Text, 60), tc.first)
			}
			if !strings.HasSuffix(a.Text, tc.last) {
				t.Errorf("text ends %q, want %q", suffix(a.Text, 60), tc.last)
			}
			if a.Title != "" && strings.Contains(a.Text, a.Title) {
				t.Errorf("title repeated in the text")
			}
			js, _ := json.Marshal(a)
			var all strings.Builder
			all.WriteString(a.Title + "\n" + a.Category + "\n" + a.Credit + "\n" + strings.Join(a.Authors, "\n") + "\n" + a.Text)
			for _, h := range headings {
				all.WriteString("\n" + h)
			}
			for _, bad := range tc.absent {
				if strings.Contains(all.String(), bad) {
					t.Errorf("output contains %q", bad)
				}
			}
			if len(a.ID) != 16 {
				t.Errorf("id = %q", a.ID)
			}
			if tc.url != "" {
				want, _ := marsad.CanonicalURL(tc.url)
				check("canonical_url", a.CanonicalURL, want)
				check("id", a.ID, marsad.ArticleID(want, ""))
				check("source", a.Source, "sana.sy")
			}
			if !utf8.Valid(js) {
				t.Errorf("JSON is not UTF-8")
			}
		})
	}
}

func prefix(s string, n int) string {
	r := []rune(s)
	return string(r[:min(n, len(r))])
}

func suffix(s string, n int) string {
	r := []rune(s)
	return string(r[max(0, len(r)-n):])
}

// TestGolden compares the whole Article JSON of every test page with
// testdata/golden/NAME.json; run `go test -run Golden -update` to rewrite
// them after a deliberate change, and review the diff.
func TestGolden(t *testing.T) {
	for _, tc := range pageCases {
		t.Run(tc.file, func(t *testing.T) {
			a, err := Page(context.Background(), readPage(t, tc.file), Options{URL: tc.url})
			if err != nil {
				t.Fatal(err)
			}
			a.Dates = nil // owned by the dates package; tested there
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(a); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", strings.TrimSuffix(tc.file, ".txt")+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -run Golden -update)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("Article JSON differs from %s:\n%s", path, buf.String())
			}
		})
	}
}

func TestSourceAndID(t *testing.T) {
	page := readPage(t, "v01-title-once.txt")
	a, err := Page(context.Background(), page, Options{URL: "HTTPS://WWW.Enabbaladi.net/archives/1?utm_medium=x", Source: "عنب بلدي"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Source != "عنب بلدي" || a.CanonicalURL != "https://www.enabbaladi.net/archives/1" {
		t.Errorf("source %q canonical %q", a.Source, a.CanonicalURL)
	}
	b, err := Page(context.Background(), page, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if b.URL != "" || b.Source != "" || b.ID == a.ID {
		t.Errorf("without URL: url %q source %q id %q", b.URL, b.Source, b.ID)
	}
	// The same text copied with other spaces gets the same ID.
	c, err := Page(context.Background(), bytes.ReplaceAll(page, []byte("\n\n"), []byte("\n \n\n")), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.ID != b.ID {
		t.Errorf("id changed with blank lines: %s vs %s", c.ID, b.ID)
	}
}

func TestBadInput(t *testing.T) {
	ctx := context.Background()
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...)
	pdf := []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
	zip := append([]byte("PK\x03\x04"), make([]byte, 60)...)
	gz := []byte{0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0}
	random := make([]byte, 4096)
	for i := range random {
		random[i] = byte(i*7919 + i/3)
	}
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrEmpty},
		{"spaces", []byte(" \n\t\r\n "), ErrEmpty},
		{"png", png, ErrBinary},
		{"pdf", pdf, ErrBinary},
		{"zip", zip, ErrBinary},
		{"gzip", gz, ErrBinary},
		{"random bytes", random, ErrBinary},
		{"NULs", make([]byte, 1000), ErrBinary},
		{"leftovers only", []byte("مشاركة:\nاقرأ أيضاً:\nـــــــ\n"), ErrNoText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Page(ctx, tt.data, Options{})
			if !errors.Is(err, tt.want) || !Refused(err) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
		})
	}
}

func TestTooLarge(t *testing.T) {
	big := bytes.Repeat([]byte("نص عربي "), (50<<20)/len("نص عربي "))
	if _, err := Page(context.Background(), big, Options{}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Page(50 MB) err = %v", err)
	}
	// Read stops after MaxInputBytes+1 bytes of an endless reader.
	r := &countingReader{}
	if _, err := Read(context.Background(), io.LimitReader(r, 50<<20), Options{}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Read(50 MB) err = %v", err)
	}
	if r.n > MaxInputBytes+64<<10 {
		t.Errorf("Read consumed %d bytes", r.n)
	}
	// Exactly the limit is accepted.
	ok := bytes.Repeat([]byte("word "), MaxInputBytes/5)
	ok[0] = 'W'
	if _, err := Page(context.Background(), ok[:MaxInputBytes], Options{}); err != nil {
		t.Fatalf("page of exactly MaxInputBytes: %v", err)
	}
}

type countingReader struct{ n int }

func (c *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	c.n += len(p)
	return len(p), nil
}

// TestLongLine: a 1 MB line without newlines gives a best-effort Article
// (one paragraph, no title) quickly.
func TestLongLine(t *testing.T) {
	line := bytes.Repeat([]byte("كلمة عربية طويلة، "), (1<<20)/len("كلمة عربية طويلة، "))
	start := time.Now()
	a, err := Page(context.Background(), line, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "" || len(a.Sections) != 1 || len(a.Sections[0].Paragraphs) != 1 {
		t.Errorf("title %q, %d sections", prefix(a.Title, 20), len(a.Sections))
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("1 MB line took %v", d)
	}
	t.Logf("1 MB line: %v", time.Since(start))
}

func TestHTMLDispatch(t *testing.T) {
	for _, tt := range []struct {
		text, ct string
		want     bool
	}{
		{"<!DOCTYPE html><html><body><p>x</p></body></html>", "", true},
		{"  <html lang=ar>", "", true},
		{"عنوان\n\nفقرة فيها <b> وسم.", "", false},
		{"عنوان", "text/html; charset=utf-8", true},
		{"<p>x</p>", "text/plain", false},
	} {
		if got := isHTML(tt.text, tt.ct); got != tt.want {
			t.Errorf("isHTML(%q, %q) = %v", tt.text, tt.ct, got)
		}
	}
}

func TestLanguage(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"بحث وزير الدفاع السوري مع وفد روسي", "ar"},
		{"The minister said that the talks were useful.", "en"},
		{"Le ministre a dit que les discussions sont utiles pour la région.", "fr"},
		{"Привет мир", "und"},
		{"2025 ...", ""},
	} {
		if got := Language(tt.in); got != tt.want {
			t.Errorf("Language(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestContextCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Page(ctx, readPage(t, "v01-title-once.txt"), Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

// FuzzPage fuzzes the whole entry point: limits, sniffing and decoding,
// the HTML/text dispatch, both extractors and the filling of the Article.
// Run it with a short -fuzzminimizetime (e.g. 2s): with the default (60 s)
// the worker spends the whole run minimizing its first finds and reports
// almost no executions.
func FuzzPage(f *testing.F) {
	for _, tc := range pageCases {
		f.Add(readPage(f, tc.file))
	}
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte("<html><meta charset=windows-1256><p>\xc7\xe1\xd3\xe1\xc7\xe3</p>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := Page(context.Background(), data, Options{})
		if err != nil {
			return
		}
		if a.ID == "" || a.Encoding == "" {
			t.Fatalf("id %q encoding %q", a.ID, a.Encoding)
		}
		if !utf8.ValidString(a.Text) || !utf8.ValidString(a.Title) {
			t.Fatal("invalid UTF-8 in the Article")
		}
	})
}

func BenchmarkPageSeed(b *testing.B) {
	page := readPage(b, "article-ar-001.txt")
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Page(context.Background(), page, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPageWindows1256(b *testing.B) {
	page := readPage(b, "v11-windows-1256.txt")
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Page(context.Background(), page, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSeedDates checks the dates found in the founding example: resolved
// against its published date, with offsets into Text.
func TestSeedDates(t *testing.T) {
	a, err := Page(context.Background(), readPage(t, "article-ar-001.txt"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := []rune(a.Text)
	found := map[string]string{}
	for _, d := range a.Dates {
		if d.Start < 0 || d.End > len(text) || d.Start >= d.End || string(text[d.Start:d.End]) != d.Text {
			t.Errorf("date %+v: offsets do not match Text", d)
			continue
		}
		found[d.Text] = d.Value
	}
	// "يوم الأحد" in an article published Monday 17 Nov 2025 is Sunday the
	// 16th: the day of the talks.
	if found["يوم الأحد"] != "2025-11-16" {
		t.Errorf("dates = %+v, want يوم الأحد = 2025-11-16", a.Dates)
	}
}

// TestPathologicalPages feeds pages of many short lines of one kind (the
// worst case for the per-line rules) and checks they finish in time.
func TestPathologicalPages(t *testing.T) {
	const size = 2 << 20
	for _, line := range []string{"كتب: فلان\n", "عنوان قصير\n", "● قسم ١٧ نوفمبر ٢٠٢٥\n", "اقرأ أيضاً:\n", "ـ\n", "(سانا)\n", "a\r", "\u2028"} {
		page := bytes.Repeat([]byte(line), size/len(line))
		start := time.Now()
		_, err := Page(context.Background(), page, Options{})
		d := time.Since(start)
		t.Logf("%q x %d: %v (%v)", line, size/len(line), d, err)
		if d > 20*time.Second {
			t.Errorf("%q: %v", line, d)
		}
	}
}

// TestPageMutations runs Page on random mutations of the test pages (a
// fixed seed, so a failure reproduces), each under a watchdog: a cheap
// guard against hangs in the ordinary test run, beside FuzzPage.
func TestPageMutations(t *testing.T) {
	var seeds [][]byte
	for _, tc := range pageCases {
		seeds = append(seeds, readPage(t, tc.file))
	}
	n := 3000
	if testing.Short() {
		n = 300
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range n {
		b := bytes.Clone(seeds[r.IntN(len(seeds))])
		for range 1 + r.IntN(8) {
			if len(b) == 0 {
				b = append(b, byte(r.IntN(256)))
				continue
			}
			i := r.IntN(len(b))
			switch r.IntN(5) {
			case 0:
				b[i] = byte(r.IntN(256))
			case 1:
				b = append(b[:i], b[min(len(b), i+r.IntN(40)):]...)
			case 2:
				j := r.IntN(len(b))
				b = slices.Insert(b, i, bytes.Clone(b[j:min(len(b), j+r.IntN(60))])...)
			case 3:
				b = slices.Insert(b, i, "\n\r:،.ـ●(<\x00"[r.IntN(11)])
			case 4:
				b = b[:i]
			}
		}
		done := make(chan error, 1)
		go func() {
			a, err := Page(context.Background(), b, Options{})
			if err == nil && (!utf8.ValidString(a.Text) || a.ID == "") {
				err = errors.New("invalid Article")
				done <- err
				return
			}
			done <- nil
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("%v on %q", err, b)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("Page hung on %q", b)
		}
	}
}

func TestFinishCanonical(t *testing.T) {
	for _, tt := range []struct{ url, canon, want, source string }{
		{"https://www.example.com/a/1?utm_source=x", "", "https://www.example.com/a/1", "example.com"},
		{"https://www.example.com/a/1?x=1", "/a/1", "https://www.example.com/a/1", "example.com"},
		{"https://m.example.com/a/1", "https://www.example.com/a/1#top", "https://www.example.com/a/1", "example.com"},
		{"", "javascript:alert(1)", "", ""},
		{"", "", "", ""},
	} {
		a := &marsad.Article{URL: tt.url, CanonicalURL: tt.canon}
		finish(a, "utf-8", Options{})
		if a.CanonicalURL != tt.want || a.Source != tt.source {
			t.Errorf("url %q canon %q: got %q %q, want %q %q", tt.url, tt.canon, a.CanonicalURL, a.Source, tt.want, tt.source)
		}
	}
}

func TestControlShare(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want float64
	}{
		{"", 0},
		{"abc\tdef\n", 0},
		{"ab\x00d", 0.25},
		{"\u0085x", 0.5},
		{"\ufffdع", 0.5},
		{"\u00a0ع", 0},
	} {
		if got := controlShare(tt.in); got != tt.want {
			t.Errorf("controlShare(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestFinishTextWithoutSections(t *testing.T) {
	a := &marsad.Article{Text: "first paragraph.\n\nsecond paragraph."}
	finish(a, "utf-8", Options{})
	if len(a.Sections) != 1 || len(a.Sections[0].Paragraphs) != 2 || a.Text != "first paragraph.\n\nsecond paragraph." {
		t.Errorf("sections %+v text %q", a.Sections, a.Text)
	}
}
