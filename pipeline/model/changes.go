package model

// ChangeKind is what kind of change since the previous report a Change is;
// its value is the 区分 the report, the workbook and the mail show.
type ChangeKind string

const (
	ChangeActualEntered     ChangeKind = "実績値の入力" // an actual that was blank is now given
	ChangeValue             ChangeKind = "値の変更"   // a target, actual or stated rate changed
	ChangeGrade             ChangeKind = "判定の変更"  // the grade or judgement changed (C → B)
	ChangeRate              ChangeKind = "達成率の変更" // the computed rate changed, the grade did not
	ChangeInitiativeAdded   ChangeKind = "取組の追加"
	ChangeInitiativeRemoved ChangeKind = "取組の削除"
	ChangeTitle             ChangeKind = "取組名の変更" // the 取組項目名 of an initiative matched by goal and number
	ChangeDepartment        ChangeKind = "担当部の変更" // the 担当部名 of an initiative matched by goal and number
	ChangeIndicatorAdded    ChangeKind = "指標の追加"
	ChangeIndicatorRemoved  ChangeKind = "指標の削除"
	ChangeIndicatorRenamed  ChangeKind = "指標名の変更"
	ChangeFindingFixed      ChangeKind = "指摘の解消"
	ChangeFindingNew        ChangeKind = "新たな指摘"
	ChangePlanPeriod        ChangeKind = "計画期間の変更" // a new plan period began: its initiatives are not compared one by one
	// ChangeNotCompared: a workbook one of the two reports could not read,
	// or a sheet it read but left out for an error (Item says which); its
	// initiatives are not compared (not removed, not added).
	ChangeNotCompared ChangeKind = "比較できないブック"
)

// ChangeOrder is the order in which changes are listed: what a council
// member asks first (grades), then the values behind them, then what was
// added or removed, then the findings.
var ChangeOrder = []ChangeKind{
	ChangeGrade, ChangeRate, ChangeActualEntered, ChangeValue,
	ChangePlanPeriod, ChangeNotCompared, ChangeInitiativeAdded, ChangeInitiativeRemoved,
	ChangeTitle, ChangeDepartment, ChangeIndicatorAdded, ChangeIndicatorRemoved, ChangeIndicatorRenamed,
	ChangeFindingFixed, ChangeFindingNew,
}

// Change is one difference between the previous report and this one.
type Change struct {
	Kind       ChangeKind `json:"kind"`
	Goal       int        `json:"goal,omitempty"`       // 基本目標
	Initiative int        `json:"initiative,omitempty"` // 取組番号
	Title      string     `json:"title,omitempty"`      // 取組項目名
	Indicator  string     `json:"indicator,omitempty"`
	Year       int        `json:"year,omitempty"` // fiscal year; 0 when the change is not a year's
	Item       string     `json:"item,omitempty"` // 目標値, 実績値, 記載達成率, 達成率, 判定, 指標名 …
	Before     string     `json:"before"`         // 前回, as shown; "" when there was none
	After      string     `json:"after"`          // 今回, as shown; "" when there is none
	// Source is where the current value is (the previous one for what was
	// removed or fixed; a finding fixed on a workbook or sheet renamed
	// since is placed under its current name).
	Source Source `json:"source"`
}

// Changes is what changed since the previous report.
type Changes struct {
	// Base is the previous report's date (YYYY-MM-DD); "" when there is
	// no earlier report to compare with.
	Base string `json:"base,omitempty"`
	// Unreadable: the previous report's snapshot could not be read
	// (broken, or an unknown format or version); the report then compares
	// with nothing and says so. Why is for the log, not the report.
	Unreadable bool     `json:"unreadable,omitempty"`
	Items      []Change `json:"changes"`
}

// Count returns how many changes are of one of the kinds.
func (c *Changes) Count(kinds ...ChangeKind) int {
	if c == nil {
		return 0
	}
	n := 0
	for _, it := range c.Items {
		for _, k := range kinds {
			if it.Kind == k {
				n++
				break
			}
		}
	}
	return n
}

// ValueChanges counts the changed values: actuals entered and targets,
// actuals and stated rates changed.
func (c *Changes) ValueChanges() int { return c.Count(ChangeActualEntered, ChangeValue) }
