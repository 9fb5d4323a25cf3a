package httpapi

import (
	"net/http"
	"strconv"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
)

// memberAccountJSON is a member's account and membership (schema
// MemberAccount).
type memberAccountJSON struct {
	ID                 string  `json:"id"`
	Number             *string `json:"number"`
	Name               string  `json:"name"`
	Email              string  `json:"email"`
	EmailVerifiedAt    *string `json:"email_verified_at"`
	Kind               string  `json:"kind"`
	KindLabel          string  `json:"kind_label"`
	Level              string  `json:"level"`
	Status             string  `json:"status"`
	StatusLabel        string  `json:"status_label"`
	FeeState           string  `json:"fee_state"`
	FeeLabel           string  `json:"fee_label"`
	PaymentRef         *string `json:"payment_ref"`
	RejectReason       *string `json:"reject_reason"`
	ApprovalDocNo      *string `json:"approval_doc_no"`
	MustChangePassword bool    `json:"must_change_password"`
	JoinedAt           *string `json:"joined_at"`
	ValidFrom          *string `json:"valid_from"`
	ValidUntil         *string `json:"valid_until"`
	RegisteredAt       string  `json:"registered_at"`
	UpdatedAt          string  `json:"updated_at"`
	Version            int64   `json:"version"`
	StatusReason       *string `json:"status_reason"`
}

// timelineEntryJSON is one line of a member's history (schema
// TimelineEntry).
type timelineEntryJSON struct {
	At    string  `json:"at"`
	Event string  `json:"event"`
	Text  string  `json:"text"`
	Actor *string `json:"actor"`
}

// memberDetailJSON is one member of the registry (schema MemberDetail).
type memberDetailJSON struct {
	Account            memberAccountJSON    `json:"account"`
	Application        applicationJSON      `json:"application"`
	Document           *documentJSON        `json:"document"`
	Payments           []paymentJSON        `json:"payments"`
	Notifications      notificationListJSON `json:"notifications"`
	Timeline           []timelineEntryJSON  `json:"timeline"`
	CanReadApplication bool                 `json:"can_read_application"`
	CanReadPayments    bool                 `json:"can_read_payments"`
}

// getMember is GET /members/{member_id}: everything the association holds
// about a member, with its timeline. Staff only; a member is told it does not
// exist.
func (a *API) getMember(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	d, err := a.app.Queries.MemberDetail.Handle(req.Context(), query.MemberDetail{Principal: s.Principal,
		MemberID: req.Param("member_id")})
	if err != nil {
		return err
	}
	ac := d.Account
	out := memberDetailJSON{
		Account: memberAccountJSON{ID: ac.ID, Number: optional(ac.Number), Name: ac.Name, Email: ac.Email,
			EmailVerifiedAt: optionalTime(ac.EmailVerifiedAt),
			Kind:            string(ac.Kind), KindLabel: ac.KindLabel, Level: string(ac.Level), Status: string(ac.Status),
			StatusLabel: ac.StatusLabel, FeeState: string(ac.FeeState), FeeLabel: ac.FeeLabel,
			PaymentRef: optional(ac.PaymentRef), RejectReason: optional(ac.RejectReason),
			ApprovalDocNo: optional(ac.ApprovalDocNo), MustChangePassword: ac.MustChangePassword,
			JoinedAt: optionalTime(ac.JoinedAt), ValidFrom: optionalDay(ac.ValidFrom),
			ValidUntil: optionalDay(ac.ValidUntil), RegisteredAt: timestamp(ac.RegisteredAt),
			UpdatedAt: timestamp(ac.UpdatedAt), Version: ac.Version, StatusReason: optional(ac.StatusReason)},
		Application: newApplicationJSON(d.Application), Payments: make([]paymentJSON, len(d.Payments)),
		Notifications: notificationListJSON{Total: d.Notifications.Total, Unread: d.Notifications.Unread,
			Items: make([]notificationJSON, len(d.Notifications.Items))},
		Timeline: make([]timelineEntryJSON, len(d.Timeline)), CanReadApplication: d.CanReadApplication,
		CanReadPayments: d.CanReadPayments}
	if d.HasForm {
		doc := newDocumentJSON(d.Document)
		out.Document = &doc
	}
	for i, p := range d.Payments {
		out.Payments[i] = newPaymentJSON(p)
	}
	for i, n := range d.Notifications.Items {
		out.Notifications.Items[i] = notificationJSON{ID: n.ID, Category: string(n.Category), Text: n.Text,
			CreatedAt: timestamp(n.CreatedAt), Read: n.Read}
	}
	for i, e := range d.Timeline {
		out.Timeline[i] = timelineEntryJSON{At: timestamp(e.At), Event: e.Event, Text: e.Text, Actor: optional(e.Actor)}
	}
	w.Header().Set("ETag", `"`+strconv.FormatInt(ac.Version, 10)+`"`) // PATCH's If-Match
	return a.ok(w, http.StatusOK, out)
}
