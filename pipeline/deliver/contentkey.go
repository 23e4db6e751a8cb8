package deliver

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"planreport/pipeline/model"
	"planreport/pipeline/reportdoc"
)

// DepartmentContentKeys returns, per department of b, a key of what its PDF
// shows apart from the report date, for DepartmentPDF.ContentKey: the
// SHA-256 of salt and of the part of b the PDF is rendered from
// (reportdoc.DepartmentBatches) with the report date left out. A department
// PDF prints its report date, so its bytes differ with every report; with
// this key a department whose data did not change is not published again
// under the new date. salt must change whenever the same data would render
// differently: the settings that shape the report and the program build
// (the run's cache salt is both).
//
// Every exported field of the model reaches the JSON encoding (the cache
// refuses model types with hidden fields), and maps are written sorted, so
// equal parts give equal keys.
func DepartmentContentKeys(b *model.Batch, salt string) (map[string]string, error) {
	keys := map[string]string{}
	for dept, sub := range reportdoc.DepartmentBatches(b) {
		undated := *sub
		undated.ReportDate = ""
		data, err := json.Marshal(&undated)
		if err != nil {
			return nil, fmt.Errorf("%s の部別PDFの内容の鍵を作れません: %w", dept, err)
		}
		h := sha256.New()
		fmt.Fprintf(h, "department-content/1\n%q\n", salt)
		h.Write(data)
		keys[dept] = hex.EncodeToString(h.Sum(nil))
	}
	return keys, nil
}
