package command

import (
	"context"
	"encoding/json"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/contact"
	"github.com/openassoc/membership/core/domain/member"
)

// importPrior is an updated member's state before a re-import, kept for
// undo: its snapshot and its contacts (联系人管理). The snapshot's fields
// stay at the top level of the JSON, as batches stored before the contacts
// were kept have them; Contacts is nil for those (undo leaves the contacts).
type importPrior struct {
	member.Snapshot
	Contacts *[]contact.Contact `json:"ImportPriorContacts,omitempty"`
}

// priorOf encodes an updated member's prior state.
func priorOf(s member.Snapshot, cs []contact.Contact) (string, error) {
	if cs == nil {
		cs = []contact.Contact{}
	}
	js, err := json.Marshal(importPrior{Snapshot: s, Contacts: &cs})
	if err != nil {
		return "", apperr.Internal(err)
	}
	return string(js), nil
}

// chunkContacts gathers a chunk's contacts: those of its updated members now
// (by member, one query), kept in their batch rows for undo.
func (w *importWriter) chunkContacts(ctx context.Context, plan []planned) (map[string][]contact.Contact, error) {
	var ids []string
	for _, p := range plan {
		if p.target != "" {
			ids = append(ids, p.target)
		}
	}
	by := map[string][]contact.Contact{}
	if len(ids) == 0 {
		return by, nil
	}
	cs, err := w.d.Store.ContactsOf(ctx, ids)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	for _, c := range cs {
		by[c.MemberID] = append(by[c.MemberID], c)
	}
	return by, nil
}

// writeContacts replaces the contacts of the chunk's members by the file's:
// an imported enterprise's first contact becomes its 第一联系人 and the
// further ones its 联系人 (a re-import replaces the list, as it replaces the
// member's other fields; undo puts the former list back).
func (w *importWriter) writeContacts(ctx context.Context, updated []string, cs []contact.Contact) error {
	if len(updated) == 0 && len(cs) == 0 {
		return nil
	}
	if err := w.d.Store.ReplaceContacts(ctx, updated, cs); err != nil {
		return apperr.Internal(err)
	}
	return nil
}

// restoreContacts puts the contacts of restored members back (undo).
func (h *UndoImportHandler) restoreContacts(ctx context.Context, priors map[string][]contact.Contact) error {
	if len(priors) == 0 {
		return nil
	}
	ids := make([]string, 0, len(priors))
	var cs []contact.Contact
	for id, list := range priors {
		ids = append(ids, id)
		cs = append(cs, list...)
	}
	if err := h.d.Store.ReplaceContacts(ctx, ids, cs); err != nil {
		return apperr.Internal(err)
	}
	return nil
}
