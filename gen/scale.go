package gen

import (
	"math/rand/v2"
	"strings"
)

// The cast grows with the corpus. Real Arabic news at 100,000 articles a
// year names thousands of people, places and subjects; a fixed cast of
// 18 officials would put the same two ministers in dozens of distinct
// events a day. The rule (all deterministic from Seed and Count):
//
//   - stories = Count/5 (as Generate plans them), perDay = stories/Days;
//   - the recurring officials (the fixed cast of cast.go) host a share
//     min(0.6, 3/perDay) of the stories: about 3 of their stories a day
//     at any scale, so each of them still appears every week, in
//     different events, with the same titles and spellings;
//   - the other stories are hosted by generated officials: a pool of
//     max(12, stories/4) people (about 5,000 at 100k articles), each
//     with a first and family name, a portfolio and a country (a role
//     such as "وزير الزراعة الأردني"), some with a spelling variant; the
//     guest is another generated official or, one time in four, a
//     recurring one;
//   - places: the 12 cities of cast.go plus up to 60 more, 12 +
//     stories/200 of them (all 72 from 12,000 stories on);
//   - every story has a subject of its own (the facility, site or
//     agreement it is about: "محطة عين الزيتون الحرارية"), from a pool of
//     max(20, stories/2) subjects per corpus (up to 9,100), named in
//     its leads, in most titles and in a background sentence: the
//     distinctive, non-entity words of the event.
//
// Same-cast look-alikes remain: the recurring officials' events on
// nearby days, and generated officials met again in another event.
type scale struct {
	recurring float64
	people    []person
	places    []place
	subjects  []string // "{topic}|subject"
}

// Generated-name pools. Fictional combinations of common names.
var (
	firstNames  = []string{"خالد", "أحمد", "محمود", "يوسف", "عمر", "حسن", "علي", "سعيد", "ماجد", "فيصل", "نبيل", "وليد", "جمال", "عادل", "رياض", "زياد", "منير", "باسم", "هشام", "طلال", "سليم", "إبراهيم", "مصطفى", "عبد الله", "عبد الكريم", "ناصر", "فراس", "أنور", "كمال", "رشيد", "سامر", "مازن", "غسان", "بشير", "نادر", "عماد", "حازم", "لؤي", "معتز", "أيمن"}
	femaleNames = []string{"سلمى", "رنا", "هدى", "منى", "لينا", "دينا", "سعاد", "نادية", "ريم", "فاطمة", "مريم", "سوسن", "رغد", "جمانة", "وفاء", "أمل", "سهى", "ندى", "رشا", "عبير"}
	familyNames = []string{"النمر", "الحسيني", "الزعبي", "العطار", "الشامي", "المصري", "الحلبي", "البيطار", "الخوري", "حداد", "عيسى", "الأيوبي", "الرفاعي", "القباني", "الدباغ", "السيد", "الكردي", "التل", "المجالي", "الفايز", "الطراونة", "بن علي", "الصباغ", "الجزائري", "التونسي", "المغربي", "العمري", "الكبيسي", "الدليمي", "الجبوري", "الهاشمي", "الساعدي", "البرغوثي", "الشريف", "الغامدي", "العتيبي", "القحطاني", "الشمري", "المطيري", "الكعبي", "النعيمي", "الظاهري", "البوسعيدي", "الحارثي", "اليمني", "العولقي", "السقاف", "بن عيسى", "الفاسي", "العلوي", "بنكيران", "الإدريسي", "بوعزة", "بلقاسم", "حمدي", "عبد الرحمن", "فهمي", "شكري", "النجار", "الخياط"}
	portfolios  = []string{"الزراعة", "الصحة", "التربية", "التعليم العالي", "النقل", "الداخلية", "العدل", "المالية", "الاقتصاد", "الصناعة", "السياحة", "الثقافة", "الإعلام", "الاتصالات", "الإسكان", "الأشغال العامة", "الموارد المائية", "البيئة", "الشباب", "الأوقاف", "التخطيط", "الكهرباء", "النفط", "التجارة الخارجية"}
	countries   = []struct{ code, masc, fem string }{
		{"jo", "الأردني", "الأردنية"}, {"lb", "اللبناني", "اللبنانية"}, {"eg", "المصري", "المصرية"}, {"iq", "العراقي", "العراقية"},
		{"sa", "السعودي", "السعودية"}, {"ae", "الإماراتي", "الإماراتية"}, {"qa", "القطري", "القطرية"}, {"kw", "الكويتي", "الكويتية"},
		{"om", "العماني", "العمانية"}, {"dz", "الجزائري", "الجزائرية"}, {"ma", "المغربي", "المغربية"}, {"tn", "التونسي", "التونسية"},
		{"ly", "الليبي", "الليبية"}, {"sd", "السوداني", "السودانية"}, {"ye", "اليمني", "اليمنية"}, {"tr", "التركي", "التركية"},
		{"sy", "السوري", "السورية"}, {"ru", "الروسي", "الروسية"},
	}
	morePlaces = []place{
		{"درعا", "درعا", "sy"}, {"ادلب", "إدلب", "sy"}, {"دير الزور", "دير الزور", "sy"}, {"الرقه", "الرقة", "sy"}, {"حماه", "حماة", "sy"},
		{"السويداء", "السويداء", "sy"}, {"القامشلي", "القامشلي", "sy"}, {"اربد", "إربد", "jo"}, {"العقبه", "العقبة", "jo"}, {"الزرقاء", "الزرقاء", "jo"},
		{"طرابلس", "طرابلس", "lb"}, {"صيدا", "صيدا", "lb"}, {"صور", "صور", "lb"}, {"بعلبك", "بعلبك", "lb"}, {"الاسكندريه", "الإسكندرية", "eg"},
		{"اسوان", "أسوان", "eg"}, {"الاقصر", "الأقصر", "eg"}, {"بغداد", "بغداد", "iq"}, {"البصره", "البصرة", "iq"}, {"الموصل", "الموصل", "iq"},
		{"اربيل", "أربيل", "iq"}, {"النجف", "النجف", "iq"}, {"الرياض", "الرياض", "sa"}, {"جده", "جدة", "sa"}, {"الدمام", "الدمام", "sa"},
		{"ابوظبي", "أبوظبي", "ae"}, {"دبي", "دبي", "ae"}, {"الشارقه", "الشارقة", "ae"}, {"الدوحه", "الدوحة", "qa"}, {"الكويت", "الكويت", "kw"},
		{"مسقط", "مسقط", "om"}, {"صلاله", "صلالة", "om"}, {"المنامه", "المنامة", "bh"}, {"الجزائر", "الجزائر", "dz"}, {"وهران", "وهران", "dz"},
		{"قسنطينه", "قسنطينة", "dz"}, {"الرباط", "الرباط", "ma"}, {"الدار البيضاء", "الدار البيضاء", "ma"}, {"مراكش", "مراكش", "ma"}, {"طنجه", "طنجة", "ma"},
		{"تونس", "تونس", "tn"}, {"صفاقس", "صفاقس", "tn"}, {"سوسه", "سوسة", "tn"}, {"بنغازي", "بنغازي", "ly"}, {"مصراته", "مصراتة", "ly"},
		{"الخرطوم", "الخرطوم", "sd"}, {"بورتسودان", "بورتسودان", "sd"}, {"صنعاء", "صنعاء", "ye"}, {"عدن", "عدن", "ye"}, {"اسطنبول", "إسطنبول", "tr"},
		{"غازي عنتاب", "غازي عنتاب", "tr"}, {"نواكشوط", "نواكشوط", "mr"}, {"باريس", "باريس", "fr"}, {"برلين", "برلين", "de"}, {"روما", "روما", "it"},
		{"لندن", "لندن", "gb"}, {"بروكسل", "بروكسل", "eu"}, {"فيينا", "فيينا", "at"}, {"نيويورك", "نيويورك", "un"}, {"بكين", "بكين", "cn"},
	}
	// Site names for subjects: prefix + stem ("عين الزيتون").
	sitePrefixes = []string{"تل", "عين", "دير", "كفر", "بيت", "خان", "وادي", "رأس", "قصر", "بئر", "مرج", "جبل", "سهل", "نهر"}
	siteStems    = []string{"الزيتون", "السلطان", "البيضاء", "النخيل", "الحمراء", "الريحان", "الصفصاف", "العنب", "الذهب", "القمح", "الورد", "الرمان", "الغزلان", "النسور", "الحجر", "السنديان", "الكرمة", "الجوز", "البلوط", "الملح", "الرمل", "الصخر", "الشمس", "القمر", "النور", "الأمل", "الفرات", "العاصي", "الخابور", "الجبل", "البحر", "السهل", "الربيع", "الخير", "الهدى", "الشهباء", "الفيحاء", "الياسمين", "الزعتر", "التفاح"}
	// Subject templates per topic; %s is a site name.
	topicSubjects = map[string][]string{
		"military":       {"مناورات %s المشتركة", "قاعدة %s الجوية", "اتفاقية %s الدفاعية", "معسكر %s التدريبي"},
		"energy":         {"محطة %s الحرارية", "حقل %s للغاز", "مصفاة %s", "خط كهرباء %s"},
		"aid":            {"مخيم %s", "قافلة %s الإغاثية", "مستودعات %s", "مركز إيواء %s"},
		"trade":          {"معبر %s الحدودي", "المنطقة الحرة في %s", "سوق %s الجديدة", "معرض %s التجاري"},
		"ports":          {"رصيف %s", "ميناء %s الجاف", "محطة حاويات %s", "خط %s البحري"},
		"sport":          {"بطولة %s الدولية", "ملعب %s", "دورة %s الودية", "ماراثون %s"},
		"returns":        {"بلدة %s", "مجمع %s السكني", "قرية %s", "مدرسة %s"},
		"reconstruction": {"جسر %s", "مستشفى %s", "طريق %s", "مشروع %s السكني"},
	}
)

// newScale builds the cast of a corpus of the given size.
func newScale(opts Options, stories int) *scale {
	sc := &scale{}
	perDay := float64(stories) / float64(opts.Days)
	sc.recurring = 0.6
	if perDay > 0 && 3/perDay < sc.recurring {
		sc.recurring = 3 / perDay
	}
	r := rand.New(rand.NewPCG(opts.Seed, 0xC0FFEE))

	// People: distinct (first, family) pairs in a seeded order.
	nPeople := max(12, stories/4)
	nFirst := len(firstNames) + len(femaleNames)
	pairs := r.Perm(nFirst * len(familyNames))
	for i := 0; i < nPeople && i < len(pairs); i++ {
		fi, li := pairs[i]/len(familyNames), pairs[i]%len(familyNames)
		female := fi >= len(firstNames)
		first := ""
		if female {
			first = femaleNames[fi-len(firstNames)]
		} else {
			first = firstNames[fi]
		}
		last := familyNames[li]
		full := first + " " + last
		c := countries[r.IntN(len(countries))]
		port := portfolios[r.IntN(len(portfolios))]
		title, adj := "وزير", c.masc
		if female {
			title, adj = "وزيرة", c.fem
		}
		roles := []string{title + " " + port + " " + adj}
		if r.IntN(2) == 0 {
			roles = append(roles, title+" "+port)
		}
		variants := []string{full}
		if v := variant(full); v != full {
			variants = append(variants, v)
		}
		sc.people = append(sc.people, person{key: nameKey(full), variants: variants, short: []string{last}, female: female, roles: roles, country: c.code})
	}

	sc.places = append(sc.places, places...)
	for i := 0; i < stories/200 && i < len(morePlaces); i++ {
		sc.places = append(sc.places, morePlaces[i])
	}

	// Subjects: (topic, template, site) triples in a seeded order.
	var all []string
	for _, t := range topics {
		for _, tmpl := range topicSubjects[t.name] {
			for _, p := range sitePrefixes {
				for _, s := range siteStems {
					all = append(all, t.name+"|"+strings.Replace(tmpl, "%s", p+" "+s, 1))
				}
			}
		}
	}
	perm := r.Perm(len(all))
	for i := 0; i < max(20, stories/2) && i < len(perm); i++ {
		sc.subjects = append(sc.subjects, all[perm[i]])
	}
	return sc
}

// subjectFor picks a subject of topic t.
func (sc *scale) subjectFor(r *rand.Rand, t *topic) string {
	for range 64 {
		s := sc.subjects[r.IntN(len(sc.subjects))]
		if name, ok := strings.CutPrefix(s, t.name+"|"); ok {
			return name
		}
	}
	list := topicSubjects[t.name]
	return strings.Replace(list[r.IntN(len(list))], "%s", sitePrefixes[r.IntN(len(sitePrefixes))]+" "+siteStems[r.IntN(len(siteStems))], 1)
}

// variant is another common spelling of a name (ة/ه at the end of a
// word, أ/ا at the start), or the name itself.
func variant(s string) string {
	switch {
	case strings.Contains(s, "ة "), strings.HasSuffix(s, "ة"):
		return strings.ReplaceAll(s, "ة", "ه")
	case strings.Contains(s, "أ"):
		return strings.ReplaceAll(s, "أ", "ا")
	case strings.Contains(s, "عبد ال"):
		return strings.ReplaceAll(s, "عبد ال", "عبدال")
	}
	return s
}

// nameKey is the matching key of a name as the analyzer writes it:
// alef forms to ا, ة to ه.
func nameKey(s string) string {
	return strings.NewReplacer("أ", "ا", "إ", "ا", "آ", "ا", "ة", "ه").Replace(s)
}
