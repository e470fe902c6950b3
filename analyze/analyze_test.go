package analyze_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/analyze"
	"github.com/marsad-news/marsad/analyze/gazetteer"
)

func newAnalyzer(tb testing.TB) *analyze.Analyzer {
	tb.Helper()
	an, err := analyze.New(analyze.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return an
}

func run(tb testing.TB, an *analyze.Analyzer, text string) *marsad.Article {
	tb.Helper()
	a := &marsad.Article{Text: text, Published: "2025-11-17"}
	if err := an.Analyze(context.Background(), a); err != nil {
		tb.Fatal(err)
	}
	return a
}

func person(a *marsad.Article, name string) *marsad.Entity {
	for i, e := range a.Entities {
		if e.Type == marsad.EntityPerson && e.Name == name {
			return &a.Entities[i]
		}
	}
	return nil
}

func TestRoles(t *testing.T) {
	an := newAnalyzer(t)
	tests := []struct {
		text, name string
		roles      []string
	}{
		{"بحث وزير الدفاع السوري مرهف أبو قصرة، يوم الأحد، مع الوفد.", "مرهف أبو قصرة", []string{"وزير الدفاع السوري"}},
		{"برئاسة يونس بك يفكيروف، نائب وزير الدفاع الروسي، سبل التعاون.", "يونس بك يفكيروف", []string{"نائب وزير الدفاع الروسي"}},
		{"أكد المتحدث باسم الكرملين، دميتري بيسكوف، أن روسيا تواصل.", "دميتري بيسكوف", []string{"المتحدث باسم الكرملين"}},
		{"وقالت المتحدثة باسم الخارجية الروسية، ماريا زاخاروفا، إن العلاقات جيدة.", "ماريا زاخاروفا", []string{"المتحدثة باسم الخارجية الروسية"}},
		{"وكان اعتبر الكاتب والباحث السوري \"أحمد أبازيد\" أن روسيا دولة احتلال.", "أحمد أبازيد", []string{"الكاتب والباحث السوري"}},
		// Epithets are not roles.
		{"بعد سقوط الإرهابي الفار بشار الأسد عام 2024.", "بشار الأسد", nil},
		// A counterpart's role is derived only when certain.
		{"إذ التقى وزير الرياضة السوري محمد سامح حامض نظيره الروسي ميخائيل ديجتياريف، لبحث التعاون.", "ميخائيل ديجتياريف", []string{"وزير الرياضة الروسي"}},
		{"أجرى وزير الفلاحة إدريس العلوي مباحثات مع نظيره السنغالي مامادو ديوب في الرباط.", "مامادو ديوب", nil},
		// Gulf style: the role right after the name.
		{"التقى الأمير خالد بن سعود وزير الخارجية، في الرياض اليوم، الوفد.", "خالد بن سعود", []string{"وزير الخارجية"}},
	}
	for _, tt := range tests {
		a := run(t, an, tt.text)
		p := person(a, tt.name)
		if p == nil {
			t.Errorf("%s: no person %q in %+v", tt.text, tt.name, a.Entities)
			continue
		}
		if !slices.Equal(p.Roles, tt.roles) {
			t.Errorf("%s: roles %q, want %q", tt.text, p.Roles, tt.roles)
		}
	}
}

func TestQuotes(t *testing.T) {
	an := newAnalyzer(t)
	tests := []struct {
		text string
		want []string // "speaker|kind|text prefix"
	}{
		{"وقالت المتحدثة باسم الخارجية الروسية، ماريا زاخاروفا، خلال مؤتمر صحفي، إن “روسيا وسوريا تحافظان على اتصالات”، مضيفة: “نحن راضون عن الاتصالات”.\n\nوأوضحت زاخاروفا أن الحوار يجري عبر قنوات متعددة.\n\nوأشارت المتحدثة إلى أن التعاون لا يقتصر على الطاقة.",
			[]string{"ماريا زاخاروفا|direct|روسيا وسوريا", "ماريا زاخاروفا|direct|نحن راضون", "ماريا زاخاروفا|indirect|الحوار يجري", "ماريا زاخاروفا|indirect|التعاون لا"}},
		// Subjectless continuation keeps the previous speaker.
		{"وقال أبازيد إن الصوت الشعبي لا يتنازل عن حقه.\nوأوضح أن الخطاب الثوري يبدأ من الإقرار بالثوابت.",
			[]string{"أحمد أبازيد|indirect|الصوت الشعبي", "أحمد أبازيد|indirect|الخطاب الثوري"}},
		// Scare quotes are not quotes; names in quotes are names.
		{"حيث منحته موسكو لاحقاً “حق اللجوء الإنساني”، وتحدث لقناة \"فوكس نيوز\" أمس.", nil},
		// Reversed pairs.
		{"وقال الرئيس الفرنسي إيمانويل ماكرون إن ”أوروبا يجب أن تدافع عن نفسها“.", []string{"إيمانويل ماكرون|direct|أوروبا يجب"}},
		// Quote before its attribution.
		{"«لن نتراجع عن التزاماتنا مهما كانت الظروف»، قال رئيس الوزراء البريطاني جيمس هولاند أمام البرلمان.", []string{"جيمس هولاند|direct|لن نتراجع"}},
		// Organizations speak too.
		{"وأكدت الشبكة السورية لحقوق الإنسان في تقريرها أن أي انفتاح يجب أن يبدأ باعتراف رسمي.", []string{"الشبكة السورية لحقوق الإنسان|indirect|أي انفتاح"}},
		// No speaker, no quote.
		{"وأضاف البيان أن الاجتماع ناقش ملفات عدة.", nil},
	}
	for _, tt := range tests {
		text := tt.text
		if strings.Contains(text, "أبازيد") && !strings.Contains(text, "أحمد أبازيد") {
			text = "الكاتب السوري أحمد أبازيد كتب منشوراً.\n" + text
		}
		a := run(t, an, text)
		var got []string
		for _, q := range a.Quotes {
			got = append(got, q.Speaker+"|"+q.Kind+"|"+q.Text)
		}
		if len(got) != len(tt.want) {
			t.Errorf("%s:\n got %q\nwant %q", tt.text, got, tt.want)
			continue
		}
		for i := range got {
			if !strings.HasPrefix(got[i], tt.want[i]) {
				t.Errorf("%s: quote %d = %q, want prefix %q", tt.text, i, got[i], tt.want[i])
			}
		}
	}
}

func TestMentionsAndKeys(t *testing.T) {
	an := newAnalyzer(t)
	a := run(t, an, "أكد المتحدث باسم الكرملين، دميتري بيسكوف، أن روسيا تواصل علاقاتها.\n\nورد بيسكوف بالتأكيد على أن روسيا تضع أسس علاقاتها.\n\nأوضح المتحدث الروسي أن بلاده ترحب بالعلاقات.")
	p := person(a, "دميتري بيسكوف")
	if p == nil {
		t.Fatalf("no بيسكوف in %+v", a.Entities)
	}
	var ms []string
	for _, m := range p.Mentions {
		ms = append(ms, m.Text)
	}
	if want := []string{"دميتري بيسكوف", "بيسكوف", "المتحدث الروسي"}; !slices.Equal(ms, want) {
		t.Errorf("mentions %q, want %q", ms, want)
	}
	// The key is the same in another article that names him differently.
	b := run(t, an, "وقال السيد دميتري بيسكوف للصحفيين إن الكرملين يتابع الوضع.")
	q := person(b, "دميتري بيسكوف")
	if q == nil || q.Key != p.Key {
		t.Errorf("key across articles: %+v vs %q", q, p.Key)
	}
	for _, m := range p.Mentions {
		if got := string([]rune(a.Text)[m.Start:m.End]); got != m.Text {
			t.Errorf("mention offsets %d-%d give %q, want %q", m.Start, m.End, got, m.Text)
		}
	}
}

func TestExtraGazetteer(t *testing.T) {
	extra, err := gazetteer.ReadTSV(strings.NewReader("# user list\norganization\tمرصد الشرق للدراسات\tالمرصد الشرقي\n"))
	if err != nil {
		t.Fatal(err)
	}
	an, err := analyze.New(analyze.Options{ExtraGazetteer: extra})
	if err != nil {
		t.Fatal(err)
	}
	a := run(t, an, "وأكد المرصد الشرقي في بيانه أن الأوضاع مستقرة.")
	if len(a.Quotes) != 1 || a.Quotes[0].Speaker != "مرصد الشرق للدراسات" || a.Quotes[0].SpeakerType != marsad.EntityOrganization {
		t.Errorf("quotes %+v, want one by مرصد الشرق للدراسات", a.Quotes)
	}
	if _, err := gazetteer.ReadTSV(strings.NewReader("planet\tالمريخ\n")); err == nil {
		t.Error("ReadTSV accepted an unknown type")
	}
}

func TestConcurrent(t *testing.T) {
	an := newAnalyzer(t)
	text := "بحث وزير الدفاع السوري مرهف أبو قصرة، يوم الأحد، مع وفد عسكري روسي برئاسة يونس بك يفكيروف في دمشق."
	want := run(t, an, text)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			got := run(t, an, text)
			if len(got.Entities) != len(want.Entities) || len(got.Events) != len(want.Events) {
				t.Errorf("concurrent run differs")
			}
		})
	}
	wg.Wait()
}

func ExampleAnalyzer_Analyze() {
	an, err := analyze.New(analyze.Options{})
	if err != nil {
		panic(err)
	}
	a := &marsad.Article{
		Published: "2025-11-17",
		Text:      "وقالت المتحدثة باسم الخارجية الروسية، ماريا زاخاروفا، إن “روسيا وسوريا تحافظان على اتصالات رسمية”.",
	}
	if err := an.Analyze(context.Background(), a); err != nil {
		panic(err)
	}
	for _, e := range a.Entities {
		if e.Type == marsad.EntityPerson {
			fmt.Println(e.Name, e.Key, e.Roles)
		}
	}
	for _, q := range a.Quotes {
		fmt.Println(q.Speaker, q.Kind, q.Text)
	}
	// Output:
	// ماريا زاخاروفا ماريا زاخاروفا [المتحدثة باسم الخارجية الروسية]
	// ماريا زاخاروفا direct روسيا وسوريا تحافظان على اتصالات رسمية
}
