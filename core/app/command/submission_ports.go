package command

import (
	"time"

	"github.com/openassoc/membership/ports"
)

// SubmissionDeps are the ports of 企业投稿 and its review.
type SubmissionDeps struct {
	Members     ports.MemberRepository
	Submissions ports.SubmissionRepository
	Articles    ports.ArticleRepository
	Files       ports.FileStore
	Tx          ports.Transactor
	Audit       *Auditor
	Authz       ports.Authorizer
	Clock       ports.Clock
	Loc         *time.Location
}
