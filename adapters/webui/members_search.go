package webui

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/uptrace/bunrouter"
)

// membersSearchView is the data of 会员查询.
type membersSearchView struct {
	Query    string
	Searched bool
}

// membersSearch is 会员查询: look a member up by number or exact name. The public
// lookup query comes with the member directory; until then every search honestly
// finds nothing.
func (u *UI) membersSearch(w http.ResponseWriter, req bunrouter.Request) error {
	p := u.publicPage(w, req, "search")
	p.Form = newForm()
	q := strings.Join(strings.Fields(req.URL.Query().Get("q")), " ")
	if utf8.RuneCountInString(q) > 100 {
		p.Form.errors["q"] = "查询内容不能超过100个字符"
		q = string([]rune(q)[:100])
	}
	p.Form.set("q", q)
	p.Data = membersSearchView{Query: q, Searched: q != "" && p.Form.Error("q") == ""}
	u.render(w, req, http.StatusOK, "members_search.html", p)
	return nil
}
