package query_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/query"
)

// The vocabularies of the forms, as fresh copies: a caller changing one
// changes nothing for the next.
func TestApplicationOptions(t *testing.T) {
	t.Parallel()
	h := query.NewApplicationOptionsHandler()
	o := h.Handle()
	for name, list := range map[string]int{"industries": len(o.Industries), "provinces": len(o.Provinces),
		"ownership": len(o.OwnershipTypes), "employees": len(o.EmployeeRanges), "genders": len(o.Genders),
		"educations": len(o.Educations)} {
		assert.Positive(t, list, name)
	}
	assert.Len(t, o.Industries, 20, "GB/T 4754-2017 sections A–T")
	require.NotEmpty(t, o.Provinces)
	first := o.Provinces[0]
	o.Provinces[0].Label = "改过"
	assert.Equal(t, first, h.Handle().Provinces[0])
}
