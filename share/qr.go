package share

import (
	"fmt"
	"strings"

	"rsc.io/qr"

	"github.com/onboardcli/onboard/assets"
)

// QRMode is how QR modules map onto terminal cells.
type QRMode int

const (
	// FullBlock draws each module as two coloured columns of one row: square
	// on most fonts, and the most robust, but four times the area.
	FullBlock QRMode = iota
	// HalfBlock draws two modules, one above the other, per cell with the
	// glyphs ▀ ▄ █ and space.
	HalfBlock
)

// String implements fmt.Stringer.
func (m QRMode) String() string {
	switch m {
	case FullBlock:
		return "full block"
	case HalfBlock:
		return "half block"
	}
	return fmt.Sprintf("QRMode(%d)", int(m))
}

// quietZone is the light margin, in modules, that scanners need around a code.
const quietZone = 4

// Explicit colours, because a code drawn light-on-dark (what the terminal's
// defaults give on a dark theme) fails in many phone scanners. These are
// xterm-256 black (16) and white (231); every SGR ends with a reset.
const (
	sgrDarkBG      = "\x1b[48;5;16m"
	sgrLightBG     = "\x1b[48;5;231m"
	sgrDarkOnLight = "\x1b[38;5;16;48;5;231m"
	sgrReset       = "\x1b[0m"
)

// QR draws text as a QR code (error correction level M, quiet zone of 4
// modules) that fits in maxWidth columns and maxHeight rows: full blocks
// when they fit, else half blocks, dark modules black on a white ground.
// When neither fits, or colours are off (NO_COLOR: without them the code
// would be drawn in the terminal's own, often inverted, colours), ok is
// false and reason is a sentence to show instead.
func QR(text string, maxWidth, maxHeight int, noColor bool) (art string, ok bool, reason string) {
	if noColor {
		return "", false, assets.Text("share.qrnocolor", nil)
	}
	if text == "" {
		return "", false, assets.Text("share.qrnolink", nil)
	}
	code, err := encodeQR(text)
	if err != nil {
		return "", false, assets.Text("share.qrtoolong", nil)
	}
	for _, mode := range []QRMode{FullBlock, HalfBlock} {
		if w, h := qrSize(code, mode); w <= maxWidth && h <= maxHeight {
			return drawQR(code, mode), true, ""
		}
	}
	w, h := qrSize(code, HalfBlock)
	return "", false, assets.Text("share.qrtoobig", assets.Vars{"Width": w, "Height": h})
}

// DrawQR draws text as a QR code in the given mode, whatever its size, and
// returns the art with its width and height in terminal cells.
func DrawQR(text string, mode QRMode) (art string, width, height int, err error) {
	code, err := encodeQR(text)
	if err != nil {
		return "", 0, 0, err
	}
	width, height = qrSize(code, mode)
	return drawQR(code, mode), width, height, nil
}

func encodeQR(text string) (*qr.Code, error) {
	if text == "" {
		return nil, assets.Error("share.qrnothing")
	}
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", assets.Text("share.qrdraw", nil), err)
	}
	return code, nil
}

// qrSize is the drawn size in cells, quiet zone included.
func qrSize(code *qr.Code, mode QRMode) (width, height int) {
	n := code.Size + 2*quietZone
	if mode == HalfBlock {
		return n, (n + 1) / 2
	}
	return 2 * n, n
}

func drawQR(code *qr.Code, mode QRMode) string {
	n := code.Size + 2*quietZone
	// dark reports the module at (x, y) of the drawing; Black is false
	// outside the code, which makes the quiet zone (and the spare half row
	// of an odd-sized half-block drawing) light.
	dark := func(x, y int) bool { return code.Black(x-quietZone, y-quietZone) }
	var b strings.Builder
	switch mode {
	case HalfBlock:
		for y := 0; y < n; y += 2 {
			b.WriteString(sgrDarkOnLight)
			for x := range n {
				switch top, bottom := dark(x, y), dark(x, y+1); {
				case top && bottom:
					b.WriteString("█")
				case top:
					b.WriteString("▀")
				case bottom:
					b.WriteString("▄")
				default:
					b.WriteByte(' ')
				}
			}
			b.WriteString(sgrReset + "\n")
		}
	default:
		for y := range n {
			for x := range n {
				// Change colour only where it changes, to keep the art short.
				if d := dark(x, y); x == 0 || d != dark(x-1, y) {
					if d {
						b.WriteString(sgrDarkBG)
					} else {
						b.WriteString(sgrLightBG)
					}
				}
				b.WriteString("  ")
			}
			b.WriteString(sgrReset + "\n")
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}
