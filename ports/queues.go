package ports

import "context"

// WorkQueueCounts are the sizes of the back office's work queues: what waits for
// each duty now.
type WorkQueueCounts struct {
	// Review counts the applications waiting for review (入会审核 · 待审核).
	Review int
	// Payments counts the payments waiting for finance (缴费确认 · 待确认):
	// claims, vouchers and online orders a sandbox reported paid; other online
	// orders wait for the gateway and are not counted.
	Payments int
	// StatementLines counts the bank statement lines nobody has matched yet
	// (银行对账 · 待处理流水).
	StatementLines int
	// Secretariat counts the members whose fee is confirmed and who wait for the
	// secretariat's approval (秘书处审批).
	Secretariat int
}

// WorkQueueCounter counts the back office's work queues. The back office asks on
// every page (the menu's badges), so it is one cheap query.
type WorkQueueCounter interface {
	// CountWorkQueues returns the size of every queue.
	CountWorkQueues(ctx context.Context) (WorkQueueCounts, error)
}
