package textpage

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// seedPath is the project's founding example (see ../testdata/README.md).
var seedPath = filepath.Join("..", "testdata", "pages", "article-ar-001.txt")

func readSeed(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSeed checks the founding example field by field, exactly as issue 2
// lists it.
func TestSeed(t *testing.T) {
	a, err := Extract(readSeed(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := "بمشاركة أكبر وفد روسي .. مباحثات عسكرية سورية - روسية واسعة في دمشق"; a.Title != want {
		t.Errorf("title = %q, want %q", a.Title, want)
	}
	if a.Category != "أخبار سورية" {
		t.Errorf("category = %q", a.Category)
	}
	if a.Published != "2025-11-17" {
		t.Errorf("published = %q", a.Published)
	}
	if !reflect.DeepEqual(a.Authors, []string{"فريق العمل"}) {
		t.Errorf("authors = %q", a.Authors)
	}
	if a.Credit != "" {
		t.Errorf("credit = %q, want none", a.Credit)
	}
	wantHeadings := []string{
		"",
		"خطوة تعكس توسع مسار التعاون بعد سنوات القطيعة",
		"مباحثات تأتي استكمالاً لزيارة أبو قصرة إلى موسكو",
		"تحول جذري في العلاقات بعد سقوط النظام السابق",
		"بيسكوف: علاقتنا مع القيادة السورية الجديدة مستمرة ومبنية على الثقة",
		"موسكو ترحب بالاستقلال في الشراكات السورية",
	}
	var got []string
	var paras []string
	for _, s := range a.Sections {
		got = append(got, s.Heading)
		if len(s.Paragraphs) == 0 {
			t.Errorf("section %q has no paragraphs", s.Heading)
		}
		paras = append(paras, s.Paragraphs...)
	}
	if !reflect.DeepEqual(got, wantHeadings) {
		t.Errorf("headings =\n%q\nwant\n%q", got, wantHeadings)
	}
	// Paragraph counts per section, from the page: 1 lead, 1, 2, 1, 3, 13.
	var counts []int
	for _, s := range a.Sections {
		counts = append(counts, len(s.Paragraphs))
	}
	if want := []int{1, 1, 2, 1, 3, 13}; !reflect.DeepEqual(counts, want) {
		t.Errorf("paragraphs per section = %v, want %v", counts, want)
	}
	text := strings.Join(paras, "\n\n")
	if !strings.HasPrefix(text, "بحث وزير الدفاع السوري") {
		t.Errorf("text starts %q", firstRunes(text, 40))
	}
	if !strings.HasSuffix(text, "الطيران الروسي بالأرض.") {
		t.Errorf("text ends %q", lastRunes(text, 40))
	}
	all := a.Title + a.Category + strings.Join(a.Authors, "") + text
	for _, s := range a.Sections {
		all += s.Heading
	}
	for _, bad := range []string{"الكاتب:", "مشاركة:", "اقرأ أيضاً", "●", "ـــ", "\u00a0", "\u2002"} {
		if strings.Contains(all, bad) {
			t.Errorf("output still contains %q", bad)
		}
	}
	if strings.Count(text, a.Title) != 0 {
		t.Errorf("title repeated inside the text")
	}
	// A paragraph keeps its text exactly: the page line with its NBSP
	// turned into a space and trimmed.
	want := "جاء تصريح بيسكوف رداً على سؤال حول تصريحات الرئيس أحمد الشرع، التي أدلى بها لقناة \"فوكس نيوز\"، والتي وصف فيها سوريا بأنها باتت \"حليفاً جيوسياسياً يمكن لواشنطن الاستثمار فيه\"."
	if a.Sections[4].Paragraphs[1] != want {
		t.Errorf("paragraph changed:\n%q\nwant\n%q", a.Sections[4].Paragraphs[1], want)
	}
}

func firstRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}

func lastRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[len(r)-n:]
	}
	return string(r)
}

func TestByline(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"الكاتب: فريق العمل", []string{"فريق العمل"}},
		{"كتب: أحمد العلي", []string{"أحمد العلي"}},
		{"كتبت: سلمى الحسن، ومحمد خير", []string{"سلمى الحسن", "محمد خير"}},
		{"إعداد: سلمى الحسن، وليد خير", []string{"سلمى الحسن", "وليد خير"}},
		{"بقلم: كريمة بن علي", []string{"كريمة بن علي"}},
		{"بقلم د. سامي نادر", []string{"د. سامي نادر"}},
		{"إعداد: قسم الأخبار", []string{"قسم الأخبار"}},
		{"By Jane Smith and John Doe", []string{"Jane Smith", "John Doe"}},
		{"by the river we stood", nil},
		{"كتب الرئيس في رسالته أن الحرب انتهت وأن البلاد تدخل مرحلة جديدة.", nil},
		{"كتبها الشاعر في صباه", nil},
		{"بقلم", nil},
	}
	for _, tt := range tests {
		got, ok := byline(tt.in)
		if ok != (tt.want != nil) || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("byline(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestCredit(t *testing.T) {
	lines := []struct{ in, want string }{
		{"المصدر: وكالات", "وكالات"},
		{"المصدر : سانا", "سانا"},
		{"(سانا)", "سانا"},
		{"- أ ف ب", "أ ف ب"},
		{"رويترز", "رويترز"},
		{"Source: Reuters", "Reuters"},
		{"المصدر الرئيسي للدخل هو الزراعة في هذه المنطقة منذ عقود طويلة.", ""},
		{"(تصوير: أرشيف)", ""},
		{"(وكالة الأنباء الألمانية)", "وكالة الأنباء الألمانية"},
		{"(2025)", ""},
	}
	for _, tt := range lines {
		got, ok := creditLine(tt.in)
		if ok != (tt.want != "") || got != tt.want {
			t.Errorf("creditLine(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
	trailing := []struct{ in, para, credit string }{
		{"بدأت الأعمال اليوم. (سانا)", "بدأت الأعمال اليوم.", "سانا"},
		{"بدأت الأعمال اليوم (سانا).", "بدأت الأعمال اليوم.", "سانا"},
		{"لا أنباء عن ضحايا - أ ف ب", "لا أنباء عن ضحايا", "أ ف ب"},
		{"قال الوزير (في تصريح) إن العمل مستمر.", "قال الوزير (في تصريح) إن العمل مستمر.", ""},
		{"انتهى الاجتماع - وفق مصادر", "انتهى الاجتماع - وفق مصادر", ""},
	}
	for _, tt := range trailing {
		p, c, ok := trailingCredit(tt.in)
		if p != tt.para || c != tt.credit || ok != (tt.credit != "") {
			t.Errorf("trailingCredit(%q) = %q, %q, %v; want %q, %q", tt.in, p, c, ok, tt.para, tt.credit)
		}
	}
}

func TestLeadingCredit(t *testing.T) {
	tests := []struct{ in, para, credit string }{
		{"دمشق-سانا: بحث وزير الدفاع مع وفد روسي.", "بحث وزير الدفاع مع وفد روسي.", "سانا"},
		{"دمشق - سانا بحث وزير الدفاع مع وفد روسي.", "بحث وزير الدفاع مع وفد روسي.", "سانا"},
		{"بيروت (أ ف ب) - قال مسؤول إن الاجتماع انتهى.", "قال مسؤول إن الاجتماع انتهى.", "أ ف ب"},
		{"قال الوزير (سانا) إن الاجتماع انتهى.", "قال الوزير (سانا) إن الاجتماع انتهى.", ""},
		{"العلاقات السورية-الروسية تشهد تحولاً.", "العلاقات السورية-الروسية تشهد تحولاً.", ""},
		{"دمشق-سانايا مدينة.", "دمشق-سانايا مدينة.", ""},
	}
	for _, tt := range tests {
		p, c, ok := leadingCredit(tt.in)
		if p != tt.para || c != tt.credit || ok != (tt.credit != "") {
			t.Errorf("leadingCredit(%q) = %q, %q, %v; want %q, %q", tt.in, p, c, ok, tt.para, tt.credit)
		}
	}
	if c, ok := creditLine("دمشق-سانا"); !ok || c != "سانا" {
		t.Errorf("creditLine(دمشق-سانا) = %q, %v", c, ok)
	}
}

func TestMetaLine(t *testing.T) {
	tests := []struct {
		in, date, cat string
		ok            bool
	}{
		{"● أخبار سورية ١٧ نوفمبر ٢٠٢٥", "2025-11-17", "أخبار سورية", true},
		{"١٧ نوفمبر ٢٠٢٥ | اقتصاد", "2025-11-17", "اقتصاد", true},
		{"● ثقافة 5 تشرين الأول 2024", "2024-10-05", "ثقافة", true},
		{"الأحد 5 كانون الثاني 2025", "2025-01-05", "", true},
		{"الجمعة 8 فيفري 2019", "2019-02-08", "", true},
		{"رياضة - الثلاثاء 12 شتنبر 2023", "2023-09-12", "رياضة", true},
		{"November 17, 2025", "2025-11-17", "", true},
		{"نشر في 2025-03-01", "2025-03-01", "", true},
		{"17/11/2025 - سياسة", "2025-11-17", "سياسة", true},
		{"● 28 أكتوبر/تشرين الأول 2025", "2025-10-28", "", true},
		{"● أخبار سورية", "", "أخبار سورية", true},
		{"أخبار سورية", "", "", false},
		{"وقال الوزير إن الاجتماع عقد في 17 نوفمبر 2025 بحضور ممثلين عن وزارات عدة ومنظمات دولية.", "", "", false},
		{"31 فبراير 2025", "", "", false},
		{"الأحد 25 جمادى الأولى 1447 هـ - 16 نوفمبر 2025 م", "2025-11-16", "", true},
	}
	for _, tt := range tests {
		d, c, ok := metaLine(tt.in, nil)
		if d != tt.date || c != tt.cat || ok != tt.ok {
			t.Errorf("metaLine(%q) = %q, %q, %v; want %q, %q, %v", tt.in, d, c, ok, tt.date, tt.cat, tt.ok)
		}
	}
}

func TestHeadingLike(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"خطوة تعكس توسع مسار التعاون بعد سنوات القطيعة", true},
		{"بيسكوف: علاقتنا مع القيادة السورية الجديدة مستمرة ومبنية على الثقة", true},
		{"وقال الوزير إن العمل مستمر.", false},
		{"هل تعود روسيا؟", false},
		{"قال: \"نعم\".", false},
		{"2025", false},
		{strings.Repeat("كلمة ", 20), false},
	}
	for _, tt := range tests {
		if got := headingLike(strings.TrimSpace(tt.in)); got != tt.want {
			t.Errorf("headingLike(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestLeftovers(t *testing.T) {
	drop := []string{"مشاركة:", "شارك الخبر عبر واتساب", "Share on Facebook", "تابعونا", "مشاركة: فيسبوك تويتر", "شارك", "اقرأ أيضاً:", "اقرأ أيضاً: عنوان مقال آخر", "اقرأ المزيد", "تابعونا على فيسبوك", "ـــــــ ــ", "-----", "●", "Share", "Read more: other stories"}
	for _, l := range drop {
		if !isSeparator(l) && !isLeftover(l) {
			t.Errorf("%q not dropped", l)
		}
	}
	keep := []string{"شارك الوزير في الاجتماع الذي عقد في دمشق، وقدم عرضاً عن الخطة.", "مشاركة واسعة في الانتخابات البلدية", "شاركت سوريا في القمة", "Shares fell sharply on Monday"}
	for _, l := range keep {
		if isSeparator(l) || isLeftover(l) {
			t.Errorf("%q dropped", l)
		}
	}
}

// TestExtractLayouts covers page shapes beyond the test pages in
// ../testdata (those are tested end to end by package extract).
func TestExtractLayouts(t *testing.T) {
	t.Run("read also list", func(t *testing.T) {
		page := "عنوان الخبر الرئيسي\n\nالفقرة الأولى من الخبر.\n\nاقرأ أيضاً:\nعنوان آخر\nعنوان ثالث\n\nعنوان فرعي حقيقي\nالفقرة الثانية من الخبر.\n"
		a, err := Extract(page, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Sections) != 2 || a.Sections[1].Heading != "عنوان فرعي حقيقي" {
			t.Fatalf("sections = %+v", a.Sections)
		}
		for _, s := range a.Sections {
			for _, p := range s.Paragraphs {
				if strings.Contains(p, "عنوان آخر") || strings.Contains(p, "عنوان ثالث") {
					t.Errorf("related title kept: %q", p)
				}
			}
		}
	})
	t.Run("agency in byline", func(t *testing.T) {
		a, err := Extract("Title of the story\nBy Jane Smith, Reuters\n\nThe text of the story.\n", Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a.Authors, []string{"Jane Smith"}) || a.Credit != "Reuters" {
			t.Fatalf("authors %q credit %q", a.Authors, a.Credit)
		}
	})
	t.Run("long first line is no title", func(t *testing.T) {
		long := strings.Repeat("نص طويل جداً ", 100) + "."
		a, err := Extract(long, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if a.Title != "" || len(a.Sections) != 1 || a.Sections[0].Paragraphs[0] != long {
			t.Fatalf("got title %q sections %d", a.Title, len(a.Sections))
		}
	})
	t.Run("title only", func(t *testing.T) {
		a, err := Extract("عنوان بلا نص\n", Options{})
		if err != nil {
			t.Fatal(err)
		}
		if a.Title != "عنوان بلا نص" || len(a.Sections) != 0 {
			t.Fatalf("got %+v", a)
		}
	})
	t.Run("CRLF and bidi", func(t *testing.T) {
		a, err := Extract("\u202bعنوان\u202c\r\n\r\nفقرة\u00a0أولى.\u2067x\u2069\r\n", Options{})
		if err != nil {
			t.Fatal(err)
		}
		if a.Title != "عنوان" || a.Sections[0].Paragraphs[0] != "فقرة أولى.x" {
			t.Fatalf("got %q %q", a.Title, a.Sections[0].Paragraphs)
		}
	})
}

func TestExtractNoText(t *testing.T) {
	for _, page := range []string{"", "\n\n  \n", "ـــــــ\n-----\n●\n", "مشاركة:\nاقرأ أيضاً:\n"} {
		if _, err := Extract(page, Options{}); !errors.Is(err, ErrNoText) {
			t.Errorf("Extract(%q) err = %v, want ErrNoText", page, err)
		}
	}
}

func FuzzExtract(f *testing.F) {
	f.Add(readSeed(f))
	f.Add("عنوان\n● قسم ١٧ نوفمبر ٢٠٢٥\n\nفقرة.\n")
	f.Add("كتب: أحمد\n(سانا)\nالمصدر: وكالات\nاقرأ أيضاً:\nعنوان\n\nفقرة - أ ف ب")
	f.Add("\u202b\u00a0\r\n\u2028x")
	f.Fuzz(func(t *testing.T, page string) {
		a, err := Extract(page, Options{})
		if err != nil {
			if !errors.Is(err, ErrNoText) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if !utf8.ValidString(page) {
			return
		}
		for _, s := range a.Sections {
			if len(s.Paragraphs) == 0 {
				t.Fatalf("empty section %q", s.Heading)
			}
			for _, p := range s.Paragraphs {
				if p == "" || strings.ContainsAny(p, "\n\r") {
					t.Fatalf("bad paragraph %q", p)
				}
				if strings.ContainsAny(p, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069") {
					t.Fatalf("bidi control kept in %q", p)
				}
			}
		}
	})
}

func BenchmarkExtractSeed(b *testing.B) {
	page := readSeed(b)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Extract(page, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
