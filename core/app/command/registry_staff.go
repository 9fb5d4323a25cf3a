package command

import (
	"context"
	"strings"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// RegistryDeps are what the registry's staff changes (编辑资料, 新建会员,
// 调整级别, 暂停/恢复/退会) share: the members, the transaction the change and
// its audit entry commit in, the policy, the clock and the association's time
// zone, and the list of levels.
type RegistryDeps struct {
	Members   ports.MemberRepository
	Tx        ports.Transactor
	Authz     ports.Authorizer
	Clock     ports.Clock
	Audit     *Auditor
	Location  *time.Location
	Levels    member.LevelList
	Sequences ports.Sequences
	Hasher    ports.PasswordHasher
	Formats   NumberFormats
}

// now is the time in the association's zone.
func (d RegistryDeps) now() time.Time { return d.Clock.Now().In(orUTC(d.Location)) }

// changeMember runs change on the member and records the audit entry it
// returns, the two in one transaction: when either fails nothing is stored.
// The principal must be allowed action a; an empty or unknown id is NotFound.
func (d RegistryDeps) changeMember(ctx context.Context, p access.Principal, a access.Action, memberID string,
	change func(m *member.Member, now time.Time) (audit.Entry, error)) error {
	if err := access.Authorize(d.Authz, p, a, ""); err != nil {
		return err
	}
	memberID = strings.TrimSpace(memberID)
	if memberID == "" {
		return apperr.NotFound("member_not_found", "会员不存在")
	}
	now := d.now()
	return d.Tx.InTx(ctx, func(ctx context.Context) error {
		return d.Members.Update(ctx, memberID, func(ctx context.Context, m *member.Member) error {
			e, err := change(m, now)
			if err != nil {
				return err
			}
			e.MemberID = m.ID()
			return d.Audit.Record(ctx, p, e)
		})
	})
}

// checkVersion refuses a change prepared on an outdated copy of the member; a
// version of 0 means the caller did not send one (the API without If-Match)
// and is refused as well, since the change could overwrite another's.
func checkVersion(m *member.Member, version int64) error {
	if version <= 0 {
		var v apperr.Validation
		v.Add("version", "required", "缺少会员资料的版本号，请刷新后重试")
		return v.Err()
	}
	return m.CheckVersion(version)
}
