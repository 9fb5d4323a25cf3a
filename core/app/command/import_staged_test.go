package command_test

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/legacyimport"
)

// TestStagedImports: the uploaded file is kept in the file store, per staff
// member, read back only under the preview's key, by any handler on the same
// store (another instance, a restart), until it expires or is dropped.
func TestStagedImports(t *testing.T) {
	e := newEnv(t)
	admin, other := e.staff("admin", access.RoleAdmin), e.staff("admin2", access.RoleAdmin)
	h := command.NewStagedImportsHandler(e.files, e.policy, e.clock)
	csvData := strings.Join(header(), ",") + "\n"
	require.NoError(t, h.Keep(e.ctx, admin, command.StagedImport{Key: "k1", Name: "a.csv", Header: header()},
		strings.NewReader(csvData)))

	again := command.NewStagedImportsHandler(e.files, e.policy, e.clock) // another instance
	s, ok, err := again.Get(e.ctx, admin, "k1")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "a.csv", s.Name)
	assert.Equal(t, header(), s.Header)
	rc, err := s.File().Open()
	require.NoError(t, err)
	got, _ := io.ReadAll(rc)
	_ = rc.Close()
	assert.Equal(t, csvData, string(got))

	_, ok, err = again.Get(e.ctx, admin, "other-key")
	require.NoError(t, err)
	assert.False(t, ok, "only under the preview's key")
	_, ok, err = again.Get(e.ctx, other, "k1")
	require.NoError(t, err)
	assert.False(t, ok, "another staff member's upload is not found")

	// The mapping step keeps the content and changes the key and mapping.
	mapping := map[string]legacyimport.Field{"单位": legacyimport.FieldName}
	require.NoError(t, h.Keep(e.ctx, admin, command.StagedImport{Key: "k2", Name: "a.csv", Mapping: mapping}, nil))
	s, ok, err = again.Get(e.ctx, admin, "k2")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, mapping, s.File().Mapping)

	require.NoError(t, again.Drop(e.ctx, admin))
	_, ok, err = h.Get(e.ctx, admin, "k2")
	require.NoError(t, err)
	assert.False(t, ok, "dropped after the commit")
	assert.Empty(t, e.files.Keys())

	require.NoError(t, h.Keep(e.ctx, admin, command.StagedImport{Key: "k3", Name: "b.csv"}, strings.NewReader("x")))
	e.clock.Advance(command.StagedImportFor + time.Minute)
	_, ok, err = h.Get(e.ctx, admin, "k3")
	require.NoError(t, err)
	assert.False(t, ok, "expired")
	assert.Empty(t, e.files.Keys(), "an expired upload is deleted")

	member := e.staff("finance", access.RoleFinance)
	err = h.Keep(e.ctx, member, command.StagedImport{Key: "k"}, strings.NewReader("x"))
	assert.True(t, apperr.IsKind(err, apperr.KindForbidden), "only who may import: %v", err)
}
