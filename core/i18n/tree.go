package i18n

import (
	"text/template/parse"
)

// LocalizeTree rewrites the parse tree of an HTML template (html/template's
// Template.Tree, before the template is first executed) into locale: the text
// between its actions is translated chunk by chunk, and every action that
// prints where people read (element text, a word attribute) gets the function
// fn appended to its pipeline — {{.Label}} becomes {{.Label | fn}} — so that
// strings made in Go are translated when the page is rendered. fn must be in
// the template's functions (see Catalog.Func). A form's values, links and names
// are never touched.
func (c *Catalog) LocalizeTree(locale string, tree *parse.Tree, fn string) {
	if tree == nil || tree.Root == nil {
		return
	}
	sc := &htmlScanner{}
	walk(tree.Root, sc, func(text string) string { return sc.piece(text, c.chunk(locale, sc)) }, fn)
}

// TreeKeys are the keys of the translatable text of an HTML template's tree.
func TreeKeys(tree *parse.Tree) []string {
	if tree == nil || tree.Root == nil {
		return nil
	}
	var keys []string
	sc := &htmlScanner{}
	walk(tree.Root, sc, func(text string) string {
		return sc.piece(text, func(chunk string) string {
			keys = append(keys, normalize(chunk))
			return chunk
		})
	}, "")
	return keys
}

// walk visits the nodes of list in order, rewriting text nodes with text and
// appending fn (when not empty) to the printing actions the scanner finds
// translatable. The branches of if, range and with start where the node
// stands; after the node, the scan goes on from where its first branch ended.
func walk(list *parse.ListNode, sc *htmlScanner, text func(string) string, fn string) {
	if list == nil {
		return
	}
	for _, n := range list.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
			n.Text = []byte(text(string(n.Text)))
		case *parse.ActionNode:
			if fn != "" && len(n.Pipe.Decl) == 0 && sc.translatable() {
				n.Pipe.Cmds = append(n.Pipe.Cmds, &parse.CommandNode{
					NodeType: parse.NodeCommand, Pos: n.Pos,
					Args: []parse.Node{parse.NewIdentifier(fn).SetPos(n.Pos)},
				})
			}
		case *parse.IfNode:
			branches(&n.BranchNode, sc, text, fn)
		case *parse.RangeNode:
			branches(&n.BranchNode, sc, text, fn)
		case *parse.WithNode:
			branches(&n.BranchNode, sc, text, fn)
		}
	}
}

func branches(b *parse.BranchNode, sc *htmlScanner, text func(string) string, fn string) {
	at := *sc
	walk(b.List, sc, text, fn)
	after := *sc
	*sc = at
	walk(b.ElseList, sc, text, fn)
	*sc = after
}
