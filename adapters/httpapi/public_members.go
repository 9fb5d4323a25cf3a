package httpapi

import (
	"net/http"
	"strings"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/core/app/query"
)

// publicMemberJSON is one member as 会员查询 shows it (schema PublicMember):
// public fields only.
type publicMemberJSON struct {
	Number      string  `json:"number"`
	Name        string  `json:"name"`
	Kind        string  `json:"kind"`
	KindLabel   string  `json:"kind_label"`
	Level       string  `json:"level"`
	ValidFrom   *string `json:"valid_from"`
	ValidUntil  *string `json:"valid_until"`
	Status      string  `json:"status"`
	StatusLabel string  `json:"status_label"`
}

// publicLookupJSON is the answer of 会员查询 (schema PublicMemberLookup).
type publicLookupJSON struct {
	Query   string             `json:"query"`
	Members []publicMemberJSON `json:"members"`
}

// lookupPublicMembers is GET /public/members?q=: 会员查询 by number, exact
// name or USCC, limited per client address.
func (a *API) lookupPublicMembers(w http.ResponseWriter, req bunrouter.Request) error {
	q := strings.Join(req.URL.Query()["q"], " ")
	res, err := a.app.Queries.PublicMemberLookup.Handle(req.Context(),
		query.PublicMemberLookup{Query: q, Address: httpmw.ClientIP(req.Request)})
	if err != nil {
		return err
	}
	out := publicLookupJSON{Query: res.Query, Members: make([]publicMemberJSON, 0, len(res.Members))}
	for _, m := range res.Members {
		out.Members = append(out.Members, publicMemberJSON{Number: m.Number, Name: m.Name, Kind: string(m.Kind),
			KindLabel: m.KindLabel, Level: m.Level, ValidFrom: optional(m.ValidFrom),
			ValidUntil: optional(m.ValidUntil), Status: m.Status, StatusLabel: m.StatusLabel})
	}
	return a.ok(w, http.StatusOK, out)
}
