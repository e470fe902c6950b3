package web

import (
	"fmt"
	"html"
	"html/template"
	"strings"
)

// Chart geometry, in SVG user units.
const (
	chartW      = 640
	chartH      = 180
	chartTop    = 16
	chartBottom = 36
	chartSide   = 40
)

// mentionsChart draws the articles per day as an SVG bar chart, rendered
// on the server (no script). In a right-to-left page time runs from right
// to left, as the page reads: the first day is on the right. Each bar has
// a <title> (shown on hover) with its day and count; the labels are text
// in the page's digits. The SVG itself is laid out left to right
// (direction="ltr", so that text-anchor keeps its geometric meaning);
// the bidi algorithm still orders the Arabic labels inside each text.
func mentionsChart(p *prefs, days []dayCount) template.HTML {
	if len(days) == 0 {
		return ""
	}
	maxN := 1
	for _, d := range days {
		maxN = max(maxN, d.Count)
	}
	rtl := p.Dir() == "rtl"
	plotW := float64(chartW - 2*chartSide)
	plotH := float64(chartH - chartTop - chartBottom)
	step := plotW / float64(len(days))
	barW := max(1, step*0.8)
	// x of slot i (its left edge).
	xOf := func(i int) float64 {
		if rtl {
			return chartSide + plotW - float64(i+1)*step
		}
		return chartSide + float64(i)*step
	}
	var b strings.Builder
	label := p.T("chart_label")
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" direction="ltr" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`,
		chartW, chartH, html.EscapeString(label))
	fmt.Fprintf(&b, `<title>%s</title>`, html.EscapeString(label))
	base := float64(chartTop) + plotH
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>`, chartSide, base, chartW-chartSide, base)
	for i, d := range days {
		h := plotH * float64(d.Count) / float64(maxN)
		x := xOf(i) + (step-barW)/2
		tip := p.date(d.Day, "day") + ": " + p.N(d.Count)
		fmt.Fprintf(&b, `<rect class="bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s</title></rect>`,
			x, base-h, barW, max(h, 0.5), html.EscapeString(tip))
	}
	// Labels: first and last day under their ends, the maximum at the top.
	first, last := days[0], days[len(days)-1]
	anchorFirst, anchorLast := "start", "end"
	if rtl {
		anchorFirst, anchorLast = "end", "start"
	}
	fmt.Fprintf(&b, `<text class="lbl" x="%.1f" y="%d" text-anchor="%s">%s</text>`,
		xOf(0)+firstPad(rtl, step), chartH-12, anchorFirst, html.EscapeString(p.date(first.Day, "day")))
	if len(days) > 1 {
		fmt.Fprintf(&b, `<text class="lbl" x="%.1f" y="%d" text-anchor="%s">%s</text>`,
			xOf(len(days)-1)+lastPad(rtl, step), chartH-12, anchorLast, html.EscapeString(p.date(last.Day, "day")))
	}
	maxX, maxAnchor := chartSide-6, "end"
	if rtl {
		maxX, maxAnchor = chartW-chartSide+6, "start"
	}
	fmt.Fprintf(&b, `<text class="lbl" x="%d" y="%d" text-anchor="%s">%s</text>`, maxX, chartTop+4, maxAnchor, html.EscapeString(p.N(maxN)))
	fmt.Fprintf(&b, `<text class="lbl" x="%d" y="%.1f" text-anchor="%s">%s</text>`, maxX, base, maxAnchor, html.EscapeString(p.N(0)))
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func firstPad(rtl bool, step float64) float64 {
	if rtl {
		return step
	}
	return 0
}

func lastPad(rtl bool, step float64) float64 {
	if rtl {
		return 0
	}
	return step
}
