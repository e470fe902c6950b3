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

// mentionTexts returns the texts of e's mentions.
func mentionTexts(e *marsad.Entity) []string {
	var ms []string
	for _, m := range e.Mentions {
		ms = append(ms, m.Text)
	}
	return ms
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
		// A name starting with hamza-alef ("أل") has no article.
		{"قالت المتحدثة الرسمية باسم وزارة الخارجية الروسية، ألكسندرا فولكوفا، إن موسكو ترفض.", "ألكسندرا فولكوفا", []string{"المتحدثة الرسمية باسم وزارة الخارجية الروسية"}},
		// Feminine title heads, a destination after في.
		{"قالت منسقة الشؤون الإنسانية للأمم المتحدة في اليمن، جوليا هاينز، إن الوضع خطير.", "جوليا هاينز", []string{"منسقة الشؤون الإنسانية للأمم المتحدة في اليمن"}},
		// A title written into the name ends the role.
		{"وقال أمين منطقة الجوف المهندس عبدالرحمن بن سعيد الشمري إن العمل مستمر.", "عبدالرحمن بن سعيد الشمري", []string{"أمين منطقة الجوف"}},
		// "عام" after the head, a place after the complement, an institution after في.
		{"وقال مدير عام المستشفيات، منير الحلو، إن الوضع كارثي.", "منير الحلو", []string{"مدير عام المستشفيات"}},
		{"أفاد المدير الجهوي للصحة بصفاقس، حاتم الشريف، بأن الوضع مستقر.", "حاتم الشريف", []string{"المدير الجهوي للصحة بصفاقس"}},
		{"وقال كبير الاقتصاديين في بنك الرياض، الدكتور فهد الدوسري، إن التضخم تراجع.", "فهد الدوسري", []string{"كبير الاقتصاديين في بنك الرياض"}},
		// An adjective of the last complement, a plural office noun, an
		// indefinite organization after باسم, a nationality before the name.
		{"واستقبل الوزير الكاتب العام للجامعة العامة للتعليم الثانوي خالد الرياحي.", "خالد الرياحي", []string{"الكاتب العام للجامعة العامة للتعليم الثانوي"}},
		{"أعلنت رئيسة وزراء اسكتلندا نيكولا ستورجن أنها ستطلب استفتاء.", "نيكولا ستورجن", []string{"رئيسة وزراء اسكتلندا"}},
		{"وصرح المتحدث الرسمي باسم رئاسة الجمهورية ياسر عبد العظيم بأن الجانبين بحثا الربط.", "ياسر عبد العظيم", []string{"المتحدث الرسمي باسم رئاسة الجمهورية"}},
		{"أكد مدرب نادي السد القطري، الإسباني خوان مانويل لوبيز، أن فريقه جاهز.", "خوان مانويل لوبيز", []string{"مدرب نادي السد القطري"}},
		{"رأى النائب المستقل حيدر الزبيدي أن الحكومة مسؤولة.", "حيدر الزبيدي", []string{"النائب المستقل"}},
		// A definite noun with its adjective after a foreign name is the object.
		{"هكذا وصف وزير التجارة الأمريكي ويلبور روس الضربة الأمريكية على سوريا.", "ويلبور روس", []string{"وزير التجارة الأمريكي"}},
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
		// Two coordinated statements in one sentence, the second a
		// subjectless continuation.
		{"قال وزير التربية محمد علي الحمروني إن الوزارة ستنتدب مدرسين.\nوأكد أن الانتدابات ستعطي الأولوية للجهات، وأضاف أن \"النقص لن يبقى عائقاً أمام التلاميذ\".",
			[]string{"محمد علي الحمروني|indirect|الوزارة", "محمد علي الحمروني|indirect|الانتدابات ستعطي الأولوية للجهات", "محمد علي الحمروني|direct|النقص لن يبقى"}},
		// A relative pronoun before the verb: its antecedent speaks, not
		// the previous speaker.
		{"قال الوزير محمد علي الحمروني إن الإضراب غير مبرر.\nواستقبل الوزير أمس الكاتب العام للنقابة خالد الرياحي، الذي اعتبر أن الاتفاق الأخير \"خطوة في الاتجاه الصحيح\".",
			[]string{"محمد علي الحمروني|indirect|الإضراب", "خالد الرياحي|indirect|الاتفاق الأخير"}},
		// Reported through a source: "نقل البيان عن X قوله إن".
		{"ونقل بيان صادر عن الوزارة عن الوزير طارق منير الشناوي قوله إن \"مصر لن تفرط في حصتها التاريخية\".",
			[]string{"طارق منير الشناوي|direct|مصر لن تفرط"}},
		// The verb's own "إلى أن" after a relative clause; a quotation
		// before its verb, then a participle of the same speaker.
		{"وأشار مدرب الفريق خوان مانويل لوبيز في المؤتمر الذي سبق المباراة إلى أن الإصابات أثرت على خياراته.\n\"سنلعب من أجل الفوز ولا شيء غيره\"، قال قائد الفريق حسن المري، مضيفاً أن الجماهير ستساند الفريق.",
			[]string{"خوان مانويل لوبيز|indirect|الإصابات", "حسن المري|direct|سنلعب", "حسن المري|indirect|الجماهير"}},
		// An honorific pronoun before anyone has spoken refers to the
		// person last named.
		{"رأس صاحب السمو الأمير فيصل بن سعد بن مشعل أمير منطقة الجوف اجتماع المجلس.\nوأكد سموه أن القيادة تولي المشاريع اهتماماً كبيراً.",
			[]string{"فيصل بن سعد بن مشعل|indirect|القيادة"}},
		// A noun between a subjectless verb and its content is an
		// unknown subject: no continuation of the previous speaker.
		{"وقالت وزارة الخارجية الإيرانية إن العقوبات غير قانونية.\nوقالت إيران إنها لن تمنح تأشيرات للنواب.",
			[]string{"وزارة الخارجية الإيرانية|indirect|العقوبات"}},
		// "وأكد الرئيس" is the president, not the prime minister named
		// last.
		{"استقبل الرئيس عبد الفتاح السيسي في القاهرة رئيس وزراء اليونان كيرياكوس ميتسوتاكيس.\nوأكد الرئيس، وفق المتحدث، أن مصر حريصة على الشراكة.",
			[]string{"عبد الفتاح السيسي|indirect|مصر حريصة"}},
		// The name after "المتحدث باسم رئيس الوزراء" is the prime
		// minister's: the spokesman is unnamed, so no quote.
		{"وقال المتحدث باسم رئيس الوزراء البلجيكي شارل ميشال إن الحدود لن تغلق.", nil},
		// An organization through its statement; a closing statement
		// with "وختم كلمته بالتأكيد على أن".
		{"أفاد بيان لوزارة الداخلية الجزائرية بأن الحماية المدنية أخمدت ثلاثين حريقاً.",
			[]string{"وزارة الداخلية الجزائرية|indirect|الحماية المدنية"}},
		{"وأوضح الوزير سيف الظاهري أن التجارة نمت بقوة.\nوختم كلمته بالتأكيد على أن الدولة ماضية في تنويع الدخل.",
			[]string{"سيف الظاهري|indirect|التجارة", "سيف الظاهري|indirect|الدولة ماضية"}},
		// A second clause with its own subject takes the participle.
		{"أكد الوزير خليفة المناعي أن البحرين تدعم الجهود.\nوأشاد الوزير بالعلاقات، فيما أعرب السفير الياباني هيروشي تاناكا عن شكره، مؤكداً أن بلاده حريصة على الشراكة.",
			[]string{"خليفة المناعي|indirect|البحرين", "هيروشي تاناكا|indirect|بلاده حريصة"}},
		// The participle belongs to its own sentence's subject, not to
		// the previous speaker.
		{"قال الوزير الإماراتي سهيل الكتبي إن التعاون ممتاز.\nمن جانبه، أعرب الوزير البرازيلي جواو كوستا عن ارتياحه، مشيراً إلى أن بلاده تتطلع إلى شراكة أوسع.",
			[]string{"سهيل الكتبي|indirect|التعاون", "جواو كوستا|indirect|بلاده تتطلع"}},
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

func TestEvents(t *testing.T) {
	an := newAnalyzer(t)
	tests := []struct {
		text string
		want []string // "type|participants|place|date"
	}{
		// Place and day in a follow-up sentence.
		{"بحث الوزير محمد الهاجري، مع نائب وزير الخارجية الألماني أندرياس شولتس، العلاقات الثنائية.\n\nجاء ذلك خلال اجتماع عقد اليوم في الدوحة.",
			[]string{"meeting|محمد الهاجري,أندرياس شولتس|الدوحة|2025-11-17"}},
		// A meeting told as the circumstance of a statement, the possessor
		// named in the previous sentence.
		{"أكد الوزير خليفة المناعي أن البحرين تدعم الجهود.\n\nجاء ذلك خلال استقباله، اليوم الاثنين في المنامة، سفير اليابان لدى المملكة هيروشي تاناكا.",
			[]string{"meeting|خليفة المناعي,هيروشي تاناكا|المنامة|2025-11-17"}},
		// A visit begun the day before, told in a relative clause.
		{"استقبل الرئيس عبد الفتاح السيسي، اليوم الاثنين في القاهرة، رئيس وزراء اليونان كيرياكوس ميتسوتاكيس، الذي وصل إلى القاهرة أمس الأحد في زيارة رسمية.",
			[]string{"meeting|عبد الفتاح السيسي,كيرياكوس ميتسوتاكيس|القاهرة|2025-11-17", "visit|كيرياكوس ميتسوتاكيس|القاهرة|2025-11-16"}},
	}
	for _, tt := range tests {
		a := run(t, an, tt.text)
		var got []string
		for _, e := range a.Events {
			got = append(got, e.Type+"|"+strings.Join(e.Participants, ",")+"|"+e.Place+"|"+e.Date)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s:\n got %q\nwant %q", tt.text, got, tt.want)
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
	ms := mentionTexts(p)
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

// A name read short in a later sentence ("فون دير" before "لاين") is
// completed from the full name found earlier, and the quote goes to the
// one person.
func TestCutNameCompleted(t *testing.T) {
	an := newAnalyzer(t)
	a := run(t, an, "قالت رئيسة المفوضية الأوروبية أورسولا فون دير لاين إن الاتحاد سيقدم حزمة مساعدات.\n\nوأضافت فون دير لاين أن الحزمة تشمل دعم الدول المضيفة.")
	p := person(a, "أورسولا فون دير لاين")
	if p == nil {
		t.Fatalf("no فون دير لاين in %+v", a.Entities)
	}
	ms := mentionTexts(p)
	if want := []string{"أورسولا فون دير لاين", "فون دير لاين"}; !slices.Equal(ms, want) {
		t.Errorf("mentions %q, want %q", ms, want)
	}
	for _, e := range a.Entities {
		if e.Type == marsad.EntityPerson && e.Name != p.Name {
			t.Errorf("extra person %q", e.Name)
		}
	}
	if len(a.Quotes) != 2 {
		t.Fatalf("%d quotes, want 2: %+v", len(a.Quotes), a.Quotes)
	}
	for _, q := range a.Quotes {
		if q.Speaker != p.Name {
			t.Errorf("quote %q by %q, want %q", q.Text, q.Speaker, p.Name)
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

// TestNunatedNames: a name written with nunation (tanween) in the
// accusative or genitive ("محمداً", "خالدٍ") is the same name, with the
// same key, as in the nominative; nunated common words are still no
// names.
func TestNunatedNames(t *testing.T) {
	an := newAnalyzer(t)
	tests := []struct {
		text      string
		name, key string
		mention   string // the mention text as written
	}{
		{"واستقبل الوزير، يوم الثلاثاء، الكاتب العام للنقابة خالداً الرياحي في مكتبه.", "خالد الرياحي", "خالد الرياحي", "خالداً الرياحي"},
		{"وعيّن الرئيس محمداً ولد أحمد سفيراً لدى فرنسا.", "محمد ولد أحمد", "محمد ولد احمد", "محمداً ولد أحمد"},
		{"وعيّن الرئيس محمدًا ولد أحمد سفيراً لدى فرنسا.", "محمد ولد أحمد", "محمد ولد احمد", "محمدًا ولد أحمد"},
		{"وأشاد الوزير بجهود خالدٍ العمري في تنظيم الدورة.", "خالد العمري", "خالد العمري", "خالدٍ العمري"},
	}
	for _, tt := range tests {
		a := run(t, an, tt.text)
		p := person(a, tt.name)
		if p == nil {
			t.Errorf("%s: no person %q in %+v", tt.text, tt.name, a.Entities)
			continue
		}
		if p.Key != tt.key || len(p.Mentions) == 0 || p.Mentions[0].Text != tt.mention {
			t.Errorf("%s: key %q mentions %+v, want key %q mention %q", tt.text, p.Key, p.Mentions, tt.key, tt.mention)
		}
		if got := string([]rune(a.Text)[p.Mentions[0].Start:p.Mentions[0].End]); got != p.Mentions[0].Text {
			t.Errorf("%s: mention offsets give %q", tt.text, got)
		}
	}
	// The same person across cases is one entity.
	a := run(t, an, "قال الكاتب العام للنقابة خالد الرياحي إن الإضراب قائم.\n\nواستقبل الوزير خالداً الرياحي أمس.")
	n := 0
	for _, e := range a.Entities {
		if e.Type == marsad.EntityPerson {
			n++
		}
	}
	if p := person(a, "خالد الرياحي"); p == nil || len(p.Mentions) != 2 || n != 1 {
		t.Errorf("one entity with two mentions expected, got %+v", a.Entities)
	}
	// Nunated common words stay out of names.
	a = run(t, an, "وصف ترامب الرئيس السوري أحمد الشرع بأنه حليفاً جيوسياسياً يمكن الاستثمار فيه، وأكد الوزير مجدداً أن بلاده مستعدة.\n"+
		"وقال المدرب إن الفريق جاهز تماماً لمواجهة الإياب، وإن اللاعبين يستحقون حياةً كريمةً بعد الاعتزال.")
	for _, e := range a.Entities {
		if e.Type != marsad.EntityPerson {
			continue
		}
		if strings.Contains(e.Name, "حليف") || strings.Contains(e.Name, "مجدد") || strings.Contains(e.Name, "تمام") || strings.Contains(e.Name, "حياة") {
			t.Errorf("nunated word in a name: %+v", e)
		}
	}
}

// TestOrganizationKeys: an institution's name takes a domain complement
// ("للإحصاء") but not another institution after it ("للبنك المركزي"), so a
// committee is keyed alike however its parent is attached.
func TestOrganizationKeys(t *testing.T) {
	an := newAnalyzer(t)
	tests := []struct{ text, key string }{
		{"وقررت لجنة السياسة النقدية للبنك المركزي المصري خفض الفائدة.", "لجنه السياسه النقديه"},
		{"وقررت لجنة السياسة النقدية بالبنك المركزي المصري خفض الفائدة.", "لجنه السياسه النقديه"},
		{"وأعلنت الهيئة العامة للإحصاء أرقام البطالة.", "الهييه العامه للاحصاء"},
	}
	for _, tt := range tests {
		a := run(t, an, tt.text)
		var keys []string
		for _, e := range a.Entities {
			if e.Type == marsad.EntityOrganization {
				keys = append(keys, e.Key)
			}
		}
		if !slices.Contains(keys, tt.key) {
			t.Errorf("%s: organization keys %q, want %q among them", tt.text, keys, tt.key)
		}
	}
}
