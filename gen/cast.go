package gen

// The cast of the generated corpus: outlets, people, organizations, places
// and topics. All outlets are fictional (.example domains). Most people
// are fictional; a few names come from the founding example so the
// corpus exercises the same spelling variants (زاخاروفا/زخاروفا,
// يفكيروف/يفكوروف). Statements are generic diplomatic boilerplate written
// for this generator.

// outlet is a news site of the generated corpus.
type outlet struct {
	id, name, domain string
	// wire outlets publish the originals that others copy.
	wire bool
	// credit is how others credit the outlet when they copy it.
	credit string
	// months is the month-naming habit: "gregorian", "levant", "both",
	// "maghreb"; digits "arabic-indic" or "latin".
	months, digits string
	// hijri outlets add the Hijri date to the header.
	hijri bool
	// copyRate is the chance that the outlet republishes the wire text
	// instead of writing its own story.
	copyRate float64
	sections []string
}

var outlets = []outlet{
	{id: "wana", name: "وكالة الأنباء العربية الموحدة", domain: "wana.example", wire: true, credit: "وانا", months: "both", digits: "latin", sections: []string{"politics", "economy"}},
	{id: "daily", name: "المرصد اليومي", domain: "daily-observer.example", months: "levant", digits: "arabic-indic", copyRate: 0.5, sections: []string{"syria", "world"}},
	{id: "sharq", name: "صحيفة الشرق اليوم", domain: "sharq-today.example", months: "gregorian", digits: "latin", copyRate: 0.3, sections: []string{"news", "arab"}},
	{id: "anews", name: "شبكة الأخبار العربية", domain: "arab-news-net.example", months: "both", digits: "latin", copyRate: 0.4, sections: []string{"middle-east"}},
	{id: "balad", name: "موقع البلد", domain: "albalad.example", months: "levant", digits: "latin", copyRate: 0.6, sections: []string{"local", "politics"}},
	{id: "maghrib", name: "المغرب الإخباري", domain: "maghrib-news.example", months: "maghreb", digits: "latin", copyRate: 0.3, sections: []string{"international"}},
	{id: "khaleej", name: "الخليج الآن", domain: "khaleej-now.example", months: "gregorian", digits: "arabic-indic", hijri: true, copyRate: 0.4, sections: []string{"arab-world"}},
	{id: "nahar", name: "النهار الرقمي", domain: "nahar-digital.example", months: "both", digits: "latin", copyRate: 0.2, sections: []string{"politics", "analysis"}},
}

// person is a named official. key is the canonical matching form (as the
// analyzer should produce it: normalized, without titles); variants are
// full-name spellings, short the family-name forms.
type person struct {
	key      string
	variants []string
	short    []string
	female   bool
	roles    []string
	country  string
	org      string // organization key the person speaks for, if any
}

var people = []person{
	{key: "مرهف ابو قصره", variants: []string{"مرهف أبو قصرة", "مرهف ابو قصرة"}, short: []string{"أبو قصرة"}, roles: []string{"وزير الدفاع السوري", "وزير الدفاع في الحكومة السورية"}, country: "sy"},
	{key: "يونس بك يفكيروف", variants: []string{"يونس بك يفكيروف", "يونس بك يفكوروف", "يونس يفكيروف"}, short: []string{"يفكيروف", "يفكوروف"}, roles: []string{"نائب وزير الدفاع الروسي"}, country: "ru"},
	{key: "ماريا زاخاروفا", variants: []string{"ماريا زاخاروفا", "ماريا زخاروفا"}, short: []string{"زاخاروفا", "زخاروفا"}, female: true, roles: []string{"المتحدثة باسم الخارجية الروسية", "المتحدثة الرسمية باسم وزارة الخارجية الروسية"}, country: "ru", org: "وزاره الخارجيه الروسيه"},
	{key: "دميتري بيسكوف", variants: []string{"دميتري بيسكوف", "ديمتري بيسكوف"}, short: []string{"بيسكوف"}, roles: []string{"المتحدث باسم الكرملين", "المتحدث الرسمي باسم الرئاسة الروسية"}, country: "ru", org: "الكرملين"},
	{key: "محمد سامح حامض", variants: []string{"محمد سامح حامض"}, short: []string{"حامض"}, roles: []string{"وزير الرياضة السوري"}, country: "sy"},
	{key: "ميخائيل ديجتياريف", variants: []string{"ميخائيل ديجتياريف", "ميخائيل ديغتياريف"}, short: []string{"ديجتياريف", "ديغتياريف"}, roles: []string{"وزير الرياضة الروسي"}, country: "ru"},
	{key: "سامي العبدالله", variants: []string{"سامي العبدالله", "سامي العبد الله"}, short: []string{"العبدالله", "العبد الله"}, roles: []string{"وزير الطاقة السوري", "وزير الطاقة"}, country: "sy"},
	{key: "هاله السعدي", variants: []string{"هالة السعدي", "هاله السعدي"}, short: []string{"السعدي"}, female: true, roles: []string{"المتحدثة باسم الهلال الأحمر", "مديرة العمليات في الهلال الأحمر"}, country: "sy", org: "الهلال الاحمر"},
	{key: "كريم بن سالم", variants: []string{"كريم بن سالم", "كريم بنسالم"}, short: []string{"بن سالم"}, roles: []string{"المبعوث الأممي الخاص", "مبعوث الأمم المتحدة"}, country: "un", org: "الامم المتحده"},
	{key: "اوليغ تشيرنوف", variants: []string{"أوليغ تشيرنوف", "أوليج تشيرنوف", "اوليغ تشرنوف"}, short: []string{"تشيرنوف", "تشرنوف"}, roles: []string{"السفير الروسي في دمشق", "سفير روسيا لدى سوريا"}, country: "ru"},
	{key: "ليلى منصور", variants: []string{"ليلى منصور", "ليلي منصور"}, short: []string{"منصور"}, female: true, roles: []string{"وزيرة الشؤون الاجتماعية والعمل", "وزيرة الشؤون الاجتماعية"}, country: "sy"},
	{key: "طارق الخطيب", variants: []string{"طارق الخطيب"}, short: []string{"الخطيب"}, roles: []string{"محافظ حلب"}, country: "sy"},
	{key: "انطونيو فيريرا", variants: []string{"أنطونيو فيريرا", "انطونيو فيرايرا"}, short: []string{"فيريرا", "فيرايرا"}, roles: []string{"منسق الشؤون الإنسانية في الأمم المتحدة", "المنسق الأممي للشؤون الإنسانية"}, country: "un", org: "الامم المتحده"},
	{key: "يلينا بيتروفا", variants: []string{"يلينا بيتروفا", "إيلينا بتروفا", "يلينا بتروفا"}, short: []string{"بيتروفا", "بتروفا"}, female: true, roles: []string{"نائبة وزير الطاقة الروسي"}, country: "ru"},
	{key: "عبد الرحمن القاضي", variants: []string{"عبد الرحمن القاضي", "عبدالرحمن القاضي"}, short: []string{"القاضي"}, roles: []string{"رئيس غرفة تجارة دمشق"}, country: "sy", org: "غرفه تجاره دمشق"},
	{key: "رامي سليمان", variants: []string{"رامي سليمان"}, short: []string{"سليمان"}, roles: []string{"المدير العام للموانئ السورية", "مدير عام الموانئ"}, country: "sy"},
	{key: "نور الهدى قاسم", variants: []string{"نور الهدى قاسم", "نورالهدى قاسم"}, short: []string{"قاسم"}, female: true, roles: []string{"وزيرة الإدارة المحلية", "وزيرة الإدارة المحلية والبيئة"}, country: "sy"},
	{key: "فلاديمير سوكولوف", variants: []string{"فلاديمير سوكولوف", "فلاديمير سوكولف"}, short: []string{"سوكولوف"}, roles: []string{"نائب وزير النقل الروسي"}, country: "ru"},
}

// org is an organization named in the corpus.
type org struct {
	key, name string
	variants  []string
}

var orgs = []org{
	{key: "وزاره الخارجيه الروسيه", name: "وزارة الخارجية الروسية", variants: []string{"وزارة الخارجية الروسية", "الخارجية الروسية"}},
	{key: "الكرملين", name: "الكرملين", variants: []string{"الكرملين"}},
	{key: "الهلال الاحمر", name: "الهلال الأحمر العربي السوري", variants: []string{"الهلال الأحمر العربي السوري", "الهلال الأحمر السوري"}},
	{key: "الامم المتحده", name: "الأمم المتحدة", variants: []string{"الأمم المتحدة", "منظمة الأمم المتحدة"}},
	{key: "غرفه تجاره دمشق", name: "غرفة تجارة دمشق", variants: []string{"غرفة تجارة دمشق"}},
	{key: "وزاره الدفاع السوريه", name: "وزارة الدفاع السورية", variants: []string{"وزارة الدفاع السورية", "وزارة الدفاع"}},
	{key: "جامعه الدول العربيه", name: "جامعة الدول العربية", variants: []string{"جامعة الدول العربية", "الجامعة العربية"}},
	{key: "برنامج الاغذيه العالمي", name: "برنامج الأغذية العالمي", variants: []string{"برنامج الأغذية العالمي"}},
}

// place is a city named in the corpus.
type place struct {
	key, name string
	country   string
}

var places = []place{
	{key: "دمشق", name: "دمشق", country: "sy"},
	{key: "موسكو", name: "موسكو", country: "ru"},
	{key: "حلب", name: "حلب", country: "sy"},
	{key: "اللاذقيه", name: "اللاذقية", country: "sy"},
	{key: "طرطوس", name: "طرطوس", country: "sy"},
	{key: "حمص", name: "حمص", country: "sy"},
	{key: "عمان", name: "عمّان", country: "jo"},
	{key: "بيروت", name: "بيروت", country: "lb"},
	{key: "القاهره", name: "القاهرة", country: "eg"},
	{key: "جنيف", name: "جنيف", country: "un"},
	{key: "انقره", name: "أنقرة", country: "tr"},
	{key: "سوتشي", name: "سوتشي", country: "ru"},
}

// topic is what a story is about: phrases for titles and leads, and
// sentences for background, quotes and reported speech.
type topic struct {
	name     string
	category string
	title    []string // noun phrases for titles: "التعاون العسكري"
	lead     []string // "سبل تعزيز التعاون العسكري بين البلدين"
	facts    []string // background sentences
	quotes   []string // direct quotes (without quotation marks)
	reported []string // reported speech after "أن"
	kinds    []string // event kinds: meeting, visit, statement
	roles    []int    // indexes of people likely involved (host first)
}

var topics = []topic{
	{
		name: "military", category: "سياسة",
		title: []string{"التعاون العسكري", "التنسيق العسكري", "الملفات العسكرية المشتركة"},
		lead:  []string{"سبل تعزيز التعاون العسكري وآليات التنسيق بين الجانبين", "ملفات التعاون العسكري وسبل تطويره بما يخدم المصالح المشتركة"},
		facts: []string{
			"وتضم الزيارة وفداً يضم نحو {n} شخصية من وزارات وهيئات مختلفة، في زيارة وُصفت بأنها الأضخم منذ سنوات.",
			"واستعرض الطرفان ملفات التدريب وتبادل الخبرات وآليات التنسيق الميداني بين القوات.",
			"ويأتي اللقاء في إطار مسار من الاتصالات العسكرية بين البلدين تكثف خلال الأشهر الأخيرة.",
			"وتناولت المباحثات كذلك ملف القواعد والمنشآت المشتركة ومستقبل الاتفاقات الموقعة سابقاً.",
		},
		quotes: []string{
			"نعمل على بناء شراكة دفاعية تقوم على الاحترام المتبادل والسيادة الوطنية",
			"التنسيق بين الجانبين مستمر على جميع المستويات",
			"هذه الزيارة خطوة مهمة في تطوير التعاون العسكري بين بلدينا",
		},
		reported: []string{
			"التعاون العسكري يشكل ركيزة أساسية في العلاقات الثنائية",
			"الجانبين اتفقا على مواصلة الاجتماعات الدورية بين اللجان المختصة",
		},
		kinds: []string{"meeting", "visit"},
		roles: []int{0, 1, 9},
	},
	{
		name: "energy", category: "اقتصاد",
		title: []string{"ملف الطاقة", "النفط والغاز", "إعادة تأهيل محطات الكهرباء"},
		lead:  []string{"ملف النفط والغاز وإعادة تأهيل محطات توليد الكهرباء", "سبل التعاون في قطاع الطاقة وتأمين المشتقات النفطية"},
		facts: []string{
			"ويشكل ملف النفط والغاز محوراً رئيسياً في أجندة التعاون الثنائي خلال المرحلة الراهنة.",
			"وتعاني محطات التوليد من نقص في الوقود وقطع الغيار أدى إلى ساعات تقنين طويلة في عدد من المحافظات.",
			"وبحث الجانبان إمكانية إنشاء محطة جديدة بقدرة {n} ميغاواط في ريف المحافظة.",
			"وتقدر الخسائر التي لحقت بقطاع الطاقة خلال سنوات الحرب بمليارات الدولارات.",
		},
		quotes: []string{
			"قطاع الطاقة يحتل موقعاً بارزاً في المباحثات لما يمثله من أهمية في دعم مسار التعافي",
			"نتطلع إلى تحسن ملموس في ساعات التغذية الكهربائية خلال الأشهر المقبلة",
			"الاتفاق يفتح الباب أمام استثمارات جديدة في قطاع النفط والغاز",
		},
		reported: []string{
			"الحكومة تعمل على خطة لإعادة تأهيل الشبكة الكهربائية على مراحل",
			"توريدات الوقود ستستأنف بشكل منتظم خلال الفترة المقبلة",
		},
		kinds: []string{"meeting", "visit", "statement"},
		roles: []int{6, 13, 2},
	},
	{
		name: "aid", category: "شؤون إنسانية",
		title: []string{"المساعدات الإنسانية", "إيصال المساعدات", "الاستجابة الإنسانية"},
		lead:  []string{"آليات إيصال المساعدات الإنسانية إلى المناطق المتضررة", "احتياجات الأسر المتضررة وخطط الاستجابة الإنسانية"},
		facts: []string{
			"ودخلت خلال الأسبوع الماضي قافلة تضم {n} شاحنة محملة بالمواد الغذائية والطبية.",
			"وتشير تقديرات الأمم المتحدة إلى أن ملايين الأشخاص ما زالوا بحاجة إلى المساعدة.",
			"وتركز خطة الاستجابة على الغذاء والمياه والرعاية الصحية ومستلزمات الشتاء.",
			"وشارك في توزيع المساعدات متطوعون من المنظمات المحلية في عدة مناطق.",
		},
		quotes: []string{
			"الاحتياجات الإنسانية ما زالت كبيرة ونحتاج إلى دعم عاجل من المانحين",
			"وصول المساعدات يجب أن يكون آمناً ومن دون عوائق",
			"فرقنا تعمل على مدار الساعة للوصول إلى الأسر الأكثر حاجة",
		},
		reported: []string{
			"المنظمة ستوسع عملياتها لتشمل مناطق جديدة",
			"التمويل المتاح لا يغطي سوى جزء من الاحتياجات",
		},
		kinds: []string{"visit", "statement", "meeting"},
		roles: []int{7, 12, 8},
	},
	{
		name: "trade", category: "اقتصاد",
		title: []string{"التبادل التجاري", "العلاقات الاقتصادية", "الاستثمار المشترك"},
		lead:  []string{"سبل زيادة حجم التبادل التجاري وتسهيل حركة البضائع", "فرص الاستثمار المشترك وتذليل العقبات أمام رجال الأعمال"},
		facts: []string{
			"وبلغ حجم التبادل التجاري بين البلدين العام الماضي نحو {n} مليون دولار.",
			"واتفق الجانبان على عقد ملتقى لرجال الأعمال في الربع الأول من العام المقبل.",
			"وتناول اللقاء تسهيل إجراءات الشحن والتأشيرات للتجار والمستثمرين.",
			"ويطالب التجار بإعادة فتح المعابر الحدودية وتخفيض رسوم العبور.",
		},
		quotes: []string{
			"هناك فرص حقيقية للاستثمار في مختلف القطاعات",
			"نسعى إلى مضاعفة حجم التبادل التجاري خلال عامين",
			"القطاع الخاص شريك أساسي في مرحلة التعافي الاقتصادي",
		},
		reported: []string{
			"غرفة التجارة ستشكل لجنة مشتركة لمتابعة تنفيذ الاتفاقات",
			"العقوبات ما زالت تعرقل التحويلات المالية",
		},
		kinds: []string{"meeting", "visit"},
		roles: []int{14, 9, 6},
	},
	{
		name: "ports", category: "اقتصاد",
		title: []string{"تطوير الموانئ", "النقل البحري", "خطوط النقل"},
		lead:  []string{"خطط تطوير الموانئ وزيادة طاقتها الاستيعابية", "إعادة تشغيل خطوط النقل البحري والبري بين البلدين"},
		facts: []string{
			"واستقبل الميناء خلال الشهر الماضي نحو {n} سفينة تجارية.",
			"وتشمل الخطة توسيع الأرصفة وتحديث معدات المناولة وأنظمة التتبع.",
			"وتسعى الحكومة إلى جذب شركات ملاحة دولية للعمل في الموانئ السورية.",
		},
		quotes: []string{
			"الموانئ بوابة الاقتصاد الوطني ونعمل على تحديثها بالكامل",
			"نتوقع ارتفاع حركة الشحن بعد استكمال أعمال التوسعة",
		},
		reported: []string{
			"أعمال التوسعة ستنتهي قبل نهاية العام المقبل",
			"الاتفاق يشمل تدريب الكوادر الفنية",
		},
		kinds: []string{"visit", "meeting"},
		roles: []int{15, 17, 9},
	},
	{
		name: "sport", category: "رياضة",
		title: []string{"التعاون الرياضي", "تبادل الخبرات الرياضية"},
		lead:  []string{"آفاق التعاون الرياضي وتبادل الخبرات", "برامج التعاون في مجال الرياضة والشباب"},
		facts: []string{
			"واتفق الجانبان على تنظيم معسكرات تدريبية مشتركة للمنتخبات الوطنية.",
			"ويشمل البرنامج تأهيل {n} مدرباً وحكماً في مختلف الألعاب.",
			"وتعمل الوزارة على إعادة تأهيل المنشآت الرياضية المتضررة.",
		},
		quotes: []string{
			"الرياضة جسر للتواصل بين الشعوب",
			"نريد أن نعيد لرياضتنا حضورها في المحافل الدولية",
		},
		reported: []string{
			"الاتفاق يتضمن تبادل البعثات الرياضية",
			"الوزارة ستدعم الأندية في المحافظات",
		},
		kinds: []string{"meeting", "visit"},
		roles: []int{4, 5},
	},
	{
		name: "returns", category: "سياسة",
		title: []string{"عودة اللاجئين", "ملف العودة الطوعية", "أوضاع النازحين"},
		lead:  []string{"ملف العودة الطوعية للاجئين وتأمين الخدمات في مناطق العودة", "أوضاع النازحين وخطط إعادة تأهيل البنية التحتية"},
		facts: []string{
			"وعاد خلال الأشهر الماضية نحو {n} لاجئ من دول الجوار بحسب أرقام رسمية.",
			"وتحتاج مناطق العودة إلى إعادة تأهيل المدارس والمراكز الصحية وشبكات المياه.",
			"وتطالب منظمات حقوقية بضمانات قانونية للعائدين.",
		},
		quotes: []string{
			"العودة يجب أن تكون طوعية وآمنة وكريمة",
			"نعمل مع الشركاء الدوليين لتأمين الخدمات الأساسية للعائدين",
		},
		reported: []string{
			"الحكومة ستسهل إجراءات استعادة الوثائق الرسمية",
			"المجتمع الدولي مطالب بزيادة دعمه لمشاريع التعافي المبكر",
		},
		kinds: []string{"statement", "meeting", "visit"},
		roles: []int{10, 8, 16},
	},
	{
		name: "reconstruction", category: "محليات",
		title: []string{"إعادة الإعمار", "مشاريع الخدمات", "إعادة تأهيل البنية التحتية"},
		lead:  []string{"خطط إعادة الإعمار وتأهيل البنية التحتية في المحافظة", "واقع المشاريع الخدمية ومراحل تنفيذها"},
		facts: []string{
			"وتبلغ كلفة المشاريع المقررة هذا العام نحو {n} مليار ليرة.",
			"وتشمل المشاريع تأهيل الطرق الرئيسية وشبكات الصرف الصحي والمدارس.",
			"واطلع الوفد على سير العمل في عدد من المشاريع في الأحياء المتضررة.",
		},
		quotes: []string{
			"إعادة الإعمار أولوية وطنية لا تحتمل التأجيل",
			"سننجز المشاريع المتأخرة وفق جدول زمني واضح",
		},
		reported: []string{
			"المحافظة ستطرح مناقصات جديدة خلال الشهر المقبل",
			"نقص التمويل يؤخر تنفيذ بعض المشاريع",
		},
		kinds: []string{"visit", "meeting"},
		roles: []int{11, 16, 14},
	},
}

// Month names per naming system, January first.
var (
	monthsGregorian = []string{"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"}
	monthsLevant    = []string{"كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"}
	monthsMaghreb   = []string{"يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"}
	monthsHijri     = []string{"محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة", "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة"}
	weekdays        = []string{"الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"}
)
