package command

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/legacyimport"
	"github.com/openassoc/membership/core/domain/member"
)

// planned is a checked row and what to do with it: create a member, or
// update the member Target.
type planned struct {
	cand   legacyimport.Candidate
	target string
}

// scan reads the file once: the header is mapped, every row parsed and
// checked against the earlier rows of the file and, a chunk at a time,
// against the stored members. Each chunk of rows without problems goes to
// apply (nil in a dry run); rows with problems are counted in the report
// and skipped. A file whose header cannot be mapped ends the scan with
// report.Fatal.
func (d ImportDeps) scan(ctx context.Context, f ImportFile, tee io.Writer,
	apply func(context.Context, []planned) error) (*ImportReport, error) {
	rows, closeAll, err := d.openSheet(ctx, f, tee)
	if err != nil {
		return nil, err
	}
	defer closeAll()
	rep := &ImportReport{FileName: f.Name}
	header, err := rows.Next()
	if errors.Is(err, io.EOF) {
		rep.Fatal = true
		rep.problem(legacyimport.Problem{Row: 1, Column: "表头", Message: "文件中没有任何内容，请使用导入模板"})
		return rep, nil
	} else if err != nil {
		return nil, err
	}
	rep.Header = header
	mapping, probs := legacyimport.MapHeaders(header, f.Mapping)
	if len(probs) > 0 {
		rep.Fatal = true
		rep.problem(probs...)
		return rep, nil
	}
	rules := legacyimport.Rules{Levels: d.Levels, Pinyin: d.Pinyin, Today: d.now()}
	seqs := d.newSeqTracker()
	defer func() { rep.maxSeq = seqs.max }()
	seen := legacyimport.NewSeen()
	buf := make([]legacyimport.Candidate, 0, importChunk)
	flush := func() error {
		plan, err := d.decide(ctx, buf, rep)
		buf = buf[:0]
		if err != nil || apply == nil || len(plan) == 0 {
			return err
		}
		return apply(ctx, plan)
	}
	for {
		vals, err := rows.Next()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, err
		}
		rep.Rows++
		cells := mapping.Row(vals)
		seqs.note(cells)
		cand, probs := legacyimport.Parse(rows.Line(), cells, rules)
		if len(probs) == 0 {
			probs = seen.Check(cand)
		}
		if len(probs) > 0 {
			rep.Skipped++
			rep.problem(probs...)
			continue
		}
		if buf = append(buf, cand); len(buf) == importChunk {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return rep, nil
}

// decide matches a chunk against the stored members: a row whose member
// number (then USCC or ID number) a member of its kind holds updates that
// member; a row whose name or email another member uses is refused.
func (d ImportDeps) decide(ctx context.Context, cands []legacyimport.Candidate, rep *ImportReport) ([]planned, error) {
	if len(cands) == 0 {
		return nil, nil
	}
	keys := make([]legacyimport.Keys, len(cands))
	for i, c := range cands {
		keys[i] = legacyimport.KeysOf(c)
	}
	matches, err := d.Store.Match(ctx, keys)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	held := map[string]string{} // key kind \x00 value → member id
	kinds := map[string]member.Kind{}
	for _, m := range matches {
		k := m.Key + "\x00" + m.Value
		if m.Key == "name" {
			k += "\x00" + string(m.Kind)
		}
		held[k] = m.MemberID
		kinds[m.MemberID] = m.Kind
	}
	out := make([]planned, 0, len(cands))
	for i, c := range cands {
		p, probs := decideOne(c, keys[i], held, kinds)
		if len(probs) > 0 {
			rep.Skipped++
			rep.problem(probs...)
			continue
		}
		out = append(out, p)
		rep.note(p)
	}
	return out, nil
}

func decideOne(c legacyimport.Candidate, k legacyimport.Keys, held map[string]string, kinds map[string]member.Kind) (planned, []legacyimport.Problem) {
	var probs []legacyimport.Problem
	clash := func(f legacyimport.Field, msg string) {
		probs = append(probs, legacyimport.Problem{Row: c.Line, Column: legacyimport.HeaderOf(f), Message: msg})
	}
	target := ""
	if k.Number != "" {
		target = held["number\x00"+k.Number]
	}
	if target == "" && k.RegNo != "" {
		target = held["reg_no\x00"+k.RegNo]
	}
	if target != "" && kinds[target] != k.Kind {
		clash(legacyimport.FieldNumber, fmt.Sprintf("会员编号或证件号与已有的%s相同，会员类型不符", kinds[target].Label()))
	}
	if id := held["name\x00"+k.Name+"\x00"+string(k.Kind)]; id != "" && id != target {
		clash(legacyimport.FieldName, "已有其他会员使用该名称："+k.Name)
	}
	if id := held["email\x00"+k.Email]; id != "" && id != target {
		clash(legacyimport.FieldEmail, "已有其他会员使用该邮箱："+k.Email)
	}
	if id := held["number\x00"+k.Number]; k.Number != "" && id != "" && id != target {
		clash(legacyimport.FieldNumber, fmt.Sprintf("会员编号 %s 已被其他会员使用", k.Number))
	}
	return planned{cand: c, target: target}, probs
}

// note counts a planned row and shows it while there is room.
func (r *ImportReport) note(p planned) {
	if p.target == "" {
		r.Creates++
	} else {
		r.Updates++
	}
	if len(r.Shown) >= MaxShownRows {
		return
	}
	e := p.cand.Entry
	contact := e.Name
	if e.Enterprise != nil {
		contact = e.Enterprise.ContactName
	}
	r.Shown = append(r.Shown, PreviewRow{Line: p.cand.Line, Update: p.target != "", MemberID: p.target,
		Kind: e.Kind, Name: e.Name, Number: e.Number, Contact: contact, Password: p.cand.Password})
}
