package webui_test

import (
	"bytes"
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/membershiptest"
)

// TestFormPDFCarriesTheLogo: once the admin uploads the association's logo,
// the application form is rendered with it (the renderer receives its bytes).
func TestFormPDFCarriesTheLogo(t *testing.T) {
	t.Parallel()
	f := setupApp(t)
	_, b := f.member(t, "enterprise", "标志公司", "logo-pdf@example.com")
	toStepThree(t, b, "标志公司")
	require.Equal(t, http.StatusOK, b.get("/member/application/pdf").Status)
	logo := membershiptest.PNG(t, 60, 30)
	require.NoError(t, f.env.App.Commands.UploadSiteLogo.Handle(context.Background(), command.UploadSiteLogo{
		Principal: f.env.Staff(t, access.RoleAdmin), Content: bytes.NewReader(logo)}))
	require.Equal(t, http.StatusOK, b.get("/member/application/pdf").Status)

	f.pdf.mu.Lock()
	defer f.pdf.mu.Unlock()
	require.Len(t, f.pdf.docs, 2)
	assert.Nil(t, f.pdf.docs[0].Logo, "no logo uploaded yet")
	assert.Equal(t, logo, f.pdf.docs[1].Logo)
}
