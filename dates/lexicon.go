package dates

// The word tables. Keys are in the normalized form of normWord (no
// diacritics or tatweel, alef forms folded to ا, ى to ي, ة to ه); the
// month tables are checked against Unicode CLDR (28 Arabic locales) in
// lexicon_test.go.

// lexClass is the role of a known word.
type lexClass uint8

const (
	cNone       lexClass = iota
	cMonthG              // Gregorian month name, val 1..12
	cKanun               // كانون (needs الأول/الثاني)
	cTishrin             // تشرين (needs الأول/الثاني)
	cMonthH              // Hijri month name, val 1..12
	cRabi                // ربيع (needs الأول/الآخر)
	cJumada              // جمادى (needs الأولى/الآخرة)
	cDhu                 // ذو/ذي (needs القعدة/الحجة)
	cDhuPart             // القعدة (11), الحجة (12)
	cOrd                 // ordinal word, val 1..10; val2 1 when it only qualifies month names
	cTeen                // عشر
	cTens                // العشرين (20), الثلاثين (30)
	cWeekday             // val = time.Weekday
	cMod                 // الماضي (-1), المقبل (+1), الجاري (0)
	cPeriod              // الأسبوع (1), الشهر (2), العام (3)
	cUnit                // duration unit, val unit, val2 count (0 plural, 1, 2)
	cNumWord             // ثلاثة.. عشرة, val
	cRelDay              // اليوم (0), أمس (-1), غدا (+1)...
	cEdge                // مطلع, منتصف, نهاية...
	cGhurra              // غرة, الفاتح: the first day
	cPrep                // في, خلال, حتى... (a bare month or year after it is a date)
	cSince               // منذ
	cAgo                 // قبل
	cAfter               // بعد
	cFrom                // من
	cTo                  // إلى, حتى, لغاية
	cBetween             // بين
	cAnd                 // و
	cYearWord            // عام, سنة, العام (val 1 when it takes the article)
	cShahr               // شهر
	cYaum                // يوم
	cHijriMark           // هـ, هجري, للهجرة
	cGregMark            // م, ميلادي, للميلاد
	cCorr                // الموافق
	cHourWord            // الساعة
	cAmPm                // val: 1 am, 2 pm, 3 noon, 4 night, 5 afternoon, 6 dawn
	cTZWord              // بتوقيت
	cCity                // val = index into tzCities
	cThis                // هذا, هذه
	cAl                  // the bare article ال (from الـ28)
	cAbout               // نحو, حوالي
	cNameBlock           // رؤية, كأس...: a following year is part of a name
	cNoDate              // words that block a preceding duration (من, على)
	cDual2               // عامي (بين عامي 2011 و2015)
	cBoth                // كلا, معا: الاثنين means "both", not Monday
	cAt                  // تمام, عند: words before الساعة
	cLabel               // بتاريخ, نشر: labels before a date line
	cDayPart             // ليلة, مساء, صباح: a weekday after it is a day
	cLam                 // ل (from لـ, "الموافق لـ")
	cOnly                // فقط, تقريبا: between a duration and من
	cTodayBlock          // ذلك, طوال, روسيا: اليوم after it is not today
	cDays                // يومي (يومي 21 و22 نوفمبر): a pair of days
	cPart                // النصف, الثلث: "النصف الثاني من نوفمبر" is a part of the month
)

type lexEntry struct {
	cls  lexClass
	val  int8
	val2 int8
}

type lexItem struct {
	word string
	e    lexEntry
}

func e(c lexClass, v int) lexEntry { return lexEntry{cls: c, val: int8(v)} }

// gregorianMonths lists the Gregorian month names of all naming systems
// (Egyptian/Gulf, Maghrebi, Moroccan) with their spelling variants.
var gregorianMonths = map[int][]string{
	1:  {"يناير", "جانفي", "جانفييه", "ينايِر", "يناير"},
	2:  {"فبراير", "فيفري", "فبرير", "فبرايِر", "فيبراير"},
	3:  {"مارس", "مارِس"},
	4:  {"ابريل", "أبريل", "إبريل", "افريل", "أفريل", "ابريـل"},
	5:  {"مايو", "مايّو", "ماي", "مايِو"},
	6:  {"يونيو", "يونيه", "جوان", "يونيـو"},
	7:  {"يوليو", "يوليه", "جويلية", "جويليه", "يوليوز", "جويلييه"},
	8:  {"اغسطس", "أغسطس", "آغسطس", "اوت", "أوت", "غشت", "أغشت", "اغسطوس", "أغسطوس"},
	9:  {"سبتمبر", "شتنبر", "سيبتمبر", "شتمبر"},
	10: {"اكتوبر", "أكتوبر", "أكتوبـر", "إكتوبر"},
	11: {"نوفمبر", "نونبر", "نوفمير", "نوڤمبر"},
	12: {"ديسمبر", "دجنبر", "دیسمبر", "دسمبر", "دجمبر"},
}

// levantineMonths are the single-word Levantine/Iraqi month names; the
// two-word ones (كانون الثاني, تشرين الأول ...) are built from cKanun and
// cTishrin.
var levantineMonths = map[int][]string{
	2: {"شباط"},
	3: {"اذار", "آذار"},
	4: {"نيسان"},
	5: {"ايار", "أيار"},
	6: {"حزيران"},
	7: {"تموز"},
	8: {"اب", "آب"},
	9: {"ايلول", "أيلول"},
}

// latinMonths are English and French month names, found in the bylines of
// bilingual and Maghrebi sites ("17 November 2025", "8 février 2019").
var latinMonths = map[int][]string{
	1:  {"january", "jan", "janvier"},
	2:  {"february", "feb", "février", "fevrier"},
	3:  {"march", "mar", "mars"},
	4:  {"april", "apr", "avril"},
	5:  {"may", "mai"},
	6:  {"june", "jun", "juin"},
	7:  {"july", "jul", "juillet"},
	8:  {"august", "aug", "août", "aout"},
	9:  {"september", "sep", "sept", "septembre"},
	10: {"october", "oct", "octobre"},
	11: {"november", "nov", "novembre"},
	12: {"december", "dec", "décembre", "decembre"},
}

// hijriMonths are the single-word Hijri month names.
var hijriMonths = map[int][]string{
	1:  {"محرم", "المحرم", "محرّم"},
	2:  {"صفر"},
	7:  {"رجب"},
	8:  {"شعبان"},
	9:  {"رمضان"},
	10: {"شوال"},
	11: {"ذوالقعدة", "ذيالقعدة"},
	12: {"ذوالحجة", "ذيالحجة"},
}

func lexItems() []lexItem {
	var items []lexItem
	add := func(c lexClass, v int, words ...string) {
		for _, w := range words {
			items = append(items, lexItem{w, e(c, v)})
		}
	}
	for m, ws := range gregorianMonths {
		add(cMonthG, m, ws...)
	}
	for m, ws := range levantineMonths {
		add(cMonthG, m, ws...)
	}
	for m, ws := range latinMonths {
		add(cMonthG, m, ws...)
	}
	for m, ws := range hijriMonths {
		add(cMonthH, m, ws...)
	}
	add(cKanun, 0, "كانون")
	add(cTishrin, 0, "تشرين")
	add(cRabi, 0, "ربيع")
	add(cJumada, 0, "جمادى", "جماد", "جمادي")
	add(cDhu, 0, "ذو", "ذي")
	add(cDhuPart, 11, "القعدة", "القعده")
	add(cDhuPart, 12, "الحجة", "الحجه")

	ords := []string{"", "الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر"}
	for v, w := range ords {
		if w != "" {
			add(cOrd, v, w)
		}
	}
	add(cOrd, 1, "الحادي")
	// Forms that only qualify month names (ربيع الآخر, جمادى الأولى ...).
	for _, it := range []struct {
		w string
		v int
	}{{"الأولى", 1}, {"الاولي", 1}, {"الثانية", 2}, {"الآخر", 2}, {"الآخرة", 2}, {"أول", 1}, {"ثاني", 2}, {"الثانى", 2}} {
		items = append(items, lexItem{it.w, lexEntry{cls: cOrd, val: int8(it.v), val2: 1}})
	}
	add(cTeen, 10, "عشر", "عشرة")
	add(cTens, 20, "العشرين", "العشرون")
	add(cTens, 30, "الثلاثين", "الثلاثون")

	add(cWeekday, 0, "الأحد")
	add(cWeekday, 1, "الاثنين", "الإثنين", "الأثنين", "الاتنين")
	add(cWeekday, 2, "الثلاثاء", "الثلثاء")
	add(cWeekday, 3, "الأربعاء", "الاربعاء")
	add(cWeekday, 4, "الخميس")
	add(cWeekday, 5, "الجمعة")
	add(cWeekday, 6, "السبت")

	add(cMod, -1, "الماضي", "الماضية", "الفائت", "الفائتة", "المنصرم", "المنصرمة", "المنقضي", "المنقضية", "السابق", "السابقة", "المنتهي", "الفارط", "الفارطة")
	add(cMod, 1, "المقبل", "المقبلة", "القادم", "القادمة", "الآتي", "الآتية")
	for _, w := range []string{"الماضيين", "الماضيتين", "الفائتين", "المنصرمين", "المنقضيين", "الفارطين"} {
		items = append(items, lexItem{w, lexEntry{cls: cMod, val: -1, val2: 2}})
	}
	for _, w := range []string{"القادمين", "المقبلين", "القادمتين", "المقبلتين"} {
		items = append(items, lexItem{w, lexEntry{cls: cMod, val: 1, val2: 2}})
	}
	add(cLam, 0, "ل")
	add(cDays, 0, "يومي", "أيام")
	add(cPart, 0, "النصف", "الثلث", "الربع", "العشرية", "العشر", "الأيام")
	add(cTodayBlock, 0, "في", "ذلك", "تلك", "طوال", "طيلة", "خلال", "مدار", "طول", "مثل", "روسيا", "المصري", "أخبار", "اخبار")
	add(cOnly, 0, "فقط", "فحسب", "تقريبا", "تقريباً", "واحدة", "واحد", "كاملة", "كاملين", "أو", "اكثر")
	add(cMod, 0, "الجاري", "الجارية", "الحالي", "الحالية")

	add(cPeriod, 1, "الأسبوع", "الاسبوع")
	add(cPeriod, 2, "الشهر")
	add(cPeriod, 3, "العام", "السنة")

	unit := func(u, count int, words ...string) {
		for _, w := range words {
			items = append(items, lexItem{w, lexEntry{cls: cUnit, val: int8(u), val2: int8(count)}})
		}
	}
	unit(uMinute, 1, "دقيقة", "دقيقه")
	unit(uMinute, 0, "دقائق")
	unit(uMinute, 2, "دقيقتين", "دقيقتان")
	unit(uHour, 1, "ساعة")
	unit(uHour, 0, "ساعات")
	unit(uHour, 2, "ساعتين", "ساعتان")
	unit(uDay, 1, "يوم", "يوما", "يوماً")
	unit(uDay, 0, "أيام", "ايام")
	unit(uDay, 2, "يومين", "يومان")
	unit(uWeek, 1, "أسبوع", "اسبوع", "أسبوعا", "اسبوعا")
	unit(uWeek, 0, "أسابيع", "اسابيع")
	unit(uWeek, 2, "أسبوعين", "اسبوعين", "أسبوعان")
	unit(uMonth, 1, "شهر", "شهرا")
	unit(uMonth, 0, "أشهر", "شهور", "اشهر")
	unit(uMonth, 2, "شهرين", "شهران")
	unit(uYear, 1, "عام", "عاما", "سنة", "سنه")
	unit(uYear, 0, "أعوام", "سنوات", "سنين", "اعوام")
	unit(uYear, 2, "عامين", "عامان", "سنتين", "سنتان")

	add(cNumWord, 3, "ثلاث", "ثلاثة")
	add(cNumWord, 4, "أربع", "أربعة")
	add(cNumWord, 5, "خمس", "خمسة")
	add(cNumWord, 6, "ست", "ستة")
	add(cNumWord, 7, "سبع", "سبعة")
	add(cNumWord, 8, "ثماني", "ثمانية", "ثمان")
	add(cNumWord, 9, "تسع", "تسعة")
	add(cNumWord, 10, "عشر", "عشرة")

	add(cRelDay, 0, "اليوم")
	add(cRelDay, -1, "أمس", "الأمس", "البارحة")
	add(cRelDay, 1, "غدا", "غداً", "الغد", "غد")

	add(cEdge, 0, "مطلع", "مستهل", "بداية", "بدايات", "أوائل", "منتصف", "أواسط", "وسط", "نهاية", "أواخر", "أواخر", "ختام", "آخر", "بحلول", "اواخر")
	add(cGhurra, 1, "غرة", "الفاتح")

	add(cPrep, 0, "في", "خلال", "حتى", "طيلة", "طوال", "إلى", "الى", "وفي", "ففي")
	add(cSince, 0, "منذ", "مذ")
	add(cAgo, 0, "قبل")
	add(cAfter, 0, "بعد")
	add(cFrom, 0, "من")
	add(cBetween, 0, "بين")
	add(cAnd, 0, "و")
	items = append(items, lexItem{"عام", lexEntry{cls: cYearWord, val: 0}})
	items = append(items, lexItem{"سنة", lexEntry{cls: cYearWord, val: 0}})
	add(cDual2, 0, "عامي", "سنتي")
	add(cShahr, 0, "شهر")
	add(cYaum, 0, "يوم", "نهار")
	add(cHijriMark, 0, "ه", "هـ", "هجري", "هجرية", "الهجري", "الهجرية", "للهجرة", "هجريا")
	add(cGregMark, 0, "م", "ميلادي", "ميلادية", "الميلادي", "الميلادية", "للميلاد", "ميلاديا")
	add(cCorr, 0, "الموافق", "الموافقة", "الموافق", "يوافق", "الموافـق")
	add(cHourWord, 0, "الساعة", "ساعة")
	add(cAmPm, 1, "صباحا", "صباحاً", "صباح", "ص", "فجرا", "فجرًا")
	add(cAmPm, 2, "م", "مساء", "مساءً", "مساءا", "عصرا", "ليلا", "ليلاً", "مساءً")
	add(cAmPm, 1, "am")
	add(cAmPm, 2, "pm")
	add(cAmPm, 3, "ظهرا", "ظهراً", "ظهر")
	add(cTZWord, 0, "بتوقيت", "توقيت", "بالتوقيت")
	for i, c := range tzCities {
		for _, w := range c.words {
			add(cCity, i, w)
		}
	}
	add(cThis, 0, "هذا", "هذه")
	add(cAl, 0, "ال")
	add(cAbout, 0, "نحو", "حوالي", "حوالى", "قرابة", "زهاء")
	add(cNameBlock, 0, "رؤية", "رؤيه", "كأس", "مونديال", "المونديال", "أولمبياد", "اولمبياد", "بطولة", "إكسبو", "اكسبو", "دوري", "طراز", "موديل", "نسخة", "إصدار", "اصدار", "استراتيجية", "إستراتيجية", "خطة", "أجندة", "رؤيتها", "ورؤية", "لرؤية", "برؤية", "بطولات", "كاس", "يورو", "قرار", "القرار", "رقم", "عدد")
	add(cNoDate, 0, "على", "علي")
	add(cTo, 0, "إلى", "الى", "حتى", "لغاية", "غاية", "ولغاية")
	add(cBoth, 0, "كلا", "كلتا", "معا", "معاً", "منهما", "هذين", "هذان", "لكلا")
	add(cAt, 0, "تمام", "عند", "حدود", "حوالي")
	add(cLabel, 0, "بتاريخ", "تاريخ", "التاريخ", "نشر", "نشرت", "النشر", "تحديث", "التحديث", "آخر", "تم", "في", "يوم", "مساء", "صباح", "ليلة", "فجر", "published", "updated")
	add(cDayPart, 0, "ليلة", "مساء", "صباح", "فجر", "ظهر", "عصر", "ظهيرة", "عشية", "صبيحة", "نهار", "ليل", "منذ", "في", "حتى", "يوم")
	add(cJumada, 0, "ج")
	add(cRabi, 0, "ر")
	return items
}

// Duration units.
const (
	uMinute = iota + 1
	uHour
	uDay
	uWeek
	uMonth
	uYear
)

// tzCities maps the place names used in "بتوقيت X" to IANA zones.
var tzCities = []struct {
	words []string
	zone  string
}{
	{[]string{"غرينتش", "غرينيتش", "جرينتش", "جرينيتش", "غرنتش", "gmt", "utc"}, "UTC"},
	{[]string{"دمشق", "سوريا", "سورية"}, "Asia/Damascus"},
	{[]string{"القاهرة", "مصر"}, "Africa/Cairo"},
	{[]string{"بيروت", "لبنان"}, "Asia/Beirut"},
	{[]string{"بغداد", "العراق"}, "Asia/Baghdad"},
	{[]string{"الرياض", "السعودية", "مكة", "المكرمة", "جدة"}, "Asia/Riyadh"},
	{[]string{"القدس", "فلسطين", "غزة", "رام"}, "Asia/Jerusalem"},
	{[]string{"عمان", "عمّان", "الأردن"}, "Asia/Amman"},
	{[]string{"الدوحة", "قطر"}, "Asia/Qatar"},
	{[]string{"الكويت"}, "Asia/Kuwait"},
	{[]string{"أبوظبي", "ابوظبي", "دبي", "الإمارات", "الامارات"}, "Asia/Dubai"},
	{[]string{"المنامة", "البحرين"}, "Asia/Bahrain"},
	{[]string{"مسقط", "السلطنة"}, "Asia/Muscat"},
	{[]string{"صنعاء", "اليمن", "عدن"}, "Asia/Aden"},
	{[]string{"الخرطوم", "السودان"}, "Africa/Khartoum"},
	{[]string{"طرابلس", "ليبيا"}, "Africa/Tripoli"},
	{[]string{"تونس"}, "Africa/Tunis"},
	{[]string{"الجزائر"}, "Africa/Algiers"},
	{[]string{"الرباط", "المغرب"}, "Africa/Casablanca"},
	{[]string{"نواكشوط", "موريتانيا"}, "Africa/Nouakchott"},
	{[]string{"أنقرة", "إسطنبول", "اسطنبول", "تركيا"}, "Europe/Istanbul"},
	{[]string{"طهران", "إيران"}, "Asia/Tehran"},
	{[]string{"موسكو"}, "Europe/Moscow"},
}
