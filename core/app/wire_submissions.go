package app

import (
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
)

// submissionDeps are the ports of 企业投稿.
func (w wiring) submissionDeps() command.SubmissionDeps {
	d := w.d
	return command.SubmissionDeps{Members: d.Members, Submissions: d.Submissions, Articles: d.Articles,
		Files: d.Files, Tx: d.Tx, Audit: w.audit, Authz: d.Authorizer, Clock: d.Clock,
		Loc: w.loc}
}

func (w wiring) submissionCommands(c *Commands) {
	sd := w.submissionDeps()
	c.SubmitArticle = command.NewSubmitArticleHandler(sd)
	c.ApproveSubmission = command.NewApproveSubmissionHandler(sd)
	c.RejectSubmission = command.NewRejectSubmissionHandler(sd)
}

func (w wiring) submissionQueries(q *Queries) {
	q.Submissions = query.NewSubmissionsHandler(query.SubmissionDeps{Submissions: w.d.Submissions, Files: w.d.Files,
		Authz: w.d.Authorizer})
	if q.WorkQueues != nil {
		q.WorkQueues.WithSubmissions(q.Submissions.CountPending) // the menu's badge of 投稿审核
	}
}
