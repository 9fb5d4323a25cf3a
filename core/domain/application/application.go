package application

import "time"

// MaxScanBytes is the largest stamped scan accepted (10 MB):
// 「只能上传1个PNG/JPG文件, 且不超过10MB.」
const MaxScanBytes = 10 << 20

// Content types of an accepted stamped scan.
const (
	ContentTypePNG  = "image/png"
	ContentTypeJPEG = "image/jpeg"
)

// Scan is the uploaded stamped form (打印盖章并上传): where the file store keeps it
// and what it is. A zero Key means no scan.
type Scan struct {
	Key         string    `json:"key"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	FileName    string    `json:"file_name"` // the name the member uploaded, for display only
	UploadedAt  time.Time `json:"uploaded_at"`
}

// Present reports whether a scan is attached.
func (s Scan) Present() bool { return s.Key != "" }

// Extension returns the file extension of the scan's content type.
func (s Scan) Extension() string {
	if s.ContentType == ContentTypePNG {
		return ".png"
	}
	return ".jpg"
}

// Application is the state of a member's application: the form of the member's
// kind, the stamped scan (enterprises), the 「我已打印盖章并上传《入会申请表》」
// confirmation given at submission, and when each step happened. It is a value
// owned by the member aggregate, which alone changes it; storage adapters read and
// write it through the member's snapshot.
type Application struct {
	Enterprise       EnterpriseForm
	Individual       IndividualForm
	Scan             Scan
	ConfirmedStamped bool
	SavedAt          time.Time // last draft save; zero when no form was saved yet
	SubmittedAt      time.Time // last submission
	ApprovedAt       time.Time
	RejectedAt       time.Time // last rejection
}

// Started reports whether a form was ever saved.
func (a Application) Started() bool { return !a.SavedAt.IsZero() }
