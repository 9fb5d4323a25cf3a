package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
)

// memberVerifyPath is the card's verification page: the QR code on a member
// card links to memberVerifyPath + the member number.
const memberVerifyPath = "/members/verify/"

// memberVerifyView is the data of 会员验证: the member of the number, if any.
type memberVerifyView struct {
	Number string
	Member *query.PublicMemberResult
}

// membersVerify is the page a card's QR code opens: the public fields of the
// member with exactly this number (the same PublicMemberLookup as 会员查询,
// counted against the same per-address limit), or 「未找到该会员」.
func (u *UI) membersVerify(w http.ResponseWriter, req bunrouter.Request) error {
	number := req.Param("number")
	p := u.publicPage(w, req, "search")
	v := memberVerifyView{Number: number}
	p.Data = &v
	res, err := u.app.Queries.PublicMemberLookup.Handle(req.Context(),
		query.PublicMemberLookup{Query: number, Address: httpmw.ClientIP(req.Request)})
	if err != nil {
		if apperr.As(err).Kind == apperr.KindInvalid {
			u.render(w, req, http.StatusNotFound, "members_verify.html", p)
			return nil
		}
		return u.showError(w, req, err)
	}
	for i := range res.Members {
		if res.Members[i].Number == res.Query {
			v.Member = &res.Members[i]
			break
		}
	}
	status := http.StatusOK
	if v.Member == nil {
		status = http.StatusNotFound
	}
	u.render(w, req, status, "members_verify.html", p)
	return nil
}
