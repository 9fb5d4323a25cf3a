package query

import (
	"context"
	"slices"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/infochange"
	"github.com/openassoc/membership/ports"
)

// WorkQueue names one of the back office's work queues.
type WorkQueue string

// The work queues, in the order of the back office's menu.
const (
	QueueReview      WorkQueue = "review"      // 入会审核: applications waiting for review
	QueuePayments    WorkQueue = "payments"    // 缴费确认: claims and vouchers waiting for finance
	QueueStatements  WorkQueue = "statements"  // 银行对账: statement lines nobody matched yet
	QueueSecretariat WorkQueue = "secretariat" // 秘书处审批: members waiting for approval
	QueueMail        WorkQueue = "mail"        // 邮件发送失败: emails the mail server refused for good (admin)
	// QueueInfoChanges is 信息变更审核: members' change requests waiting for a reviewer.
	QueueInfoChanges WorkQueue = "info_changes"
	// QueueCouncil is 理事资料: council forms completed and waiting for the reviewers.
	QueueCouncil WorkQueue = "council"
	// QueueSubmissions is 投稿审核: enterprises' submissions waiting for an editor.
	QueueSubmissions WorkQueue = "submissions"
)

// WorkQueues asks for the work queues of a staff member with their sizes.
type WorkQueues struct {
	Principal access.Principal
}

// WorkQueueCount is one queue and how much waits in it.
type WorkQueueCount struct {
	Queue WorkQueue
	Count int
}

// WorkQueuesView lists the queues the principal's role works on (those whose
// pages it may use: review for reviewers, payments and statements for finance,
// the secretariat's queue for the secretariat; all for the admin, with the
// emails that could not be delivered), in menu order.
type WorkQueuesView struct {
	Queues []WorkQueueCount
}

// Count returns the size of queue q and whether the principal works on it.
func (v WorkQueuesView) Count(q WorkQueue) (int, bool) {
	for _, c := range v.Queues {
		if c.Queue == q {
			return c.Count, true
		}
	}
	return 0, false
}

// WorkQueuesHandler counts the queues of the back office's home and menu.
type WorkQueuesHandler struct {
	counter ports.WorkQueueCounter
	mails   ports.UndeliveredMailLog
	authz   ports.Authorizer
	// infoChanges counts 信息变更审核's pending requests (nil: no such queue).
	infoChanges ports.InfoChangeRepository
	// council counts the 理事资料 queue (nil: not listed).
	council func(ctx context.Context) (int, error)
	// submissions counts the 投稿审核 queue (nil: not listed).
	submissions func(ctx context.Context) (int, error)
}

// WithInfoChanges adds the queue of 信息变更审核, counted from r.
func (h *WorkQueuesHandler) WithInfoChanges(r ports.InfoChangeRepository) *WorkQueuesHandler {
	h.infoChanges = r
	return h
}

// pendingInfoChanges counts the change requests waiting for a reviewer.
func (h *WorkQueuesHandler) pendingInfoChanges(ctx context.Context) (int, error) {
	p, err := h.infoChanges.InfoChangeQueue(ctx, ports.InfoChangeQuery{Status: infochange.Pending})
	if err != nil {
		return 0, apperr.Internal(err)
	}
	return p.Total, nil
}

// WithCouncil lists the 理事资料 queue, counted by count.
func (h *WorkQueuesHandler) WithCouncil(count func(ctx context.Context) (int, error)) *WorkQueuesHandler {
	h.council = count
	return h
}

// WithSubmissions lists the 投稿审核 queue, counted by count.
func (h *WorkQueuesHandler) WithSubmissions(count func(ctx context.Context) (int, error)) *WorkQueuesHandler {
	h.submissions = count
	return h
}

// NewWorkQueuesHandler builds the handler; a nil counter lists no queues, a nil
// mail log no queue of undelivered email.
func NewWorkQueuesHandler(counter ports.WorkQueueCounter, mails ports.UndeliveredMailLog,
	authz ports.Authorizer) *WorkQueuesHandler {
	return &WorkQueuesHandler{counter: counter, mails: mails, authz: authz}
}

// queueDuty is what a role must be allowed to work on a queue: the action the
// queue's own pages ask.
func queueDuty(q WorkQueue) access.Action {
	switch q {
	case QueueReview:
		return access.ReviewApplication
	case QueueSecretariat:
		return access.ApproveMembership
	case QueueMail:
		return access.ManageSettings // the admin's
	case QueueInfoChanges:
		return access.ReviewInfoChange
	case QueueCouncil:
		return access.ReviewCouncilForm
	case QueueSubmissions:
		return access.ReviewSubmission
	}
	return access.ConfirmPayment // payments and statements
}

// workQueues lists the queues in menu order.
func workQueues() []WorkQueue {
	return []WorkQueue{QueueReview, QueuePayments, QueueStatements, QueueSecretariat, QueueMail,
		QueueInfoChanges, QueueCouncil, QueueSubmissions}
}

// Handle returns the principal's queues (staff only) with one count query (and
// one of the undelivered email for the admin), none when the role works on no
// queue.
func (h *WorkQueuesHandler) Handle(ctx context.Context, q WorkQueues) (WorkQueuesView, error) {
	if err := access.Authorize(h.authz, q.Principal, access.ReadWorkQueues, ""); err != nil {
		return WorkQueuesView{}, err
	}
	var mine []WorkQueue
	for _, w := range workQueues() {
		if w == QueueMail && h.mails == nil {
			continue
		}
		if w == QueueInfoChanges && h.infoChanges == nil {
			continue
		}
		if w == QueueCouncil && h.council == nil || w == QueueSubmissions && h.submissions == nil {
			continue
		}
		ok, err := access.Can(h.authz, q.Principal, queueDuty(w), "")
		if err != nil {
			return WorkQueuesView{}, err
		}
		if ok {
			mine = append(mine, w)
		}
	}
	if len(mine) == 0 || h.counter == nil {
		return WorkQueuesView{}, nil
	}
	n, err := h.counter.CountWorkQueues(ctx)
	if err != nil {
		return WorkQueuesView{}, apperr.Internal(err)
	}
	counts := map[WorkQueue]int{QueueReview: n.Review, QueuePayments: n.Payments,
		QueueStatements: n.StatementLines, QueueSecretariat: n.Secretariat}
	if slices.Contains(mine, QueueInfoChanges) {
		if counts[QueueInfoChanges], err = h.pendingInfoChanges(ctx); err != nil {
			return WorkQueuesView{}, err
		}
	}
	if slices.Contains(mine, QueueMail) {
		if counts[QueueMail], err = h.mails.CountUndelivered(ctx); err != nil {
			return WorkQueuesView{}, apperr.Internal(err)
		}
	}
	if slices.Contains(mine, QueueCouncil) {
		if counts[QueueCouncil], err = h.council(ctx); err != nil {
			return WorkQueuesView{}, apperr.Internal(err)
		}
	}
	if slices.Contains(mine, QueueSubmissions) {
		if counts[QueueSubmissions], err = h.submissions(ctx); err != nil {
			return WorkQueuesView{}, apperr.Internal(err)
		}
	}
	v := WorkQueuesView{Queues: make([]WorkQueueCount, len(mine))}
	for i, w := range mine {
		v.Queues[i] = WorkQueueCount{Queue: w, Count: counts[w]}
	}
	return v, nil
}
