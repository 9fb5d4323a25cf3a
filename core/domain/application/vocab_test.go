package application_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/openassoc/membership/core/domain/application"
)

func TestVocabularies(t *testing.T) {
	t.Parallel()
	industries := application.Industries()
	assert.Len(t, industries, 20)
	for i, o := range industries {
		assert.Equal(t, string(rune('A'+i)), o.Code, "sections A–T in order")
	}
	label, ok := application.IndustryLabel("S")
	assert.True(t, ok)
	assert.Equal(t, "公共管理、社会保障和社会组织", label)
	label, _ = application.IndustryLabel("A")
	assert.Equal(t, "农、林、牧、渔业", label)
	label, _ = application.IndustryLabel("T")
	assert.Equal(t, "国际组织", label)
	_, ok = application.IndustryLabel("U")
	assert.False(t, ok)

	provinces := application.Provinces()
	assert.Len(t, provinces, 34)
	seen := map[string]bool{}
	for _, p := range provinces {
		assert.Len(t, p.Code, 2)
		assert.False(t, seen[p.Code], p.Code)
		seen[p.Code] = true
	}
	label, _ = application.ProvinceLabel("11")
	assert.Equal(t, "北京市", label)
	label, _ = application.ProvinceLabel("82")
	assert.Equal(t, "澳门特别行政区", label)

	assert.Len(t, application.EmployeeRanges(), 5)
	assert.Len(t, application.OwnershipTypes(), 8)
	assert.Len(t, application.Genders(), 2)
	assert.NotEmpty(t, application.Educations())

	// Callers get copies.
	industries[0].Label = "changed"
	assert.Equal(t, "农、林、牧、渔业", application.Industries()[0].Label)
}
