package legacyimport

import (
	"fmt"
	"time"
)

// DefaultStaleAfter is how long a running batch may go without progress
// before it counts as interrupted (its process died mid-import): a live
// import writes a chunk of 500 rows every few seconds.
const DefaultStaleAfter = 15 * time.Minute

// StaleMessage is the error of a batch marked failed after after without
// progress: what was written is kept, and the batch can be undone.
func StaleMessage(after time.Duration) string {
	return fmt.Sprintf("导入中断：超过%d分钟没有进展（处理导入的程序可能已停止）。已导入的会员保留在系统中，可以撤销本批后重新上传预览并导入", int(after.Round(time.Minute)/time.Minute))
}

// Stale returns, for a sweep at now with the configured time (0:
// DefaultStaleAfter), the instant before which a running batch's last
// progress makes it interrupted, and the message it fails with.
func Stale(now time.Time, after time.Duration) (before time.Time, message string) {
	if after <= 0 {
		after = DefaultStaleAfter
	}
	return now.Add(-after), StaleMessage(after)
}
