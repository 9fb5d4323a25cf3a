// Package apperr defines the error kinds the core returns. Inbound adapters map a
// kind to a transport status and show the message to the user; nothing else in the
// system inspects error strings.
package apperr

import (
	"errors"
	"fmt"
	"time"
)

// Kind classifies an error so every inbound adapter can map it in one place.
type Kind int

// The kinds of error a use case can return.
const (
	KindInternal     Kind = iota // a fault of the system, not of the user
	KindInvalid                  // the user's input breaks a rule
	KindNotFound                 // the thing does not exist (or the caller may not know it does)
	KindForbidden                // the caller may not do this
	KindUnauthorized             // the caller is not logged in or its credentials are wrong
	KindConflict                 // the state changed or a unique value is taken
	KindThrottled                // too many attempts; retry later
)

// String returns the stable slug of the kind.
func (k Kind) String() string {
	switch k {
	case KindInvalid:
		return "invalid"
	case KindNotFound:
		return "not_found"
	case KindForbidden:
		return "forbidden"
	case KindUnauthorized:
		return "unauthorized"
	case KindConflict:
		return "conflict"
	case KindThrottled:
		return "throttled"
	default:
		return "internal"
	}
}

// FieldError is one field-level problem with a user's input.
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Error is the error type returned by the core for every user-caused failure.
type Error struct {
	Kind       Kind
	Code       string       // stable, machine-readable code, e.g. "name_taken"
	Message    string       // message for the user, in Simplified Chinese
	Fields     []FieldError // field-level problems (Invalid and Conflict)
	RetryAfter time.Duration
	Err        error // the cause, if any
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// New returns an error of the given kind with a stable code and a user message.
func New(kind Kind, code, message string) *Error {
	return &Error{Kind: kind, Code: code, Message: message}
}

// NotFound reports a missing thing.
func NotFound(code, message string) *Error { return New(KindNotFound, code, message) }

// Forbidden reports an action the caller may not take.
func Forbidden(code, message string) *Error { return New(KindForbidden, code, message) }

// Unauthorized reports a missing or wrong credential.
func Unauthorized(code, message string) *Error { return New(KindUnauthorized, code, message) }

// Conflict reports a state conflict.
func Conflict(code, message string) *Error { return New(KindConflict, code, message) }

// Throttled reports too many attempts with the time to wait.
func Throttled(code, message string, retryAfter time.Duration) *Error {
	e := New(KindThrottled, code, message)
	e.RetryAfter = retryAfter
	return e
}

// Internal wraps a system fault.
func Internal(err error) *Error {
	return &Error{Kind: KindInternal, Code: "internal", Message: "系统繁忙，请稍后再试", Err: err}
}

// FieldConflict reports a unique value that is already taken by another record.
func FieldConflict(field, code, message string) *Error {
	return &Error{Kind: KindConflict, Code: code, Message: message,
		Fields: []FieldError{{Field: field, Code: code, Message: message}}}
}

// Validation collects field errors; its Err method returns nil when nothing was added.
type Validation struct {
	fields []FieldError
}

// Add records a problem with a field. Only the first problem of each field is kept.
func (v *Validation) Add(field, code, message string) {
	for _, f := range v.fields {
		if f.Field == field {
			return
		}
	}
	v.fields = append(v.fields, FieldError{Field: field, Code: code, Message: message})
}

// Has reports whether a field already has a problem.
func (v *Validation) Has(field string) bool {
	for _, f := range v.fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Err returns an Invalid error carrying the fields, or nil.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Kind: KindInvalid, Code: "invalid_input", Message: "提交的信息有误，请检查后重试",
		Fields: append([]FieldError(nil), v.fields...)}
}

// As returns the *Error in err's chain, or an Internal error wrapping err.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Internal(err)
}

// IsKind reports whether err carries the given kind.
func IsKind(err error, kind Kind) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == kind
}
