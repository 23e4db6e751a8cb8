package pdfreport

import (
	"fmt"
	"strings"

	"planreport/pipeline/model"
)

// This file builds the test batch by hand from the seed dump
// /work/shared/seed/000_5690a763bf3eaf8f.txt (基本目標5, eleven
// initiatives). Rates, judgements and roll-ups were worked out by hand:
// e.g. 157 ÷ 373 = 42.09 → 42.1 (the sheet says 42.0, so it is marked),
// 187 ÷ 176 = 106.25 → 106.3 half-up (the sheet's 106.2 is the truncated
// value). No code of the rate stage is involved.

const background = "東日本大震災による甚大な被害により、コミュニティの再生・再構築を必要としている市街地（白地地区）がある。復興住宅や新市街地においては、復興公営住宅の建設に合わせて、住民の意見を取り入れた新たなコミュニティづくりが必要とされ、応急仮設住宅においては、入居者の減少によりコミュニティ維持が難しくなっている。\n地域自治システムについては、市内全域での構築を目指しているが、平成30年度からは、地域自治システムの構築に向けたロードマップを作成し、着手重点地区を定めるなど、早期の協議会立ち上げに向けて鋭意取り組んでいく。"

var heiseiLabels = []string{"平成27年度", "平成28年度", "平成29年度", "平成30年度", "平成31年度", "平成32年度"}

func fy(i int) model.FiscalYear { return model.FiscalYear{Year: 2015 + i, Label: heiseiLabels[i]} }

// rich turns text into blocks: lines starting with ・ are bullets.
func rich(text, file, sheet, cell string) model.RichText {
	t := model.RichText{Source: model.Source{File: file, Sheet: sheet, Cell: cell}}
	for _, line := range strings.Split(text, "\n") {
		if line == "" {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "・"); ok {
			t.Blocks = append(t.Blocks, model.Block{Kind: model.Bullet, Text: rest})
		} else {
			t.Blocks = append(t.Blocks, model.Block{Kind: model.Paragraph, Text: line})
		}
	}
	return t
}

func value(s string, src model.Source) model.Value {
	switch s {
	case "", "-", "—":
		return model.Value{Kind: model.ValueNone, Raw: s, Source: src}
	case "実施":
		return model.Value{Kind: model.ValueDone, Raw: s, Source: src}
	case "未実施":
		return model.Value{Kind: model.ValueNotDone, Raw: s, Source: src}
	}
	d, ok := model.ParseDecimal(strings.ReplaceAll(s, ",", ""))
	if !ok {
		return model.Value{Kind: model.ValueInvalid, Raw: s, Source: src}
	}
	return model.Value{Kind: model.ValueNumber, Number: d, Raw: s, Source: src}
}

// ev is a hand-computed evaluation: tenths of a percent (-1: no rate) and
// the judgement; stated is whether the sheet's own rate agrees.
type ev struct {
	tenths int64
	j      model.Judgement
	ok     bool
}

var none = ev{tenths: -1, j: model.NotEvaluable, ok: true}

func rate(t int64, j model.Judgement) ev  { return ev{tenths: t, j: j, ok: true} }
func wrong(t int64, j model.Judgement) ev { return ev{tenths: t, j: j, ok: false} }
func done() ev                            { return ev{tenths: -1, j: model.Achieved, ok: true} }
func notDone() ev                         { return ev{tenths: -1, j: model.NotAchieved, ok: true} }

type indSpec struct {
	name, unit string
	dir        model.Direction
	target     []string
	actual     []string
	stated     []string
	evals      []ev
}

type iniSpec struct {
	file, sheet, dept, section string
	number                     int
	title, overview            string
	plans                      []string // six years
	inds                       []indSpec
	results                    [][2]string // per year from 平成27年度: 取組実績, 今後の課題
}

func at(list []string, i int) string {
	if i < len(list) {
		return list[i]
	}
	return ""
}

func (s iniSpec) build() *model.Initiative {
	src := model.Source{File: s.file, Sheet: s.sheet, Cell: "A3"}
	in := &model.Initiative{
		Source: src, Department: s.dept, Section: s.section, GoalNumber: 5, GoalName: "市民と協働",
		Number: s.number, Title: s.title,
		Overview:   rich(s.overview, s.file, s.sheet, "B4"),
		Background: rich(background, s.file, s.sheet, "B30"),
		Period:     model.Period{First: 2015, Last: 2020},
	}
	for i, p := range s.plans {
		phase := model.Phase("前期")
		if i >= 3 {
			phase = "後期"
		}
		in.Plans = append(in.Plans, model.PlanYear{Phase: phase, Year: fy(i), Work: rich(p, s.file, s.sheet, fmt.Sprintf("D%d", 5+i))})
	}
	for k, d := range s.inds {
		row := 14 + 3*k
		ind := model.Indicator{Name: d.name, Unit: d.unit, Direction: d.dir, Source: src.At(fmt.Sprintf("B%d", row))}
		for i := range 6 {
			col := string(rune('E' + i))
			iy := model.IndicatorYear{
				Year:       fy(i),
				Target:     value(at(d.target, i), src.At(fmt.Sprintf("%s%d", col, row))),
				Actual:     value(at(d.actual, i), src.At(fmt.Sprintf("%s%d", col, row+1))),
				StatedRate: value(at(d.stated, i), src.At(fmt.Sprintf("%s%d", col, row+2))),
			}
			e := none
			if i < len(d.evals) {
				e = d.evals[i]
			}
			iy.Eval = model.Evaluation{Rate: model.Rate{Tenths: max(e.tenths, 0), Valid: e.tenths >= 0}, Judgement: e.j, StatedMatches: e.ok}
			ind.Years = append(ind.Years, iy)
		}
		in.Indicators = append(in.Indicators, ind)
	}
	for i, r := range s.results {
		in.Results = append(in.Results, model.ResultYear{Year: fy(i), Results: rich(r[0], s.file, s.sheet, "D40"), Issues: rich(r[1], s.file, s.sheet, "D41")})
	}
	return in
}

func six(s string) []string { return []string{s, s, s, s, s, s} }

var seedInitiatives = []iniSpec{
	{file: "復興政策部.xlsx", sheet: "取組1", dept: "復興政策部", section: "地域協働課", number: 1, title: "市民との協働の推進",
		overview: "地域コミュニティの再生・強化を促進し、また新市街地における新たなコミュニティの構築を図りながら、住民主体の協働のまちづくりを実現するため、行政と市民の協働を推進する。\n【主な取組内容】\n・コミュニティづくり支援補助事業等の実施\n・地域づくりコーディネート事業等の実施\n・地域自治システムの構築\n・新市街地における自治会形成支援",
		plans:    six("・コミュニティづくり支援補助事業・地域づくりコーディネート事業等の実施\n・地域自治システムの構築"),
		inds: []indSpec{
			{name: "コミュニティづくり支援補助事業申請件数", unit: "件数", target: []string{"373", "373", "373", "250", "250", "250"}, actual: []string{"157", "172", "168"}, stated: []string{"42.0", "46.1", "45.0"},
				evals: []ev{wrong(421, model.GradeD), rate(461, model.GradeD), rate(450, model.GradeD)}},
			{name: "地域づくりコーディネート補助団体数", unit: "件数", target: []string{"6", "6", "6", "10", "10", "10"}, actual: []string{"7", "9", "8"}, stated: []string{"116.7", "150.0", "133.3"},
				evals: []ev{rate(1167, model.GradeA), rate(1500, model.GradeA), rate(1333, model.GradeA)}},
			{name: "住民自治組織の累積設立数 (地域自治システム)", unit: "件数", target: []string{"2", "3", "3", "4", "5", "6"}, actual: []string{"3", "3", "3"}, stated: []string{"150.0", "100.0", "100.0"},
				evals: []ev{rate(1500, model.GradeA), rate(1000, model.GradeA), rate(1000, model.GradeA)}},
		},
		results: [][2]string{
			{"コミュニティづくり支援補助事業：事業のPR及び申請補助等により定着してきた。\n地域づくりコーディネート事業：2次募集を行い、計7団体に交付を決定した。\n地域自治システム：桃生地区において住民自治組織が設立された。", "コミュニティづくり支援補助事業・地域づくりコーディネート事業：コミュニティの再生という当初の目標は概ね達成したと考えられるため、今後は制度設計等の見直しが必要。\n地域自治システム：地域内での人材発掘や住民自治組織に対する市民の理解の浸透、啓発が必要。"},
			{"コミュニティづくり支援補助事業：事業の浸透定着により前年対比1.5件増の172件の補助。\n地域づくりコーディネート事業：9団体へ交付を決定した。", "地域自治システム：住民自治組織に対する市民の理解の浸透、啓発及び設立準備への支援強化。"},
			{"コミュニティづくり支援補助事業：事業の浸透定着により前年同等程度を補助。\n地域づくりコーディネート事業：8団体へ交付を決定した。", "地域自治システム：設立のため、アドバイザー派遣等を含めた支援の強化が必要。"},
		}},
	{file: "復興政策部.xlsx", sheet: "取組2", dept: "復興政策部", section: "ICT総合推進室", number: 2, title: "ICTを活用した行政サービスの向上と業務の効率化の推進",
		overview: "ICTの最新技術を積極的に施策に取り入れた、防災、医療、福祉等の各分野における行政サービスの向上と地域資源の有効利用による新産業創出のため、第2次石巻市地域情報化基本計画実施計画策定の検討及び石巻市総合計画実施計画と照らし合わせた各種施策におけるICT利活用の推進。\n【主な取組内容】\n・第2次石巻市地域情報化基本計画実施計画の検討・策定\n・事業の具現化と具現化に向けた情報提供及び関係課調整並びに検討",
		plans:    []string{"・地域情報化基本計画実施計画の検討・策定", "・地域情報化基本計画実施計画に基づく各種施策の実施", "・地域情報化基本計画実施計画に基づく各種施策の実施", "・行政文書決裁管理及びGIS統合ソリューションの検討", "・行政文書決裁管理及びGIS統合ソリューション導入に向けた庁内調整・運用の確立", "・行政文書決裁管理及びGIS統合ソリューションの順次導入"},
		inds: []indSpec{
			{name: "地域情報化基本計画実施計画の検討", unit: "—", target: []string{"実施"}, actual: []string{"実施"}, evals: []ev{done()}},
			{name: "地域情報化基本計画実施計画の策定", unit: "—", target: []string{"実施"}, actual: []string{"実施"}, evals: []ev{done()}},
			{name: "行政文書決裁管理及びGIS統合ソリューション導入の進捗", unit: "%", target: []string{"-", "-", "-", "10", "30", "50"}},
		},
		results: [][2]string{
			{"実施計画策定段階における内部協議を行い、本計画で各施策として位置付けたもので実施に至っている事業については、総合計画等においても位置付けられ進捗管理も適正に行われているため、重複した進行管理による事業担当課の事務負担を避ける必要があると判断し、総合計画担当課との連携強化を念頭に置いた取組を実施", "本計画の存在意義（総合計画・震災復興基本計画との関連）も含めた次期計画の方向性"},
			{"本計画の存在意義（総合計画・震災復興基本計画との関連）も含めた次期計画の方向性を検討。今後は必要に応じて指針等を整理することとし、次期計画は策定しないこととして庁内調整を図っていく方針を固めた。", "計画廃止に向けた庁内調整。"},
			{"平成30年度からの後期取組と位置付けた行政文書決裁管理ソリューションの導入について、前倒しで情報収集（導入実績の高い業者から先進事例を含めたヒアリング等）と現状の把握及び課題整理等について関係課調整を開始した。", "ソリューション導入を主体的に進める主管課の決定と庁内調整、他の内部情報システム及び現行例規の影響調査"},
		}},
	{file: "総務部.xlsx", sheet: "取組3", dept: "総務部", section: "秘書広報課", number: 3, title: "まちづくり懇談会の開催",
		overview: "市政の課題、施策等を市民へ説明し、市政の浸透を図るとともに、市民の意見等を市政に反映させるため、まちづくり懇談会を開催する。\n【主な取組内容】\n・まちづくり懇談会の開催回数及び対象の拡大の検討、まちづくり懇談会の開催",
		plans:    []string{"・まちづくり懇談会の開催回数及び対象の拡大の検討\n・まちづくり懇談会の開催", "・まちづくり懇談会の開催", "・まちづくり懇談会の開催", "・まちづくり懇談会の開催回数及び対象の拡大の検討\n・まちづくり懇談会の開催", "・まちづくり懇談会の開催", "・まちづくり懇談会の開催"},
		inds: []indSpec{
			{name: "まちづくり懇談会の開催回数及び対象の拡大の検討", unit: "—", target: []string{"実施", "", "", "実施"}, actual: []string{"実施"}, evals: []ev{done()}},
			{name: "まちづくり懇談会開催回数", unit: "回", target: []string{"8", "8", "10", "8", "8", "8"}, actual: []string{"4", "6", "6"}, stated: []string{"50.0", "75.0", "60.0"},
				evals: []ev{rate(500, model.GradeC), rate(750, model.GradeC), rate(600, model.GradeC)}},
		},
		results: [][2]string{
			{"・まちづくり懇談会の実施については、市報での周知を実施した。（2回）\n・みやぎ生協・山下地区（2回）・住吉地区で実施した。", "・周知について、市報以外の方法も検討する。"},
			{"・通常、まちづくり懇談会については申し込みに基づき実施するものであるが、新たな周知方法として、総合支所に直接働き掛け河南地区、桃生地区で開催した。また、市報での周知も実施した。（2回）\n・本庁地区で4回（みやぎ生協・山下地区・住吉地区・荻浜地区）、総合支所地区で2回（河南地区・桃生地区）開催した。", "・新市街地の自治会の設立状況等を勘案し懇談会の開催について検討する。"},
			{"・まちづくり懇談会の実施については、市報での周知を実施した。（2回）\n・山下地区町内会、住吉地区町内会、みやぎ生協と新たに釜大街道町内会、町内会連合会女性部会、NPO法人ベビースマイルの計6回開催した。", "・半島沿岸部や新市街地の自治会の設立状況等を勘案し懇談会の開催について検討する。"},
		}},
	{file: "総務部.xlsx", sheet: "取組4", dept: "総務部", section: "秘書広報課", number: 4, title: "新たな市政情報の発信方法の検討",
		overview: "新たな手法による市政情報の提供を実施するため、ICTを活用した情報発信方法の検討を行う。\n【主な取組内容】\n・ICTを活用した情報発信方法の検討",
		plans:    []string{"ICTを活用した情報発信方法の検討", "ICTを活用した情報発信方法の検討", "ICTを活用した情報発信方法の検討", "ICTを活用した新たな情報発信方法の検討・実施及びフェイスブックの充実", "ICTを活用した新たな情報発信方法の検討・実施及びフェイスブックの充実", "ICTを活用した新たな情報発信方法の検討・実施及びフェイスブックの充実"},
		inds: []indSpec{
			{name: "ICTを活用した情報発信方法の検討", unit: "—", target: six("実施"), actual: []string{"実施", "実施", "実施"}, evals: []ev{done(), done(), done()}},
			{name: "ICTを活用した情報発信の実施", unit: "—", target: []string{"", "実施", "実施", "実施", "実施", "実施"}, actual: []string{"", "実施", "実施"}, evals: []ev{none, done(), done()}},
			{name: "秘書広報課フェイスブックページの認知度の向上（いいね!の数）", unit: "件", target: []string{"", "", "1,000", "1,000", "1,000", "1,000"}, actual: []string{"", "", "1,472"}, stated: []string{"", "", "147.2"},
				evals: []ev{none, none, rate(1472, model.GradeA)}},
		},
		results: [][2]string{
			{"フェイスブック等による情報発信手法を検討した。（地域振興課と共同で先進地視察等を実施）", "フェイスブック等による情報発信を具体化する必要がある。"},
			{"秘書広報課フェイスブックページを開設し、イベント情報等の発信を行った。", "フェイスブックページの認知度を上げるとともにフェイスブック以外の手法について検討する。"},
			{"フェイスブックに限らずSNS全般やアプリを使用した情報発信について、他自治体の取り組み等を調査した。", "調査結果の内容を反映するよう、運営方針を見直す。"},
		}},
	{file: "総務部.xlsx", sheet: "取組5", dept: "総務部", section: "秘書広報課", number: 5, title: "ホームページ・市報の改善",
		overview: "現在行っている市政の広報について、最新の情報を分かりやすく提供するため、ホームページ・市報の改善を行う。\n【主な取組内容】\n・ホームページ、市報の改善内容の検討及び実施",
		plans:    []string{"・ホームページ、市報の改善内容の検討", "・ホームページ、市報の改善内容の実施準備", "・ホームページ、市報の改善", "・ホームページ、市報の改善内容の検討及び改善", "・ホームページ、市報の改善内容の検討及び改善", "・ホームページ、市報の改善内容の検討及び改善"},
		inds: []indSpec{
			{name: "ホームページ・市報の改善内容の検討", unit: "—", target: []string{"実施", "", "実施", "実施", "実施", "実施"}, actual: []string{"実施", "", "実施"}, evals: []ev{done(), none, done()}},
			{name: "ホームページ・市報の改善", unit: "—", target: []string{"", "実施", "実施", "実施", "実施", "実施"}, actual: []string{"", "実施", "実施"}, evals: []ev{none, done(), done()}},
		},
		results: [][2]string{
			{"・ライフイベントの充実を図った\n・イベントカレンダーへのイベントの掲載を各課に促し、イベントカレンダーの充実を図った。", "・より探しやすいホームページ構成を目指す必要がある。"},
			{"・ホームページ上の「ライフイベント」のデザインを更新し、掲載位置を上部の見やすい位置に移動した。\n・ホームページ掲載記事について、各担当課へ古い情報の更新・削除の作業を促し、最新情報の発信に努めた。\n・市報にホームページ（イベントカレンダーや子育て情報等）に繋がるQRコードを追加した。", "・必要な情報をより探しやすいホームページの構成に向けて改善を行っていく必要がある。\n市報については、市民意識調査の結果に基づき興味を引く内容、読みやすさの改善等を実施していく必要がある。"},
			{"・ホームページ上にポップアップメニューを追加し、ページ移動しなくても次のページの項目が見られるように仕様を変更した。\n・市報いしのまき15日号を平成29年度で廃止。平成30年5月1日号からページ数を12ページから16ページに増量し、これまで15日号に掲載していた復興関連情報も包括して掲載する。それに合わせて、1日号の内容やレイアウト変更について検討した。", "・ホームページでは、リスト機能の活用による構造化などアクセシビリティの向上を図る必要がある。\n・市報は平成30年5月1日号からページ数が増えるため、複数の職員が連携して市報の作成に関わる必要がある。今後も随時改善を図りながらより見やすく読みやすい、市民に必要とされる市報を作成するため、職員間での情報共有や意見交換をする必要がある。"},
		}},
	{file: "総務部.xlsx", sheet: "取組6", dept: "総務部", section: "総務課", number: 6, title: "情報開示方法の多様化の検討",
		overview: "情報公開の推進及び情報公開制度の利便性の向上を図るため、情報開示方法の多様化（PDF等の電子データの活用）の検討を行う。\n【主な取組内容】\n・新たな開示手法の検討",
		plans:    six("新たな開示手法の検討"),
		inds: []indSpec{
			{name: "新たな開示手法の検討", unit: "—", target: six("実施"), actual: []string{"実施", "実施", "実施"}, evals: []ev{done(), done(), done()}},
		},
		results: [][2]string{
			{"・国・県その他の自治体の取組状況の調査\n・文書のデータ化に必要な機器等の調査", "・国においては、電子データによる開示に対応しているが、県及び県内各市においては、未対応となっており、今度の状況を注視し、検討が必要である。\n・機器等の整備に係る経費について、図面等をデータ化する機器などは高額であり、また、総合支所への設置も必要となることから相当の金額が必要となり、費用対効果の面から検討が必要となる。"},
			{"国・県その他の自治体の取組状況の調査", "これまで、開示請求制度における対応として、電子データによる提供を導入することを検討してきたが、市民等からのニーズや事務処理の効率性、費用対効果の面から、開示請求制度にこだわらず、検討する。"},
			{"国・県その他の自治体の取組状況の調査", "今後も引き続き、市民等からのニーズや事務処理の効率性、費用対効果の面から、開示請求制度にこだわらず、データ提供の可能性を検討することが必要である。"},
		}},
	{file: "総務部.xlsx", sheet: "取組7", dept: "総務部・財務部", section: "総務課・行政経営課", number: 7, title: "社会保障・税番号制度（マイナンバー制度）の利活用の検討",
		overview: "市民サービスの向上と業務の効率化を図るため、マイナンバー制度導入後の利活用について検討する。\n【主な取組内容】\n・マイナンバー制度の導入及び利活用の検討",
		plans:    []string{"・マイナンバー制度の導入", "・マイナンバー制度の利活用の検討", "・マイナンバー制度の利活用の検討", "・マイナンバー制度の円滑な実施及び利活用の検討", "・マイナンバー制度の円滑な実施及び利活用の検討", "・マイナンバー制度の円滑な実施及び利活用の検討"},
		inds: []indSpec{
			{name: "マイナンバー制度利活用の検討", unit: "—", target: []string{"", "実施", "実施"}, actual: []string{"", "実施", "実施"}, evals: []ev{none, done(), done()}},
			{name: "マイナンバー制度の円滑な実施及び利活用の検討", unit: "—", target: []string{"", "", "", "実施", "実施", "実施"}},
		},
		results: [][2]string{
			{"制度を円滑に導入するため、個人番号利用事務の洗い出し、個人情報保護条例の改正、個人番号利活用条例の制定その他関係例規の整備を行った。また、個人情報等が適切に管理されるよう個人情報取扱規程を策定し職員研修を行うとともに、市報、ホームページ、住民説明会等による広報を行った。", "情報システム課を中心としたマイナポータル（平成29年1月）、情報提供ネットワークシステムによる他自治体等との庁外連携（平成29年7月）等全庁的なシステム対応・準備が大きな課題であり、これらの活用により、添付書類の削減、来庁不要といった市民サービスの向上、業務の効率化が期待される。"},
			{"情報提供ネットワークシステムによる他自治体との庁外連携（平成29年7月）へ向けた準備として、各種システムの改修と総合運用テストを実施した。", "情報提供ネットワークシステムによる他自治体との庁外連携及び情報提供等記録開示システム（マイナポータル）の運用が、平成29年7月より開始されるため、円滑な運用開始へ向け準備する。"},
			{"情報連携ネットワークシステム本格運用に向け、各課副本登録作業を実施。29年11月に本格運用を開始し、庁外連携が可能となった。", "子育てワンストップサービスが、本市既存のドメイン（lg.jp）との適正が合わず、初期登録すらできていない状況のため、対応できるドメインを取得する必要がある。"},
		}},
	{file: "総務部.xlsx", sheet: "取組8", dept: "総務部", section: "防災推進課", number: 8, title: "消防団の班の再編・再生",
		overview: "被災地域の消防力確保、消防団組織の効率化と消防設備の有効活用を図るため、現状に応じた消防団の班の再編・再生を図る。\n【主な取組内容】\n・消防団の班の再編に向けた検討",
		plans:    []string{"・消防団の班の再編に向けた検討", "・消防団の班の再編に向けた検討", "・消防団の班の再編・再生の一部実施", "・消防団の班の再編・再生の一部実施", "・消防団の班の再編・再生の一部実施", "・消防団の班の再編・再生の一部実施"},
		inds: []indSpec{
			{name: "消防団の班の再編に向けた検討", unit: "—", target: []string{"実施", "実施", "実施"}, actual: []string{"実施", "実施", "実施"}, evals: []ev{done(), done(), done()}},
			{name: "消防団の班の数", unit: "班", dir: model.LowerIsBetter, target: []string{"—", "—", "—", "174", "170", "170"}, actual: []string{"198", "198", "179"}},
			{name: "消防団員数", unit: "人", target: []string{"—", "—", "—", "1,800", "1,820", "1,840"}, actual: []string{"1,858", "1,854", "1,781"}},
		},
		results: [][2]string{
			{"毎月開催される市消防団の地区団長会議において、被災地域の今後の状況を踏まえた、組織の再編について協議を行っている。", "震災後の消防団施設設備復旧に取り組んでいるものの、集団移転事業の進捗の遅れにより、復旧が遅れを生じている。"},
			{"毎月開催される市消防団の地区団長会議において、被災地域の今後の状況を踏まえた、組織の再編について協議を行っている。", "震災後の集団移転事業の進捗により、地域コミュニティの形成が期待できることから、今後コミュニティ形成の動きとともに消防団組織の再編に向けた協議を地区団長会議で行い、再編へ向けた取り組みを実施する必要がある。"},
			{"毎月開催される市消防団地区団長会議において、被災地域の今後の状況を踏まえた、消防団組織の再編について各地区団毎に再編計画の検討を行い、その検討結果について平成30年度地区団長会議にて報告をいただく事としている。", "市消防団地区団長会議にて報告のあった、各地区団毎の消防団組織の再編に係る協議結果についてとりまとめ、整理した内容に基づいて、消防団規則の改正を行う必要がある。"},
		}},
	{file: "財務部.xlsx", sheet: "取組9", dept: "財務部", section: "財政課", number: 9, title: "財政状況の公表",
		overview: "財政状況についての市民理解を推進するため、分かりやすい財政状況の公表を行う。\n【主な取組内容】\n・市報、ホームページでの財政状況の公表\n・新地方公会計の導入と新たな情報提供の実施",
		plans:    []string{"・市報、ホームページでの財政状況の公表\n・新地方公会計導入に係る検討", "・市報、ホームページでの財政状況の公表\n・新地方公会計導入に係る検討", "・市報、ホームページでの財政状況の公表\n・新地方公会計の導入", "・市報、ホームページでの財政状況の公表\n・新地方公会計導入に伴う新たな情報の提供実施", "・市報、ホームページでの財政状況の公表\n・新地方公会計導入に伴う新たな情報の提供実施", "・市報、ホームページでの財政状況の公表\n・新地方公会計導入に伴う新たな情報の提供実施"},
		inds: []indSpec{
			{name: "市報、ホームページでの財政状況の公表回数", unit: "回", target: six("2"), actual: []string{"2", "2", "2"}, stated: []string{"100", "100", "100"},
				evals: []ev{rate(1000, model.GradeA), rate(1000, model.GradeA), rate(1000, model.GradeA)}},
			{name: "新地方公会計導入検討庁内調整会議の開催", unit: "回", target: []string{"5", "5", "—", "—", "—", "—"}, actual: []string{"0", "0"}, stated: []string{"0", "0"},
				evals: []ev{rate(0, model.GradeD), rate(0, model.GradeD)}},
			{name: "統一的な基準による財務諸表の公表", unit: "回", target: []string{"—", "—", "1", "1", "1", "1"}, actual: []string{"—", "—", "0"}, stated: []string{"—", "—", "0"},
				evals: []ev{none, none, rate(0, model.GradeD)}},
		},
		results: [][2]string{
			{"財務諸表（H22～25）の公表", "財務諸表（H26）の公表。統一的な基準による財務書類の作成にあたり、関係課と協議し固定資産台帳の整備を進める"},
			{"関係課へ統一的な基準による地方公会計に係る固定資産台帳の整備依頼を実施。", "財務諸表（H26、H27）の公表。H28決算からの統一的な基準による財務書類の作成（平成29年度末公表）にあたっては、各課の協力による固定資産台帳の整備が大前提となる。"},
			{"固定資産台帳（H28年度末まで）の整備を完了させた。財務書類の作成（H28年度決算分）については、期末一括仕訳や固定資産データ連携処理等まで完了したが、一部の特別会計、及び第三セクター等を含む連結財務書類の作成段階で時間を要し、公表には至っていない。", "膨大な復興事業における資産管理、特に建設仮勘定からの本勘定振替や、各会計間取引、所管替等、複雑な処理が必要となる案件が多く、事務処理に時間を要することが大きな課題。"},
		}},
	{file: "生活環境部.xlsx", sheet: "取組10", dept: "生活環境部", section: "市民課", number: 10, title: "コンビニエンスストアにおける証明書等の交付の検討",
		overview: "窓口利用者の利便性の向上を図るため、マイナンバー制による個人番号カードの交付に併せた、コンビニエンスストアにおける証明書等の交付について検討する。\n【主な取組内容】\n・コンビニエンスストアにおける交付可能な証明書等の検討",
		plans:    []string{"・マイナンバー制度導入に伴う個人番号の交付開始に状況把握\n・コンビニエンスストアにおける交付可能な証明書等の検討", "・コンビニエンスストアにおける交付可能な証明書等の検討", "・証明書コンビニ交付システム構築業務契約\n・戸籍及び住基、税系システムベンダーとシステム開発スケジュールを調整する。", "・マイナンバー（個人番号）カードによる証明書コンビニ交付サービスの開始", "", ""},
		inds: []indSpec{
			{name: "コンビニエンスストアにおける交付可能な証明書等の検討", unit: "—", target: []string{"実施", "実施"}, actual: []string{"未実施", "実施"}, evals: []ev{notDone(), done()}},
			{name: "証明書コンビニ交付システムの構築", unit: "—", target: []string{"—", "—", "実施", "実施"}, actual: []string{"—", "—", "実施"}, evals: []ev{none, none, done()}},
			{name: "コンビニ交付による証明書発行率", unit: "%", target: []string{"", "", "", "11.0", "16.0", "21.0"}},
		},
		results: [][2]string{
			{"・実施なし\n【個人番号カードの交付が開始されたばかりのため、カードの普及がどの程度か動向をみた。】", "・個人番号カード普及の動向及び費用対効果等の検証"},
			{"・コンビニ交付について、関係部課協議のうえ、交付可能な証明書等の決定", "・コンビニ交付の市民等への周知\n・導入することによる、個人番号カードの申請増加への対応"},
			{"・コンビニ交付構築業務契約及びシステム構築作業", "・コンビニ交付の市民等への周知\n・導入することによる、個人番号カードの申請増加への対応"},
		}},
	{file: "建設部.xlsx", sheet: "取組11", dept: "建設部", section: "都市計画課", number: 11, title: "都市公園愛護会結成の促進",
		overview: "都市公園の適正な維持管理を図るため、地域の公園愛護団体の結成を促進する。\n【主な取組内容】\n・愛護会結成の周知活動",
		plans:    six("・愛護会結成の周知活動"),
		inds: []indSpec{
			// The sheet writes counts under a 実施 target: not evaluable, and
			// its stated rates cannot be checked (marked).
			{name: "都市公園愛護会結成の周知活動", unit: "—", target: six("実施"), actual: []string{"1", "3", "1"}, stated: []string{"100.0", "300.0", "100.0"},
				evals: []ev{{tenths: -1, j: model.NotEvaluable}, {tenths: -1, j: model.NotEvaluable}, {tenths: -1, j: model.NotEvaluable}}},
			// 64/86 = 74.42 → 74.4; 74/87 = 85.06 → 85.1 (sheet 85.0); 99/88 = 112.5.
			{name: "都市公園愛護会の結成数", unit: "団体数", target: []string{"86", "87", "88", "100", "105", "115"}, actual: []string{"64", "74", "99"}, stated: []string{"74.4", "85.0", "112.5"},
				evals: []ev{rate(744, model.GradeD), wrong(851, model.GradeB), rate(1125, model.GradeA)}},
			// 130/172 = 75.58 → 75.6 (sheet 73.8); 144/174 = 82.76 → 82.8 (sheet 82.7); 187/176 = 106.25 → 106.3 (sheet 106.2).
			{name: "都市公園愛護会の結成された公園数", unit: "公園数", target: []string{"172", "174", "176", "200", "210", "230"}, actual: []string{"130", "144", "187"}, stated: []string{"73.8", "82.7", "106.2"},
				evals: []ev{wrong(756, model.GradeC), wrong(828, model.GradeB), wrong(1063, model.GradeA)}},
		},
		results: [][2]string{
			{"市内の町内会等に都市公園愛護会の結成促進を図るため、平成27年6月に開催された石巻市町内会連合会3役会及び同役員会、同総会において、石巻市公園愛護会結成にかかる文書を配布し、同制度の周知を図るとともに、公園愛護会の新たな設立を依頼した。", "平成27年度では、町内会及び老人クラブ会員が減少、また、会員の高齢化等により3団体が解散した。"},
			{"市内の町内会等に都市公園愛護会の結成促進を図るため、前年度に引き続き平成28年6月に開催した石巻市町内会連合会3役会及び同役員会、同総会において、石巻市公園愛護会結成にかかる文書を配布し、同制度の周知を図るとともに、公園愛護会の新たな設立を依頼した。また、各総合支所と連携し防災集団移転団地の自治会及び市街地復興土地区画整理事業により整備した自治会に対し、公園愛護会制度を周知するとともに新たな設置を依頼した。この結果、新たに13団体（19公園）の設立を得ることが出来た。", "平成28年度においては、町内会、子供会育成会及び老人クラブの会員数の減少、会員の高齢化等により解散した団体が3団体あり、また、今後解散を検討している団体が存在するとともに、会員の理解が得られず新たな公園愛護会の設立が困難な町内会も存在している。次年度においても、各町内会（各総合支所）と更に連携を密にし、防災集団移転団地、復興公営住宅の整備及び市街地再開発事業で新たに築かれる自治会組織及び住民に対し、本制度を根気よく周知して、新たな公園愛護会結成の促進を図ると共に、既存の愛護会に対しては会員の負担軽減のために清掃や除草の回数を見直していくことも検討する必要がある。"},
			{"この結果、新たに27団体（46公園）の設立を得ることが出来た。", "公園管理に関する表彰制度の創設や各種コミュニティ助成制度の情報提供や連携を通じて、公園愛護精神の高揚及び公園愛護会結成促進を図る。"},
		}},
}

func grades(a, b, c, d, ach, not int) model.GradeCounts {
	return model.GradeCounts{A: a, B: b, C: c, D: d, Achieved: ach, NotAchieved: not}
}

// seedBatch is the hand-built batch of the seed's eleven initiatives.
func seedBatch() *model.Batch {
	b := &model.Batch{ReportDate: "2026-11-23"}
	for _, s := range seedInitiatives {
		b.Initiatives = append(b.Initiatives, s.build())
	}
	b.Indexes = []model.GoalIndex{{GoalNumber: 5, GoalName: "市民と協働で進める行財政運営"}}
	b.Files = []model.InputFile{
		{Name: "復興政策部.xlsx", SHA256: strings.Repeat("1a2b3c4d", 8), Size: 48213, Status: model.FileAccepted},
		{Name: "総務部.xlsx", SHA256: strings.Repeat("5e6f7a8b", 8), Size: 120544, Status: model.FileAccepted},
		{Name: "財務部.xlsx", SHA256: strings.Repeat("9c0d1e2f", 8), Size: 30112, Status: model.FileAccepted},
		{Name: "生活環境部.xlsx", SHA256: strings.Repeat("3a4b5c6d", 8), Size: 29876, Status: model.FileAccepted},
		{Name: "建設部.xlsx", SHA256: strings.Repeat("7e8f9a0b", 8), Size: 31020, Status: model.FileAccepted},
		{Name: "旧様式.xls", SHA256: strings.Repeat("c1d2e3f4", 8), Size: 88064, Status: model.FileRejected},
		{Name: "~$総務部.xlsx", SHA256: strings.Repeat("0f0f0f0f", 8), Size: 165, Status: model.FileIgnored},
	}
	b.Add(model.SeverityError, "stated_rate_mismatch", model.Source{File: "復興政策部.xlsx", Sheet: "取組1", Cell: "E16"}, "記載された達成率 42.0 が計算値 42.1（157 ÷ 373 × 100、四捨五入）と一致しません")
	b.Add(model.SeverityWarning, "stated_rate_rounding", model.Source{File: "建設部.xlsx", Sheet: "取組11", Cell: "F19"}, "記載された達成率 85.0 は切り捨てによる値です（四捨五入では 85.1）")
	b.Add(model.SeverityError, "stated_rate_mismatch", model.Source{File: "建設部.xlsx", Sheet: "取組11", Cell: "E22"}, "記載された達成率 73.8 が計算値 75.6（130 ÷ 172 × 100、四捨五入）と一致しません")
	b.Add(model.SeverityWarning, "stated_rate_rounding", model.Source{File: "建設部.xlsx", Sheet: "取組11", Cell: "F22"}, "記載された達成率 82.7 は切り捨てによる値です（四捨五入では 82.8）")
	b.Add(model.SeverityWarning, "stated_rate_rounding", model.Source{File: "建設部.xlsx", Sheet: "取組11", Cell: "G22"}, "記載された達成率 106.2 は切り捨てによる値です（四捨五入では 106.3）")
	b.Add(model.SeverityError, "file_format", model.Source{File: "旧様式.xls"}, "Excel 97-2003 形式（.xls）またはパスワード付きのブックは読めません。.xlsx で保存し直してください")
	b.Add(model.SeverityInfo, "file_ignored", model.Source{File: "~$総務部.xlsx"}, "Excel の一時ファイルのため読み込みません")

	// Roll-ups worked out by hand from the evaluations above (see the
	// comment at the top of the file). Mean of 2015: (42.1 + 116.7 + 150.0
	// + 50.0 + 100.0 + 0 + 74.4 + 75.6) / 8 = 76.1.
	b.Rollups = model.Rollups{
		LatestYear: 2017,
		ByYear: []model.Rollup{
			{Year: 2015, Evaluated: 16, Achieved: 10, MeanRate: model.Rate{Tenths: 761, Valid: true}, Grades: grades(3, 0, 2, 3, 7, 1)},
			{Year: 2016, Evaluated: 15, Achieved: 10, MeanRate: model.Rate{Tenths: 799, Valid: true}, Grades: grades(3, 2, 1, 2, 7, 0)},
			{Year: 2017, Evaluated: 17, Achieved: 14, MeanRate: model.Rate{Tenths: 894, Valid: true}, Grades: grades(6, 0, 1, 2, 8, 0)},
		},
		ByDepartmentYear: []model.Rollup{
			{Department: "建設部", Year: 2017, Evaluated: 2, Achieved: 2, MeanRate: model.Rate{Tenths: 1094, Valid: true}, Grades: grades(2, 0, 0, 0, 0, 0)},
			{Department: "復興政策部", Year: 2017, Evaluated: 3, Achieved: 2, MeanRate: model.Rate{Tenths: 928, Valid: true}, Grades: grades(2, 0, 0, 1, 0, 0)},
			{Department: "生活環境部", Year: 2017, Evaluated: 1, Achieved: 1, Grades: grades(0, 0, 0, 0, 1, 0)},
			{Department: "総務部", Year: 2017, Evaluated: 9, Achieved: 8, MeanRate: model.Rate{Tenths: 1036, Valid: true}, Grades: grades(1, 0, 1, 0, 7, 0)},
			{Department: "財務部", Year: 2017, Evaluated: 3, Achieved: 2, MeanRate: model.Rate{Tenths: 500, Valid: true}, Grades: grades(1, 0, 0, 1, 1, 0)},
		},
	}
	return b
}
