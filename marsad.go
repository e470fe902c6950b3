// Package marsad holds the domain types of marsad (مرصد, "observatory"), an
// Arabic-first news monitoring system: the Article a page turns into, the
// entities, quotes, dates and events found in it, the stories that group
// coverage of one event across outlets, and the sources (outlets) followed.
//
// The root package depends on nothing else of the project. Subpackages
// implement the stages of the pipeline (extract, analyze, cluster, crawl,
// store, search) over these types. The JSON field names are a public
// contract (see DESIGN.md): fields may be added, never renamed.
package marsad

import "time"

// Article is one published news page turned into structured data. It is
// what `marsad extract` prints and what the API returns.
//
// Text holds the paragraphs only, joined by one blank line ("\n\n");
// headings live in Sections. All offsets (Mention, Quote, DateRef) are
// Unicode code point offsets into Text, end exclusive.
type Article struct {
	// ID is the first 16 hex digits of the SHA-256 of the canonical URL,
	// or of the normalized text when there is no URL.
	ID           string `json:"id"`
	URL          string `json:"url,omitempty"`
	CanonicalURL string `json:"canonical_url,omitempty"`
	// Source is the outlet (name or id), never a wire credit.
	Source string `json:"source,omitempty"`
	// Credit is the wire credit printed on the page, e.g. "وكالات" or "سانا".
	Credit   string `json:"credit,omitempty"`
	Language string `json:"language,omitempty"`
	// Encoding is the character encoding the page was decoded from.
	Encoding string `json:"encoding,omitempty"`
	Title    string `json:"title"`
	Category string `json:"category,omitempty"`
	// Published and Modified are ISO 8601: YYYY-MM-DD, YYYY-MM, YYYY or a
	// full RFC 3339 timestamp when a time is known.
	Published string   `json:"published,omitempty"`
	Modified  string   `json:"modified,omitempty"`
	Authors   []string `json:"authors,omitempty"`
	Image     string   `json:"image,omitempty"`
	// Meta says where each metadata field came from, e.g.
	// {"title": "og:title", "published": "json-ld"}.
	Meta     map[string]string `json:"meta,omitempty"`
	Sections []Section         `json:"sections"`
	Text     string            `json:"text"`
	Entities []Entity          `json:"entities,omitempty"`
	Quotes   []Quote           `json:"quotes,omitempty"`
	Dates    []DateRef         `json:"dates,omitempty"`
	Events   []Event           `json:"events,omitempty"`
}

// Section is a run of paragraphs under one sub-heading. The lead section
// of an article has an empty Heading.
type Section struct {
	Heading    string   `json:"heading"`
	Paragraphs []string `json:"paragraphs"`
}

// Entity types.
const (
	EntityPerson       = "person"
	EntityOrganization = "organization"
	EntityLocation     = "location"
)

// Entity is one real-world referent named in an article (a person, an
// organization or a place), with all of its mentions.
type Entity struct {
	// Name is the fullest display form found in the article.
	Name string `json:"name"`
	// Key is the canonical matching form (normalized name without titles,
	// honorifics or clitics), identical across articles for one referent.
	Key  string `json:"key"`
	Type string `json:"type"`
	// Roles are the title phrases that introduce a person in the text,
	// e.g. "وزير الدفاع السوري".
	Roles    []string  `json:"roles,omitempty"`
	Mentions []Mention `json:"mentions"`
}

// Mention is one occurrence of an entity in Article.Text.
type Mention struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Quote kinds and speaker types.
const (
	QuoteDirect    = "direct"
	QuoteIndirect  = "indirect"
	SpeakerUnknown = "unknown"
)

// Quote is a statement attributed to a speaker: a direct quotation or
// reported speech.
type Quote struct {
	Speaker     string `json:"speaker"`
	SpeakerType string `json:"speaker_type"`
	Text        string `json:"text"`
	Kind        string `json:"kind"`
	Start       int    `json:"start"`
	End         int    `json:"end"`
}

// Date granularities.
const (
	GranularityDay   = "day"
	GranularityMonth = "month"
	GranularityYear  = "year"
	GranularityWeek  = "week"
	GranularityTime  = "time"
)

// DateRef is a date expression found in text and resolved to the calendar.
// Value is ISO 8601 at the precision the text fixes; a week is the date of
// its first day; Until is the end value of a range.
type DateRef struct {
	Text        string `json:"text"`
	Start       int    `json:"start"`
	End         int    `json:"end"`
	Value       string `json:"value"`
	Granularity string `json:"granularity"`
	Until       string `json:"until,omitempty"`
}

// Event types.
const (
	EventMeeting   = "meeting"
	EventVisit     = "visit"
	EventStatement = "statement"
)

// Event is something that happened according to the article: a meeting,
// a visit or a statement, with who took part, where and when. Date is
// empty when the text does not say.
type Event struct {
	Type         string   `json:"type"`
	Participants []string `json:"participants"`
	Place        string   `json:"place,omitempty"`
	Date         string   `json:"date,omitempty"`
}

// Story groups the coverage of one event across outlets.
type Story struct {
	ID    string    `json:"id"`
	Title string    `json:"title"`
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
	// Articles are the coverage, in publication order.
	Articles []StoryArticle `json:"articles"`
}

// StoryArticle is one article's place in a story.
type StoryArticle struct {
	ID        string `json:"id"`
	URL       string `json:"url,omitempty"`
	Title     string `json:"title"`
	Source    string `json:"source,omitempty"`
	Published string `json:"published,omitempty"`
	// DuplicateOf is the ID of the earliest article this one copies
	// (republished wire text), empty when it is original coverage.
	DuplicateOf string `json:"duplicate_of,omitempty"`
}

// Source is an outlet that marsad follows.
type Source struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	HomeURL  string `json:"home_url"`
	Language string `json:"language,omitempty"`
	Country  string `json:"country,omitempty"`
	Category string `json:"category,omitempty"`
	// Feeds and Sitemaps are discovered from the home page and robots.txt.
	Feeds    []string  `json:"feeds,omitempty"`
	Sitemaps []string  `json:"sitemaps,omitempty"`
	Added    time.Time `json:"added"`
}
