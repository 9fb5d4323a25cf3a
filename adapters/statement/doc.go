// Package statement reads bank statements (银行对账单) in CSV or XLSX into
// payment.Line values; it implements ports.StatementParser.
//
// # Expected format
//
// One table with a header row; the header may follow a few rows of account
// information (the first 30 rows are searched for it). Columns are found by
// their header names, in any order, ignoring spaces, case and a unit suffix
// such as 「(元)」:
//
//   - date (required): 交易日期, 日期, 记账日期, 入账日期, 交易时间, Date, Transaction Date, Value Date —
//     2019-09-21, 2019/9/21, 2019.09.21, 20190921, 2019年9月21日, with or without a time;
//     in XLSX also a date cell.
//   - amount (required): a credit column — 贷方金额, 贷方发生额, 收入金额, 收入, 入账金额, Credit,
//     Credit Amount — or a signed one — 金额, 交易金额, 发生额, Amount (negative for debits, or with a
//     借贷标志 / 收支 / 方向 / Dr/Cr column saying 贷/收/C for credits and 借/支/D for debits).
//     A 借方金额 / 支出金额 / Debit column marks debits. Amounts in yuan with at most two decimals;
//     thousands separators and ¥/元 are ignored.
//   - payer name: 对方户名, 对方账户名称, 对方名称, 付款人名称, 付款人, 付款方, 户名, Payer, Payer Name,
//     Counterparty.
//   - remark (where members write their payment reference code): 摘要, 附言, 用途, 备注, 交易附言,
//     摘要/附言, Remark, Reference, Memo, Description — every such column is read and joined.
//   - bank reference: 流水号, 交易流水号, 银行流水号, 业务流水号, 交易序号, 凭证号, 交易参考号,
//     Bank Reference, Bank Ref, Transaction ID, Reference No. Lines without one are recognised
//     again on a re-upload by their contents.
//
// At least a payer name or a remark column is required. Empty rows and rows whose date cell
// says 合计/总计/小计 are skipped. CSV files may be UTF-8 (with or without BOM) or GBK/GB18030,
// separated by commas, semicolons or tabs; quotes follow RFC 4180 (a field with a quote is
// quoted as a whole and its quotes doubled): a stray quote is reported with its row rather than
// read leniently, which would take the lines up to the next quote into one field. Old binary
// Excel files (.xls) are refused: save them as .xlsx or .csv. Every problem is reported with its
// row number, and then nothing is imported.
//
// # Bounds
//
// A statement has at most MaxLines lines, in a table of at most MaxColumns columns and
// MaxLines+30 rows. Files are read row by row and never held as a table: an XLSX sheet is
// streamed (excelize's Rows iterator), and its declared size (<dimension>) is checked before any
// row is read — a sheet too wide or too long is refused (statement_too_wide,
// statement_too_long), or passed over for the next sheet when no header was found in it yet —
// and so is a row found too wide or too far down while reading (the declaration may lie). The
// parts excelize reads whole are bounded from the archive's directory before it opens the file:
// 64 MiB unzipped in all, 1 MiB for the styles, workbook and relationships, 16 MiB and
// 5×MaxLines strings for the shared string table (a small file holding millions of empty styles
// or strings is a memory bomb).
package statement
