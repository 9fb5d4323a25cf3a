package memstore_test

import (
	"context"
	"fmt"
	"time"

	"github.com/openassoc/membership/adapters/memstore"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/staff"
	"github.com/openassoc/membership/ports"
)

// A store for a test: take the ports from it, and the sequence drawn inside the
// member's update commits with it.
func ExampleNew() {
	ctx := context.Background()
	now := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	store := memstore.New(fixedClock{now})
	members, seq := store.Members(), store.Sequences()

	m, _ := member.Register(member.Registration{Kind: member.Individual, Name: "张三", Email: "z@example.com",
		PasswordHash: "h"}, now)
	if err := members.Add(ctx, m); err != nil {
		panic(err)
	}
	_ = members.Update(ctx, m.ID(), func(ctx context.Context, m *member.Member) error {
		v, err := seq.Next(ctx, "demo")
		fmt.Println("drawn", v)
		if err != nil {
			return err
		}
		return fmt.Errorf("changed my mind") // rolls back the update and the sequence
	})
	v, _ := seq.Next(ctx, "demo")
	fmt.Println("next", v)
	for _, e := range store.Events() {
		fmt.Println(e.Seq, e.Name)
	}
	// Output:
	// drawn 1
	// next 1
	// 1 member.registered
}

// Methods beyond the ports, as bunstore has them: listing staff and pruning old
// login failures.
func ExampleStaffRepository_List() {
	ctx := context.Background()
	now := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	store := memstore.New(nil)
	for _, name := range []string{"zhao", "li", "wang"} {
		s, _ := staff.New(name, "", "", access.RoleFinance, "h", now)
		_ = store.Staff().Add(ctx, s)
	}
	list, _ := store.Staff().List(ctx)
	for _, s := range list {
		fmt.Println(s.Username())
	}
	attempts := store.LoginAttempts()
	limit := auth.ThrottlePolicy{MaxFailures: 5, Window: 15 * time.Minute}
	_, _, _ = attempts.Reserve(ctx, now.Add(-time.Hour), ports.AttemptLimit{Key: "a", Policy: limit},
		ports.AttemptLimit{Key: "b", Policy: limit})
	_, _, _ = attempts.Reserve(ctx, now, ports.AttemptLimit{Key: "a", Policy: limit})
	n, _ := attempts.DeleteBefore(ctx, now.Add(-time.Minute))
	count, _, _ := attempts.Failures(ctx, "a", now.Add(-24*time.Hour))
	fmt.Println("pruned", n, "left", count)
	// Output:
	// li
	// wang
	// zhao
	// pruned 2 left 1
}
