package security_test

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/command/imagetest"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/membershiptest"
)

// The memory one refused upload may take: the multipart body, the file read
// up to 10 MB, the header walk. Decoding the bombs took 373 to 700 MiB.
const refusedUploadAlloc = 16 << 20

// TestFinding01ImageDecodeBudget (issue 9, finding 1): the three files of the
// report — a progressive 7000×7000 JPEG, a 16-bit 7000×7000 PNG and the
// 192-byte truncated header of a progressive JPEG — posted as the stamped scan
// and as a payment voucher are refused from their header with a field message,
// in milliseconds and without the hundreds of MiB their decoding took. An A4
// scan at 300 dpi is still accepted on both paths.
func TestFinding01ImageDecodeBudget(t *testing.T) {
	// Not parallel: the memory figures are the whole process's.
	env := membershiptest.New(t)
	// An applicant with a complete form uploads its stamped scan; an approved
	// member uploads the voucher of its transfer.
	const applicant, payer = "解码预算申请有限公司", "解码预算缴费有限公司"
	env.RegisterMember(t, "enterprise", applicant, "applicant@example.com", uploadsPassword)
	form := membertest.EnterpriseForm(applicant)
	require.NoError(t, env.App.Commands.SaveApplicationDraft.Handle(context.Background(), command.SaveApplicationDraft{
		Principal: env.LoginMember(t, applicant, uploadsPassword), Enterprise: &form, RequireComplete: true}))
	env.ApprovedMember(t, "enterprise", payer, "payer@example.com")
	tokens := map[string]string{"scan": uploadsMemberToken(t, env, applicant),
		"voucher": uploadsMemberToken(t, env, payer)}

	bombs := []struct {
		name, file string
		data       []byte
	}{
		{"progressive JPEG 7000×7000", "scan.jpg", imagetest.ProgressiveJPEG(7000, 7000)},
		{"16-bit PNG 7000×7000", "scan.png", imagetest.PNG16(7000, 7000)},
		{"truncated progressive JPEG header", "scan.jpg", imagetest.TruncatedProgressiveJPEG(7000, 7000, 192)},
	}
	for _, path := range []struct{ path, field string }{
		{"/me/application/scan", "scan"}, {"/me/fees/voucher", "voucher"},
	} {
		for _, b := range bombs {
			if path.field == "voucher" && strings.HasSuffix(b.file, ".png") {
				continue // vouchers are PDF or JPG: a PNG is refused by its type
			}
			r := uploadsPost(t, env, path.path, tokens[path.field], path.field, b.file, b.data)
			t.Logf("%s %s (%d bytes): %d in %v, %d KiB allocated, heap grew %d KiB",
				path.path, b.name, len(b.data), r.Status, r.Took, r.Alloc>>10, r.Heap>>10)
			require.Equal(t, http.StatusUnprocessableEntity, r.Status, "%s %s: %s", path.path, b.name, r.Body)
			fe := r.fieldError(t)
			assert.Equal(t, path.field, fe.Field)
			assert.Equal(t, "image_too_large", fe.Code)
			assert.Contains(t, fe.Message, "图片尺寸过大")
			assert.Less(t, r.Alloc, uint64(refusedUploadAlloc), "%s: refused before decoding", b.name)
			assert.Less(t, r.Heap, int64(refusedUploadAlloc), b.name)
			assert.Less(t, r.Took, 2*time.Second, "%s: refused from the header (decoding took seconds)", b.name)
		}
	}
	if hwm := peakRSS(); hwm != "" {
		t.Logf("peak resident memory of the test process: %s", hwm)
	}

	a4 := imagetest.A4Scan()
	r := uploadsPost(t, env, "/me/application/scan", tokens["scan"], "scan", "a4.jpg", a4)
	require.Equal(t, http.StatusCreated, r.Status, "an A4 scan at 300 dpi: %s", r.Body)
	assert.Equal(t, "image/jpeg", r.object(t)["content_type"])
	r = uploadsPost(t, env, "/me/fees/voucher", tokens["voucher"], "voucher", "a4.jpg", a4)
	require.Equal(t, http.StatusCreated, r.Status, "an A4 voucher at 300 dpi: %s", r.Body)
	t.Logf("A4 scan (%d bytes) accepted in %v, %d KiB allocated", len(a4), r.Took, r.Alloc>>10)
}

// peakRSS returns the process's peak resident memory as Linux reports it
// (VmHWM), or "" elsewhere.
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return ""
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
