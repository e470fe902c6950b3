package htmlpage

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// attr returns the value of attribute key of n ("" when absent).
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// walk calls fn for every element under root in document order, without
// recursion (pages can be deep). When fn returns false the element's
// children are skipped.
func walk(root *html.Node, fn func(n *html.Node) bool) {
	if root == nil {
		return
	}
	stack := []*html.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type == html.ElementNode || n.Type == html.DocumentNode {
			if n.Type == html.ElementNode && !fn(n) {
				continue
			}
			for c := n.LastChild; c != nil; c = c.PrevSibling {
				stack = append(stack, c)
			}
		}
	}
}

// find returns the elements under root for which match is true, in
// document order, without descending into matches.
func find(root *html.Node, match func(n *html.Node) bool) []*html.Node {
	var out []*html.Node
	walk(root, func(n *html.Node) bool {
		if match(n) {
			out = append(out, n)
			return false
		}
		return true
	})
	return out
}

// textOf returns the text content of n with runs of white space folded
// into one space; script, style and template content is skipped.
func textOf(n *html.Node) string {
	t, _ := boundedText(n, -1)
	return t
}

// boundedText is textOf reading at most limit bytes of raw text (no limit
// when negative); complete is false when the text was cut. Heuristics that
// only look at short elements use it to stay linear on deep pages.
func boundedText(n *html.Node, limit int) (text string, complete bool) {
	var b strings.Builder
	stack := []*html.Node{n}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch c.Type {
		case html.TextNode:
			b.WriteString(c.Data)
			if limit >= 0 && b.Len() > limit {
				return cleanText(b.String()), false
			}
			continue
		case html.ElementNode:
			switch c.DataAtom {
			case atom.Script, atom.Style, atom.Template, atom.Noscript:
				continue
			case atom.Br, atom.P, atom.Div, atom.Li, atom.Td, atom.Th:
				b.WriteByte(' ')
			}
		}
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, k)
		}
	}
	return cleanText(b.String()), true
}

// linkTextLen returns the length in runes of the text inside links under n.
func linkTextLen(n *html.Node) int {
	total := 0
	for _, a := range find(n, func(c *html.Node) bool { return c.DataAtom == atom.A }) {
		total += len([]rune(textOf(a)))
	}
	return total
}

// classID returns the lower-cased class and id of n, space separated.
func classID(n *html.Node) string {
	c, id := attr(n, "class"), attr(n, "id")
	if c == "" && id == "" {
		return " "
	}
	return strings.ToLower(c + " " + id)
}

// hasAncestor reports whether some ancestor of n satisfies match.
func hasAncestor(n *html.Node, match func(*html.Node) bool) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && match(p) {
			return true
		}
	}
	return false
}

// remove detaches n from its parent.
func remove(n *html.Node) {
	if n.Parent != nil {
		n.Parent.RemoveChild(n)
	}
}
