package analyze

import "time"

// run analyzes text; title (may be empty) helps place events.
func (an *Analyzer) run(text, title string, ref time.Time) result {
	d := an.newDoc(text)
	d.title = title
	hits := d.matchGazetteer()
	d.tagAll()
	d.detectPersons()
	d.suffix = nil
	d.addTagged()
	d.addGazetteer(hits)
	d.addRuleOrgs()
	d.setRoleOwners()
	d.appositiveRoles()
	d.buildEntities()
	d.familyMentions()
	d.sortMentions()
	d.nominalMentions()
	d.markNameQuotes()
	d.setRoleOwners()
	var res result
	res.quotes = d.quotes()
	res.events = d.events(ref)
	res.entities = d.entities()
	return res
}
