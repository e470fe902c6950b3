package htmlpage

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStripSiteName(t *testing.T) {
	tests := []struct {
		title, site, h1, want string
	}{
		{"مباحثات في دمشق - الجزيرة نت", "", "", "مباحثات في دمشق"},
		{"مباحثات في دمشق | سكاي نيوز عربية", "", "", "مباحثات في دمشق"},
		{"خبر عاجل | سكـــاي نيوز عربيّة", "", "", "خبر عاجل"},                // tatweel and shadda ignored when matching
		{"خبر عاجل – موقع الاقتصاد اليوم", "الاقتصاد اليوم", "", "خبر عاجل"},  // site name inside the suffix
		{"الجزيرة نت | مباحثات في دمشق", "الجزيرة نت", "", "مباحثات في دمشق"}, // leading site name
		{"عنوان الخبر - جريدة الوطن", "", "عنوان الخبر", "عنوان الخبر"},       // the rest matches the h1
		{"سوريا - تركيا: مباحثات في دمشق", "", "", "سوريا - تركيا: مباحثات في دمشق"},
		{"Title of the story - Example News", "Example News", "", "Title of the story"},
		{"No site name here", "", "", "No site name here"},
	}
	for _, tc := range tests {
		m := pageMeta{h1: tc.h1}
		if got := stripSiteName(tc.title, tc.site, m); got != tc.want {
			t.Errorf("stripSiteName(%q, %q) = %q, want %q", tc.title, tc.site, got, tc.want)
		}
	}
}

func TestMachineDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2025-11-16T14:30:00+03:00", "2025-11-16T14:30:00+03:00"},
		{"2025-11-16T14:30:00.000Z", "2025-11-16T14:30:00Z"},
		{"2025-11-16T14:30:00+0300", "2025-11-16T14:30:00+03:00"},
		{"2025-11-16 14:30:00", "2025-11-16"}, // no zone: the day only
		{"2025-11-16", "2025-11-16"},
		{"2025/11/16", "2025-11-16"},
		{"Sun, 16 Nov 2025 14:30:00 +0300", "2025-11-16T14:30:00+03:00"},
		{"1970-01-01", ""},
		{"yesterday", ""},
		{"", ""},
	}
	for _, tc := range tests {
		got, ok := machineDate(tc.in)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("machineDate(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
}

func TestLocalDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"الجمعة 8 فيفري 2019", "2019-02-08"},
		{"الخميس 12 شتنبر 2019 - 14:30", "2019-09-12"},
		{"١٦ تشرين الثاني ٢٠٢٥", "2025-11-16"},
		{"3 أيار 2024", "2024-05-03"},
		{"نشر في 09/11/2025", "2025-11-09"},
		{"2025-11-16", "2025-11-16"},
		{"16 November 2025", "2025-11-16"},
		{"25 جمادى الأولى 1447 هـ", ""},
		{"الأحد 16 نوفمبر 2025 | 25 جمادى الأولى 1447 هـ", "2025-11-16"},
		{"32 نوفمبر 2025", ""},
		{"لا تاريخ هنا", ""},
	}
	for _, tc := range tests {
		got, ok := localDate(tc.in)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("localDate(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"\u200fمرحبا\u200f  بكم\n\tهنا", "مرحبا بكم هنا"},
		{"\u202bنص\u202c \u2067معزول\u2069", "نص معزول"},
		{"عـــاجل", "عـــاجل"}, // tatweel kept in display text
		{"مُحَمَّد", "مُحَمَّد"},
		{"\ufeffBOM\u200b", "BOM"},
		{"a\x00b", "a b"},
	}
	for _, tc := range tests {
		if got := cleanText(tc.in); got != tc.want {
			t.Errorf("cleanText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMatchKey(t *testing.T) {
	if a, b := matchKey("عـــاجل: أخبارُ اليوم"), matchKey("عاجل - اخبار اليوم"); a != b {
		t.Errorf("matchKey differs: %q vs %q", a, b)
	}
}

func TestCleanAuthor(t *testing.T) {
	tests := []struct{ in, want string }{
		{"كتب: خالد العمري", "خالد العمري"},
		{"بقلم د. هالة السعيد", "د. هالة السعيد"},
		{"By John Smith", "John Smith"},
		{"https://example.com/author/x", ""},
		{"news@example.com", ""},
		{"12 نوفمبر 2025", ""},
	}
	for _, tc := range tests {
		if got := cleanAuthor(tc.in); got != tc.want {
			t.Errorf("cleanAuthor(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCrumbCategory(t *testing.T) {
	tests := []struct {
		crumbs []string
		title  string
		want   string
	}{
		{[]string{"الرئيسية", "أخبار", "سياسة"}, "عنوان", "سياسة"},
		{[]string{"الرئيسية", "اقتصاد", "عنوان الخبر الطويل"}, "عنوان الخبر الطويل", "اقتصاد"},
		{[]string{"Home"}, "x", ""},
		{nil, "x", ""},
	}
	for _, tc := range tests {
		if got := crumbCategory(tc.crumbs, tc.title); got != tc.want {
			t.Errorf("crumbCategory(%q) = %q, want %q", tc.crumbs, got, tc.want)
		}
	}
}

func TestDropBlock(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"اقرأ أيضاً: وزير الخارجية يستقبل نظيره", true},
		{"إقرأ ايضا", true},
		{"تابعونا على تطبيق واتساب", true},
		{"16/11/2025", true},
		{"الأحد 16 نوفمبر 2025", true},
		{"العدد 5123 - النسخة الورقية", true},
		{"الخميس 22 جمادى الأولى 1447 هـ", true},
		{"وصل الوفد في 3 رمضان إلى العاصمة لبحث الملفات العالقة بين البلدين منذ سنوات طويلة", false},
		{"وقال الوزير إن الاجتماع الذي عقد في 16 نوفمبر 2025 كان مثمراً وبناء وتناول ملفات عدة مهمة للطرفين.", false},
		{"Read also: the other story", true},
		{"The meeting was held on 16 November 2025 in Damascus with both delegations.", false},
	}
	for _, tc := range tests {
		if got := dropBlock(tc.in); got != tc.want {
			t.Errorf("dropBlock(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestTrailingLeftovers(t *testing.T) {
	page := "<html><body><article>" + article +
		"<p>وأكد الوزير أن اشتراك المدارس الخاصة في الحملة إلزامي.</p>" +
		"<p>للتواصل مع المحرر: news@example.com</p>" +
		"<p>Sign up for our newsletter</p></article></body></html>"
	a, err := Extract(context.Background(), page, Options{})
	if err != nil {
		t.Fatal(err)
	}
	paras := strings.Split(a.Text, "\n\n")
	if last := paras[len(paras)-1]; last != "وأكد الوزير أن اشتراك المدارس الخاصة في الحملة إلزامي." {
		t.Errorf("last paragraph = %q", last)
	}
}

func TestLooksBinary(t *testing.T) {
	if !looksBinary("%PDF-1.4 ...") || !looksBinary("GIF89a\x01\x00") || !looksBinary("abc\x00def") {
		t.Error("binary input not detected")
	}
	if looksBinary("<html><body>مرحبا</body></html>") || looksBinary("") {
		t.Error("text taken for binary")
	}
}

func TestFlatten(t *testing.T) {
	page := strings.Repeat("<div>", 1000) + "نص" + strings.Repeat("</div>", 1000)
	out := flatten(page, 10)
	if n := strings.Count(out, "<div>"); n != 10 {
		t.Errorf("%d <div> kept, want 10", n)
	}
	if !strings.Contains(out, "نص") {
		t.Error("text lost")
	}
}

func ExampleExtract() {
	page := `<html lang="ar" dir="rtl"><head>
<meta property="og:title" content="افتتاح معرض الكتاب في عمّان - عمان نيوز">
<meta property="og:site_name" content="عمان نيوز">
<meta property="article:published_time" content="2025-11-16T10:00:00+02:00">
</head><body><article><h1>افتتاح معرض الكتاب في عمّان</h1>
<p>افتتح وزير الثقافة اليوم معرض عمّان الدولي للكتاب بمشاركة أكثر من أربعمئة دار نشر عربية وأجنبية من عشرين دولة.</p>
<p><strong>اقرأ أيضاً:</strong> <a href="/x">أسعار الكتب في المعارض العربية</a></p>
<h2>برنامج ثقافي</h2>
<p>ويتضمن المعرض برنامجاً ثقافياً واسعاً يشمل ندوات فكرية وأمسيات شعرية وحفلات توقيع لعدد من الكتّاب الشباب.</p>
</article></body></html>`
	a, err := Extract(context.Background(), page, Options{URL: "https://ammannews.example/culture/book-fair"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Title)
	fmt.Println(a.Published, a.Meta["published"])
	for _, s := range a.Sections {
		fmt.Printf("%q: %d paragraph(s)\n", s.Heading, len(s.Paragraphs))
	}
	// Output:
	// افتتاح معرض الكتاب في عمّان
	// 2025-11-16T10:00:00+02:00 meta:article:published_time
	// "": 1 paragraph(s)
	// "برنامج ثقافي": 1 paragraph(s)
}

// FuzzExtract feeds arbitrary pages to Extract: it must return an Article
// or an error, never panic, and keep Text equal to the joined sections.
func FuzzExtract(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join("testdata", "arabic", "*.html"))
	for _, n := range names {
		if b, err := os.ReadFile(n); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("<html><body>" + strings.Repeat("<div>", 600) + article)
	f.Add("<table><tr><td>" + article)
	f.Add(`<script type="application/ld+json">{"@type":"NewsArticle","author":{"@id":"x"},"@graph":[[[]]]}</script>` + article)
	f.Add("%PDF-1.4\n")
	f.Add("&#0;&#x110000;&#1575;&amp")
	f.Fuzz(func(t *testing.T, page string) {
		a, err := Extract(context.Background(), page, Options{URL: "https://example.com/a"})
		if err != nil {
			return
		}
		var all []string
		for _, s := range a.Sections {
			all = append(all, s.Paragraphs...)
		}
		if a.Text != strings.Join(all, "\n\n") {
			t.Fatalf("text and sections differ")
		}
		if strings.ContainsAny(a.Text, "\u200e\u200f\u202b\u202c") {
			t.Fatalf("bidi controls left in text")
		}
	})
}
