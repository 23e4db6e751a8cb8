package gopdfprovider

import (
	"context"
	"fmt"
	"io"

	"planreport/pipeline/layout"
)

// RenderWithGopdf is the reference contentWriter is held to: the renderer
// as it was before contentWriter, drawing every operation with gopdf's own
// calls and letting gopdf write the content streams. Everything else
// (document, bookmarks, writing) is the renderer's own. Exported for the
// external tests, which compare files from real reports.
func RenderWithGopdf(p *Provider, ctx context.Context, d *layout.Document, w io.Writer) error {
	return p.renderWithGopdf(ctx, d, w)
}

func (p *Provider) renderWithGopdf(ctx context.Context, d *layout.Document, w io.Writer) error {
	pdf, err := p.start(d)
	if err != nil {
		return err
	}
	var tree outlineTree
	for i, page := range d.Pages {
		if err := ctx.Err(); err != nil {
			return err
		}
		pdf.AddPage()
		var cur struct {
			font               layout.Font
			fontSet            bool
			fill, stroke       layout.RGB
			fillSet, strokeSet bool
			lineWidth          float64
			lineWidthSet       bool
		}
		setFill := func(c layout.RGB) {
			if !cur.fillSet || cur.fill != c {
				pdf.SetFillColor(c.R, c.G, c.B)
				cur.fill, cur.fillSet = c, true
			}
		}
		setStroke := func(c layout.RGB, width float64) {
			if !cur.lineWidthSet || cur.lineWidth != width {
				pdf.SetLineWidth(width)
				cur.lineWidth, cur.lineWidthSet = width, true
			}
			if !cur.strokeSet || cur.stroke != c {
				pdf.SetStrokeColor(c.R, c.G, c.B)
				cur.stroke, cur.strokeSet = c, true
			}
		}
		for _, op := range page.Ops {
			switch op.Kind {
			case layout.OpText:
				if op.Text == "" {
					continue
				}
				if !cur.fontSet || cur.font != op.Font {
					fam := familyRegular
					if op.Font.Bold {
						fam = familyBold
					}
					if err := pdf.SetFont(fam, "", op.Font.Size); err != nil {
						return fmt.Errorf("page %d: set font: %w", i+1, err)
					}
					cur.font, cur.fontSet = op.Font, true
				}
				setFill(op.Color)
				pdf.SetXY(op.X, op.Y)
				if err := pdf.Text(op.Text); err != nil {
					return fmt.Errorf("page %d: text %q: %w", i+1, op.Text, err)
				}
			case layout.OpLine:
				setStroke(op.Color, op.Width)
				pdf.Line(op.X, op.Y, op.X2, op.Y2)
			case layout.OpRect:
				style := ""
				if op.HasFill {
					setFill(op.Fill)
					style += "F"
				}
				if op.Stroke {
					setStroke(op.Color, op.Width)
					style += "D"
				}
				if style == "FD" {
					style = "DF"
				}
				if style != "" && op.W > 0 && op.H > 0 {
					pdf.RectFromUpperLeftWithStyle(op.X, op.Y, op.W, op.H, style)
				}
			default:
				tree.place(pdf, op)
			}
		}
	}
	return finish(pdf, &tree, nil, w)
}
