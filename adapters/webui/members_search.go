package webui

import (
	"net/http"
	"strings"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
)

// membersSearchView is the data of 会员查询.
type membersSearchView struct {
	Query    string
	Searched bool
	Members  []query.PublicMemberResult
}

// membersSearch is 会员查询: look a member up by number, exact name or USCC
// and show its public fields (the core's PublicMemberLookup); a query the core
// refuses (empty, too long, wildcards, too many from the address) is shown
// under the field.
func (u *UI) membersSearch(w http.ResponseWriter, req bunrouter.Request) error {
	p := u.publicPage(w, req, "search")
	p.Form = newForm()
	raw, asked := req.URL.Query()["q"]
	q := strings.Join(raw, " ")
	p.Form.set("q", strings.Join(strings.Fields(q), " "))
	v := membersSearchView{Query: p.Form.Value("q")}
	p.Data = &v
	if !asked {
		u.render(w, req, http.StatusOK, "members_search.html", p)
		return nil
	}
	res, err := u.app.Queries.PublicMemberLookup.Handle(req.Context(),
		query.PublicMemberLookup{Query: q, Address: httpmw.ClientIP(req.Request)})
	if err != nil {
		if k := apperr.As(err).Kind; k == apperr.KindInvalid || k == apperr.KindThrottled {
			if len([]rune(v.Query)) > query.MaxLookupLen {
				p.Form.set("q", string([]rune(v.Query)[:query.MaxLookupLen]))
			}
			return u.formFailed(w, req, err, "members_search.html", p)
		}
		return u.showError(w, req, err)
	}
	v.Searched, v.Members = true, res.Members
	u.render(w, req, http.StatusOK, "members_search.html", p)
	return nil
}
