package cluster

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/marsad-news/marsad"
)

const wireText = `بحث وزير الخارجية الأردني أيمن الصفدي، اليوم الثلاثاء، مع وزير الخارجية العراقي فؤاد حسين، في عمان، سبل تعزيز التعاون الثنائي، ولا سيما مشروع أنبوب النفط الممتد من البصرة إلى العقبة ومشروع الربط الكهربائي بين البلدين.

وأكد الصفدي خلال مؤتمر صحفي مشترك أن العلاقات الأردنية العراقية راسخة، وأن المشاريع الاستراتيجية المشتركة أولوية للبلدين، مشيرا إلى أن اللجنة الفنية ستعقد اجتماعها المقبل خلال أسبوعين.

من جهته، قال حسين إن بغداد ماضية في استكمال الدراسات الخاصة بالأنبوب الذي يبلغ طوله نحو 1700 كيلومتر، مؤكدا أن الحكومة العراقية خصصت التمويل اللازم للمرحلة الأولى.`

const otherText = `توج النادي الأهلي المصري بلقب دوري أبطال أفريقيا لكرة القدم للمرة الثالثة عشرة في تاريخه، بعد فوزه على الوداد الرياضي المغربي في المباراة النهائية التي أقيمت على استاد القاهرة الدولي.

وسجل إمام عاشور الهدف الأول للأهلي في الدقيقة 23، وأضاف وسام أبو علي الهدف الثاني في الدقيقة 61، فيما أحرز محمد الرايحي هدف الوداد الوحيد.`

func art(id, pub, source, title, text string, ents ...marsad.Entity) *marsad.Article {
	return &marsad.Article{ID: id, Published: pub, Source: source, Title: title, Text: text, Entities: ents}
}

func person(key string, n int) marsad.Entity {
	e := marsad.Entity{Name: key, Key: key, Type: marsad.EntityPerson}
	for i := 0; i < n; i++ {
		e.Mentions = append(e.Mentions, marsad.Mention{Text: key})
	}
	return e
}

func mustAdd(t testing.TB, c *Clusterer, a *marsad.Article) Assignment {
	t.Helper()
	asg, err := c.Add(context.Background(), a)
	if err != nil {
		t.Fatalf("Add(%s): %v", a.ID, err)
	}
	return asg
}

func TestCopies(t *testing.T) {
	tests := []struct {
		name    string
		title   string
		text    string
		credit  string
		wantDup bool
	}{
		{"same text other title", "وزيرا خارجية الأردن والعراق يناقشان أنبوب البصرة", wireText, "", true},
		{"added sentence and byline", "الصفدي وحسين", "كتب: محرر الشؤون العربية\n\n" + wireText + "\n\nويعد مشروع الأنبوب من أكثر المشاريع التي تأخر تنفيذها منذ الإعلان عنه.", "بترا", true},
		{"last paragraph dropped", "أنبوب البصرة العقبة", wireText[:strings.LastIndex(wireText, "\n\n")], "بترا", true},
		{"same title other body", "الصفدي وحسين يبحثان في عمان مشروع أنبوب النفط", otherText, "", false},
		{"empty body", "الصفدي وحسين يبحثان في عمان مشروع أنبوب النفط", "", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := New(Options{})
			orig := art("a1", "2026-03-10T09:00:00Z", "petra", "الصفدي وحسين يبحثان في عمان مشروع أنبوب النفط", wireText)
			orig.Credit = "بترا"
			first := mustAdd(t, c, orig)
			if !first.New || first.StoryID != "sa1" || first.DuplicateOf != "" {
				t.Fatalf("first article: %+v", first)
			}
			// A copy of the copy must point to the earliest version.
			cp := art("a2", "2026-03-10T11:00:00Z", "alrai", tc.title, tc.text)
			cp.Credit = tc.credit
			got := mustAdd(t, c, cp)
			if (got.DuplicateOf != "") != tc.wantDup {
				t.Fatalf("copy = %+v, want duplicate %v", got, tc.wantDup)
			}
			if tc.wantDup {
				if got.DuplicateOf != "a1" || got.StoryID != "sa1" {
					t.Errorf("copy = %+v, want duplicate of a1 in sa1", got)
				}
				cp2 := art("a3", "2026-03-10T12:00:00Z", "other", "عنوان ثالث", tc.text)
				if g := mustAdd(t, c, cp2); g.DuplicateOf != "a1" {
					t.Errorf("copy of copy = %+v, want duplicate of a1", g)
				}
			}
		})
	}
}

func TestStoriesJoinAndWindow(t *testing.T) {
	c := New(Options{})
	ents := []marsad.Entity{person("ايمن الصفدي", 2), person("فؤاد حسين", 2)}
	a := art("a1", "2026-03-10", "petra", "الصفدي وحسين يبحثان في عمان مشروع أنبوب النفط", wireText, ents...)
	a.Dates = []marsad.DateRef{{Value: "2026-03-10", Granularity: marsad.GranularityDay}}
	mustAdd(t, c, a)
	// A rewrite the next day about the same meeting joins.
	b := art("b1", "2026-03-11", "alghad", "لجنة فنية أردنية عراقية لأنبوب النفط بعد زيارة حسين",
		"قالت وزارة الطاقة الأردنية إنها بدأت تشكيل فريقها في اللجنة الفنية المشتركة لمشروع أنبوب النفط من البصرة إلى العقبة، تنفيذا لما اتفق عليه وزيرا الخارجية أيمن الصفدي وفؤاد حسين خلال لقائهما في عمان أمس الثلاثاء. وستجتمع اللجنة في بغداد لمراجعة مسار الأنبوب والربط الكهربائي.", ents...)
	b.Dates = []marsad.DateRef{{Value: "2026-03-10", Granularity: marsad.GranularityDay}, {Value: "2026-03-11", Granularity: marsad.GranularityDay}}
	if got := mustAdd(t, c, b); got.StoryID != "sa1" {
		t.Errorf("follow-up = %+v, want story sa1", got)
	}
	// Adding again changes nothing.
	if got := mustAdd(t, c, b); got.StoryID != "sa1" || got.New {
		t.Errorf("re-add = %+v", got)
	}
	// The same ministers a month later: another story.
	x := art("x1", "2026-04-14", "shafaq", "الصفدي وحسين في بغداد: اتفاق على منفذ طريبيل",
		"اتفق وزير الخارجية العراقي فؤاد حسين ونظيره الأردني أيمن الصفدي اليوم الثلاثاء في بغداد على إعادة تشغيل منفذ طريبيل الحدودي أمام الشاحنات، وبحثا مشروع أنبوب النفط من البصرة إلى العقبة والربط الكهربائي.", ents...)
	if got := mustAdd(t, c, x); !got.New {
		t.Errorf("meeting a month later = %+v, want a new story", got)
	}
}

func TestDatesKeepEventsApart(t *testing.T) {
	c := New(Options{Window: 7 * 24 * time.Hour})
	text := "تأهل النادي الأهلي المصري إلى المباراة النهائية لدوري أبطال أفريقيا بعد فوزه على الترجي في إياب الدور نصف النهائي على استاد القاهرة الدولي وسجل وسام أبو علي هدف المباراة."
	semi := art("s1", "2026-05-16", "mena", "الأهلي يتأهل إلى النهائي", text, person("وسام ابو علي", 1))
	semi.Dates = []marsad.DateRef{{Value: "2026-05-16", Granularity: marsad.GranularityDay}}
	mustAdd(t, c, semi)
	final := art("f1", "2026-05-22", "mena", "الأهلي بطلا لدوري أبطال أفريقيا",
		"توج النادي الأهلي المصري بلقب دوري أبطال أفريقيا بعد فوزه على الوداد في المباراة النهائية على استاد القاهرة الدولي وسجل وسام أبو علي الهدف الثاني.", person("وسام ابو علي", 1))
	final.Dates = []marsad.DateRef{{Value: "2026-05-22", Granularity: marsad.GranularityDay}}
	if got := mustAdd(t, c, final); !got.New {
		t.Errorf("final = %+v, want a story apart from the semi-final", got)
	}
}

func TestBadInput(t *testing.T) {
	ctx := context.Background()
	c := New(Options{})
	if _, err := c.Add(ctx, nil); !errors.Is(err, ErrNoID) {
		t.Errorf("nil article: err = %v", err)
	}
	if _, err := c.Add(ctx, &marsad.Article{Title: "x"}); !errors.Is(err, ErrNoID) {
		t.Errorf("no ID: err = %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := c.Add(cctx, art("z", "", "", "t", "x")); err == nil {
		t.Error("canceled context: no error")
	}
	mustAdd(t, c, art("a1", "2026-03-10", "petra", "الصفدي وحسين يبحثان في عمان مشروع أنبوب النفط", wireText))
	// A bare title may join a story by its words (never as a copy), with
	// twice the usual score.
	titleOnly := art("e2", "2026-03-10", "x", "الصفدي وحسين يبحثان في عمان مشروع أنبوب النفط", "")
	if got := mustAdd(t, c, titleOnly); got.StoryID != "sa1" || got.DuplicateOf != "" {
		t.Errorf("title only = %+v, want to join sa1 as original coverage", got)
	}
	if got := mustAdd(t, c, art("e6", "2026-03-10", "x", "الصفدي في عمان", "")); !got.New {
		t.Errorf("short title only = %+v, want a new story", got)
	}
	for _, a := range []*marsad.Article{
		art("e1", "2026-03-10", "x", "", ""),
		art("e3", "2026-03-10", "x", "Jordan and Iraq discuss the Basra-Aqaba pipeline", "Jordan's foreign minister Ayman Safadi met his Iraqi counterpart Fuad Hussein in Amman on Tuesday to discuss the oil pipeline from Basra to Aqaba."),
		art("e4", "not a date", "x", "عنوان", strings.Repeat("كلمة ", 100000)),
		art("e5", "2026-03-10", "x", "\x00\xff\xfe", "\x00\xff\xfe<<<>>>"),
	} {
		got := mustAdd(t, c, a)
		if !got.New || got.DuplicateOf != "" {
			t.Errorf("%s joined %s (score %.2f); odd input should start its own story", a.ID, got.StoryID, got.Score)
		}
	}
}

func TestSpamBurstIsBounded(t *testing.T) {
	c := New(Options{MaxStoryArticles: 200})
	start := time.Now()
	base := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)
	stories := map[string]int{}
	for i := 0; i < 3000; i++ {
		text := wireText + fmt.Sprintf("\n\nرقم الإعلان %d", i)
		a := art(fmt.Sprintf("spam%04d", i), base.Add(time.Duration(i)*time.Second).Format(time.RFC3339), "spam", fmt.Sprintf("عرض خاص %d", i), text)
		got := mustAdd(t, c, a)
		stories[got.StoryID]++
		if i > 0 && got.DuplicateOf != "spam0000" {
			t.Fatalf("spam %d = %+v, want a copy of spam0000", i, got)
		}
	}
	for id, n := range stories {
		if n > 200 {
			t.Errorf("story %s has %d articles, over the cap", id, n)
		}
	}
	// An unrelated article is not swallowed.
	if got := mustAdd(t, c, art("ahly", base.Add(time.Hour).Format(time.RFC3339), "mena", "الأهلي بطلا لأفريقيا", otherText)); !got.New {
		t.Errorf("unrelated article joined %s", got.StoryID)
	}
	if el := time.Since(start); el > 20*time.Second {
		t.Errorf("3000 spam items took %v", el)
	}
	t.Logf("3000 spam items in %v, %d stories", time.Since(start), len(stories))
}

func TestEviction(t *testing.T) {
	c := New(Options{Window: 24 * time.Hour})
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 400; i++ {
		txt := fmt.Sprintf("خبر رقم %d عن موضوع %d في مدينة %d مع تفاصيل كثيرة حول الحدث %d والمشاركين فيه وعددهم %d", i, i*7, i*13, i, i*3)
		mustAdd(t, c, art(fmt.Sprintf("e%03d", i), base.Add(time.Duration(i)*2*time.Hour).Format(time.RFC3339), "x", fmt.Sprintf("عنوان %d", i), txt))
	}
	docs, stories := c.Len()
	// 400 articles two hours apart over 800 hours; the window (plus the
	// eviction slack) holds at most a few days of them.
	if docs > 80 || stories > 80 {
		t.Errorf("window holds %d articles and %d stories after 400 adds over 33 days", docs, stories)
	}
}

func TestConcurrentAdd(t *testing.T) {
	c := New(Options{})
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				a := art(fmt.Sprintf("g%d-%d", g, i), "2026-03-10", "x", "الصفدي وحسين", wireText)
				if _, err := c.Add(context.Background(), a); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if docs, _ := c.Len(); docs != 200 {
		t.Errorf("%d articles held, want 200", docs)
	}
}

func TestStorySnapshotAndRestore(t *testing.T) {
	c := New(Options{})
	a := art("a1", "2026-03-10T09:00:00Z", "petra", "الصفدي وحسين يبحثان في عمان مشروع أنبوب النفط", wireText, person("ايمن الصفدي", 2))
	b := art("a2", "2026-03-10T10:00:00Z", "alrai", "وزيرا خارجية الأردن والعراق", wireText)
	mustAdd(t, c, a)
	mustAdd(t, c, b)
	s, ok := c.Story("sa1")
	if !ok || len(s.Articles) != 2 || s.Articles[1].DuplicateOf != "a1" || s.Title != a.Title {
		t.Fatalf("story = %+v, %v", s, ok)
	}
	// A restarted clusterer restored from the story continues it.
	c2 := New(Options{})
	c2.Restore(s.ID, []*marsad.Article{a, b}, []string{"", "a1"})
	cp := art("a3", "2026-03-10T12:00:00Z", "other", "عنوان", wireText)
	if got := mustAdd(t, c2, cp); got.StoryID != "sa1" || got.DuplicateOf != "a1" {
		t.Errorf("after restore: %+v", got)
	}
}

func TestPartsMeet(t *testing.T) {
	core := map[string]int{"حامض": 2, "ديجتياريف": 2}
	tests := []struct {
		name  string
		parts []string
		want  bool
	}{
		{"the same two", []string{"ديجتياريف", "حامض"}, true},
		{"the same two and a third", []string{"حامض", "ديجتياريف", "منصور"}, true},
		{"one of them with another guest", []string{"حامض", "منصور"}, false},
		{"others", []string{"منصور", "قاسم"}, false},
	}
	for _, tc := range tests {
		if got := partsMeet(tc.parts, core); got != tc.want {
			t.Errorf("%s: partsMeet = %v, want %v", tc.name, got, tc.want)
		}
	}
	if !partsMeet([]string{"حامض", "منصور"}, map[string]int{"حامض": 1}) {
		t.Error("a core naming one participant should meet an article naming him")
	}
}

// TestRecurringMinisterOtherMeeting: the same minister the same day in
// the same city, with another guest and another subject, is another
// event; a follow-up of the first meeting joins it.
func TestRecurringMinisterOtherMeeting(t *testing.T) {
	c := New(Options{})
	ev := func(guest string) []marsad.Event {
		return []marsad.Event{{Type: "meeting", Participants: []string{"سامي العبدالله", guest}, Place: "دمشق", Date: "2025-03-04"}}
	}
	text := func(guest, subject string) string {
		return "بحث وزير الطاقة السوري سامي العبدالله اليوم الثلاثاء في دمشق مع " + guest + " ملف الطاقة، ولا سيما " + subject +
			".\n\nوتعاني محطات التوليد من نقص في الوقود وقطع الغيار أدى إلى ساعات تقنين طويلة في عدد من المحافظات.\n\nوقال العبدالله إن قطاع الطاقة يحتل موقعاً بارزاً في المباحثات لما يمثله من أهمية في دعم مسار التعافي."
	}
	a := art("a", "2025-03-04T10:00:00Z", "وانا", "العبدالله يبحث مع يلينا بيتروفا محطة عين الزيتون الحرارية", text("يلينا بيتروفا", "محطة عين الزيتون الحرارية"),
		person("سامي العبدالله", 2), person("يلينا بيتروفا", 1))
	a.Events = ev("يلينا بيتروفا")
	b := art("b", "2025-03-04T15:00:00Z", "الخليج", "العبدالله يستقبل خالد النمر لبحث حقل تل القمح للغاز",
		"استقبل وزير الطاقة السوري سامي العبدالله في دمشق اليوم الثلاثاء وزير النفط الأردني خالد النمر، وبحث معه ملف الطاقة وتطوير حقل تل القمح للغاز.\n\nواتفق الجانبان على تشكيل لجنة فنية لدراسة ربط الحقل بخط الغاز العربي قبل نهاية العام.\n\nوقال النمر إن الأردن مستعد لتقديم الخبرات الفنية في مجال الاستكشاف.",
		person("سامي العبدالله", 2), person("خالد النمر", 1))
	b.Events = ev("خالد النمر")
	f := art("f", "2025-03-05T09:00:00Z", "البلد", "بيتروفا في دمشق: محطة عين الزيتون الحرارية أولوية", text("يلينا بيتروفا", "محطة عين الزيتون الحرارية"),
		person("سامي العبدالله", 1), person("يلينا بيتروفا", 2))
	f.Events = ev("يلينا بيتروفا")
	sa := mustAdd(t, c, a)
	sb := mustAdd(t, c, b)
	sf := mustAdd(t, c, f)
	if sb.StoryID == sa.StoryID {
		t.Errorf("the minister's other meeting joined the first (score %.3f)", sb.Score)
	}
	if sf.StoryID != sa.StoryID {
		t.Errorf("the follow-up did not join its meeting (score %.3f)", sf.Score)
	}
}
