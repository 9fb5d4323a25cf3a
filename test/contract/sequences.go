package contract

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/ports"
)

// RunSequences checks a ports.Sequences implementation; newSeq returns a fresh one
// per subtest.
func RunSequences(t *testing.T, newSeq func(t *testing.T) ports.Sequences) {
	run(t, "counts per scope from 1", func(t *testing.T) {
		seq, ctx := newSeq(t), context.Background()
		for _, step := range []struct {
			scope string
			want  int64
		}{{"enterprise:2024", 1}, {"enterprise:2024", 2}, {"individual:2024", 1}, {"enterprise:2024", 3}} {
			got, err := seq.Next(ctx, step.scope)
			require.NoError(t, err)
			assert.Equal(t, step.want, got, step.scope)
		}
	})

	run(t, "concurrent next never repeats", func(t *testing.T) {
		const n = 200
		seq, ctx := newSeq(t), context.Background()
		values := make([]int64, n)
		errs := parallel(n, func(i int) error {
			v, err := seq.Next(ctx, "enterprise:2024")
			values[i] = v
			return err
		})
		seen := make(map[int64]bool, n)
		for i, err := range errs {
			require.NoError(t, err)
			v := values[i]
			assert.False(t, seen[v], "value %d handed out twice", v)
			assert.True(t, v >= 1 && v <= n, "value %d out of 1..%d", v, n)
			seen[v] = true
		}
		assert.Len(t, seen, n)
	})
}
