// Package eventhandler holds the reactions to domain events: the emails and the
// member notifications that follow what happened. All lists them; the core
// subscribes that list to the message bus.
//
// # Shape
//
// Every reaction is a Handler built by On: a stable name (the durable
// subscription on a broker, and half of the de-duplication key), the name of the
// event it reacts to, and a function of the typed event. The reactions here are
// named <Do>On<Event> and are built from two helpers on top of On: mailOn (an
// email rendered from mailtext/<name>.tmpl) and notifyOn (a notification in the
// member's portal).
//
// # At least once, effect once
//
// The bus delivers an event at least once: after a crash, a timeout or a failed
// handler it delivers it again. Every reaction here has an effect outside the
// event's transaction, so every one runs through the same guard, once, backed by
// ports.HandledEvents (the handled-events ledger):
//
//   - the ledger is asked whether (handler name, event key) was handled; if so,
//     the delivery does nothing;
//   - otherwise the effect runs and, when it succeeded, the pair is recorded. A
//     failed effect is not recorded, so the bus retries it.
//
// The event key is the event's EventID, the same on every delivery (for events
// stored before EventID existed: event name, member and time).
//
// One window is left: the effect succeeded but the ledger could not record it
// (a crash between the two). The effects' own keys close it, and they are
// derived from the same event key: an email carries ports.Message.Key
// "handler:event key" and the durable mail queue keeps one message per key; a
// notification carries the key "event name:event key" and the notification
// store keeps one per key (both keys are as they were before this package used
// the ledger for every reaction, so stored rows keep matching). When Deps.HandledEvents is nil (tests, an embedder without a ledger), those
// keys alone de-duplicate.
//
// # Email texts
//
// Subjects and bodies are text/template files in mailtext, embedded in the
// binary. Each file defines "subject" and "body" (what lies outside the two
// definitions, the comment at the top and the final newline, is not part of the
// email; "{{define "body" -}}" and "{{- end}}" trim the newlines at the body's
// edges). Both are rendered with
// missingkey=error, so a text that names a key the reaction does not give fails
// (in the package tests, not in a member's inbox). The keys every email gets are
// Name (the member), Association, Portal (the member portal's address) and
// FeesPage (its fee page); a reaction adds its own (see each file's comment).
package eventhandler
