package gopdfprovider

import (
	"bufio"
	"compress/zlib"
	"context"
	"fmt"
	"io"

	"github.com/signintech/gopdf"

	"planreport/pipeline/layout"
)

// RenderWithGopdf is the reference contentWriter is held to: the renderer
// as it was before contentWriter, drawing every operation with gopdf's own
// calls and letting gopdf write the content streams. Exported for the
// external tests, which compare files from real reports.
func RenderWithGopdf(p *Provider, ctx context.Context, d *layout.Document, w io.Writer) error {
	return p.renderWithGopdf(ctx, d, w)
}

func (p *Provider) renderWithGopdf(ctx context.Context, d *layout.Document, w io.Writer) error {
	release := false
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: gopdf.Rect{W: d.Width, H: d.Height}, Unit: gopdf.UnitPT})
	pdf.SetNoCompression() // streamDeflater compresses instead
	for _, fam := range []string{familyRegular, familyBold} {
		if err := pdf.AddTTFFontFromFontContainer(fam, &p.fonts); err != nil {
			return fmt.Errorf("add font %s: %w", fam, err)
		}
	}
	pdf.SetInfo(gopdf.PdfInfo{
		Title:        d.Info.Title,
		Subject:      d.Info.Subject,
		Author:       d.Info.Author,
		Creator:      d.Info.Creator,
		Producer:     d.Info.Creator,
		CreationDate: d.Info.CreationDate,
	})

	var roots []*outlineItem
	var stack []*outlineItem // the last item of each level
	for i, page := range d.Pages {
		if i%16 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		pdf.AddPage()
		// Every setting gopdf writes is an operator in the page's content
		// stream, which starts from the default state: cur is what this
		// page has set so far, so each is written only when it changes.
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
					continue // an unfilled Slot
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
				// Text is drawn in the fill colour. gopdf's SetTextColor
				// would repeat the colour inside every text object, so the
				// text colour mode is left at its default (gray, which
				// writes no colour) and the fill colour set when it changes.
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
			case layout.OpLink:
				pdf.AddInternalLink(op.Dest, op.X, op.Y, op.W, op.H)
			case layout.OpAnchor:
				pdf.SetY(op.Y)
				pdf.SetAnchor(op.Dest)
			case layout.OpOutline:
				pdf.SetY(op.Y)
				it := &outlineItem{obj: pdf.AddOutlineWithPosition(op.Text), level: op.Level}
				level := min(op.Level, len(stack))
				if level == 0 {
					roots = append(roots, it)
				} else {
					parent := stack[level-1]
					parent.children = append(parent.children, it)
				}
				stack = append(stack[:level], it)
				it.level = level
			}
		}
		if release {
			d.Pages[i] = nil
		}
	}
	if release {
		d.Pages = nil
	}
	if len(roots) > 0 {
		if err := linkOutline(roots, stack); err != nil {
			return err
		}
	}
	// gopdf writes uncompressed and ignores write errors; the deflater
	// compresses the page streams beside it with one reused zlib writer,
	// and bufio keeps the first write error for Close to report.
	bw := bufio.NewWriterSize(w, 64<<10)
	dz, err := newStreamDeflater(bw, zlib.BestSpeed)
	if err != nil {
		return err
	}
	if _, err := pdf.WriteTo(dz); err != nil {
		dz.Close() // stops its goroutines; the error above is the one to report
		return fmt.Errorf("write pdf: %w", err)
	}
	if err := dz.Close(); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	return nil
}
