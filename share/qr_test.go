package share

import (
	"image"
	"image/color"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"rsc.io/qr"
)

// readQRArt reads drawn art back into what a camera would see: a grid of
// modules, true where dark. It follows the SGR colours and the glyphs, so it
// checks the drawing, not the code that made it.
func readQRArt(t *testing.T, art string, mode QRMode) [][]bool {
	t.Helper()
	const dark, light = 16, 231
	var grid [][]bool
	for lineNo, line := range strings.Split(art, "\n") {
		fg, bg := -1, -1 // -1: the terminal's default, which a scanner cannot rely on
		var top, bottom []bool
		shade := func(c int) bool {
			if c != dark && c != light {
				t.Fatalf("line %d: a module in colour %d, want explicit black (16) or white (231)", lineNo, c)
			}
			return c == dark
		}
		for i := 0; i < len(line); {
			if strings.HasPrefix(line[i:], "\x1b[") {
				end := strings.IndexByte(line[i:], 'm')
				if end < 0 {
					t.Fatalf("line %d: unterminated SGR in %q", lineNo, line[i:])
				}
				params := strings.Split(line[i+2:i+end], ";")
				for p := 0; p < len(params); p++ {
					switch params[p] {
					case "0", "":
						fg, bg = -1, -1
					case "38", "48":
						if p+2 >= len(params) || params[p+1] != "5" {
							t.Fatalf("line %d: unexpected colour %q", lineNo, line[i:i+end])
						}
						n, _ := strconv.Atoi(params[p+2])
						if params[p] == "38" {
							fg = n
						} else {
							bg = n
						}
						p += 2
					default:
						t.Fatalf("line %d: unexpected SGR %q", lineNo, params[p])
					}
				}
				i += end + 1
				continue
			}
			r := []rune(line[i:])[0]
			i += len(string(r))
			switch mode {
			case FullBlock:
				if r != ' ' || i >= len(line) || line[i] != ' ' {
					t.Fatalf("line %d: full-block module is not two spaces at byte %d", lineNo, i)
				}
				i++
				top = append(top, shade(bg))
			case HalfBlock:
				switch r {
				case '█':
					top, bottom = append(top, shade(fg)), append(bottom, shade(fg))
				case '▀':
					top, bottom = append(top, shade(fg)), append(bottom, shade(bg))
				case '▄':
					top, bottom = append(top, shade(bg)), append(bottom, shade(fg))
				case ' ':
					top, bottom = append(top, shade(bg)), append(bottom, shade(bg))
				default:
					t.Fatalf("line %d: unexpected glyph %q", lineNo, r)
				}
			}
		}
		if fg != -1 || bg != -1 {
			t.Errorf("line %d does not end with a reset, so its colours would bleed", lineNo)
		}
		grid = append(grid, top)
		if mode == HalfBlock {
			grid = append(grid, bottom)
		}
	}
	return grid
}

// checkAgainstEncoder compares the grid read from the art with the
// encoder's modules, quiet zone included.
func checkAgainstEncoder(t *testing.T, text string, grid [][]bool) {
	t.Helper()
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		t.Fatal(err)
	}
	n := code.Size + 2*quietZone
	if len(grid) != n && len(grid) != n+1 {
		t.Fatalf("drawn %d rows of modules, want %d", len(grid), n)
	}
	for y, row := range grid {
		if len(row) != n {
			t.Fatalf("row %d has %d modules, want %d", y, len(row), n)
		}
		for x, d := range row {
			if want := code.Black(x-quietZone, y-quietZone); d != want {
				t.Fatalf("module (%d,%d) drawn dark=%v, encoder says %v", x, y, d, want)
			}
		}
	}
}

// scan decodes the grid with a real QR reader, as a phone would.
func scan(t *testing.T, grid [][]bool) string {
	t.Helper()
	const px = 4
	img := image.NewGray(image.Rect(0, 0, len(grid[0])*px, len(grid)*px))
	for y, row := range grid {
		for x, d := range row {
			c := color.Gray{Y: 255}
			if d {
				c = color.Gray{Y: 0}
			}
			for dy := range px {
				for dx := range px {
					img.SetGray(x*px+dx, y*px+dy, c)
				}
			}
		}
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("the drawn code does not scan: %v", err)
	}
	return res.GetText()
}

func TestQR(t *testing.T) {
	tests := []struct {
		name          string
		text          string
		width, height int
		noColor       bool
		wantMode      QRMode
		wantOK        bool
		wantReason    string
	}{
		{"roomy window: full blocks", link, 200, 60, false, FullBlock, true, ""},
		{"exactly fits full blocks", link, 90, 45, false, FullBlock, true, ""},
		{"one column short of full: half blocks", link, 89, 45, false, HalfBlock, true, ""},
		{"80x24 terminal: half blocks", link, 80, 23, false, HalfBlock, true, ""},
		{"exactly fits half blocks", link, 45, 23, false, HalfBlock, true, ""},
		{"one column short", link, 44, 23, false, 0, false, "The QR code needs 45 columns and 23 rows: make the window bigger, or copy the link instead."},
		{"one row short", link, 45, 22, false, 0, false, "The QR code needs 45 columns and 23 rows: make the window bigger, or copy the link instead."},
		{"NO_COLOR", link, 200, 60, true, 0, false, "Colours are turned off (NO_COLOR), and a QR code drawn without them may not scan: copy the link instead."},
		{"short text, even size", "https://x.io/a", 80, 24, false, HalfBlock, true, ""},
		{"sandbox link", "http://127.0.0.1:4010/company/0d9b5d8f-1c52-4a5b-9a4e-2f3c6d7e8f90", 200, 60, false, FullBlock, true, ""},
		{"too long for any QR code", strings.Repeat("x", 3000), 1000, 1000, false, 0, false, "This link is too long for a QR code: copy it instead."},
		{"nothing to draw", "", 200, 60, false, 0, false, "There is no link to show as a QR code yet."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			art, ok, reason := QR(tt.text, tt.width, tt.height, tt.noColor)
			if ok != tt.wantOK || reason != tt.wantReason {
				t.Fatalf("QR = ok %v reason %q, want ok %v reason %q", ok, reason, tt.wantOK, tt.wantReason)
			}
			if !ok {
				if art != "" {
					t.Errorf("art drawn although ok is false")
				}
				return
			}
			lines := strings.Split(art, "\n")
			if len(lines) > tt.height {
				t.Errorf("%d rows drawn in a %d-row space", len(lines), tt.height)
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w > tt.width {
					t.Errorf("row %d is %d columns wide in a %d-column space", i, w, tt.width)
				}
			}
			grid := readQRArt(t, art, tt.wantMode)
			checkAgainstEncoder(t, tt.text, grid)
			if got := scan(t, grid); got != tt.text {
				t.Errorf("scanned %q, want %q", got, tt.text)
			}
		})
	}
}

func TestDrawQRSizes(t *testing.T) {
	// The Codat link at level M: 37 modules plus the quiet zone.
	for _, tt := range []struct {
		mode          QRMode
		width, height int
	}{{FullBlock, 90, 45}, {HalfBlock, 45, 23}} {
		art, w, h, err := DrawQR(link, tt.mode)
		if err != nil {
			t.Fatal(err)
		}
		if w != tt.width || h != tt.height {
			t.Errorf("%v: size %dx%d, want %dx%d", tt.mode, w, h, tt.width, tt.height)
		}
		lines := strings.Split(art, "\n")
		if len(lines) != h || ansi.StringWidth(lines[0]) != w {
			t.Errorf("%v: art is %dx%d, reported %dx%d", tt.mode, ansi.StringWidth(lines[0]), len(lines), w, h)
		}
	}
	if _, _, _, err := DrawQR("", FullBlock); err == nil {
		t.Error("DrawQR of nothing succeeded")
	}
}
