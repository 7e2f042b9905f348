package invite

import (
	"bytes"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"
)

var emlDate = time.Date(2026, 3, 14, 9, 30, 0, 0, time.FixedZone("", 0))

// readEML parses an .eml the way a mail client would and returns its
// headers, its decoded subject and its decoded body with LF line breaks.
func readEML(t *testing.T, raw []byte) (mail.Header, string, string) {
	t.Helper()
	for i, line := range bytes.Split(raw, []byte("\r\n")) {
		if len(line) > 998 {
			t.Errorf("line %d is %d octets, over RFC 5322's 998", i+1, len(line))
		}
		if bytes.ContainsRune(line, '\n') || bytes.ContainsRune(line, '\r') {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, line)
		}
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("net/mail cannot read the message: %v\n%s", err, raw)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("decode subject %q: %v", msg.Header.Get("Subject"), err)
	}
	if got := msg.Header.Get("Content-Transfer-Encoding"); got != "quoted-printable" {
		t.Fatalf("Content-Transfer-Encoding = %q", got)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatalf("decode body: %v", err)
	}
	return msg.Header, subject, normalizeLF(string(body))
}

func TestEMLGolden(t *testing.T) {
	for _, tt := range goldenDetails {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Compose(tt.details)
			if err != nil {
				t.Fatal(err)
			}
			from := tt.details.FromName + " <sam@acme.example>"
			if tt.details.FromName == "" {
				from = ""
			}
			raw, err := e.EML(from, emlDate, "<invite-1@onboard.invalid>")
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name+".eml", raw)

			h, subject, body := readEML(t, raw)
			if subject != e.Subject {
				t.Errorf("decoded subject = %q, want %q", subject, e.Subject)
			}
			if body != e.Body {
				t.Errorf("decoded body differs from the text body:\n%s\n---\n%s", body, e.Body)
			}
			to, err := h.AddressList("To")
			if err != nil || len(to) != 1 {
				t.Fatalf("To = %v, %v; want one address", to, err)
			}
			if want, _ := asciiAddress(e.To); to[0].Address != want {
				t.Errorf("To = %q, want %q", to[0].Address, want)
			}
			if from != "" {
				a, err := h.AddressList("From")
				if err != nil || len(a) != 1 || a[0].Name != tt.details.FromName || a[0].Address != "sam@acme.example" {
					t.Errorf("From = %v, %v; want %q <sam@acme.example>", a, err, tt.details.FromName)
				}
			} else if h.Get("From") != "" {
				t.Errorf("From = %q, want none", h.Get("From"))
			}
			for name, want := range map[string]string{
				"X-Unsent": "1", "MIME-Version": "1.0", "Content-Type": "text/plain; charset=utf-8",
				"Message-Id": "<invite-1@onboard.invalid>",
			} {
				if got := h.Get(name); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
			if d, err := h.Date(); err != nil || !d.Equal(emlDate) {
				t.Errorf("Date = %v, %v; want %v", d, err, emlDate)
			}
		})
	}
}

func TestEMLCannotAddHeaders(t *testing.T) {
	e := Email{
		To:      "jane@firm.com",
		Subject: "Acme\r\nBcc: x@evil.test\r\n\r\nbody",
		Body:    "Hi\r\n.\r\nBcc: y@evil.test\n",
	}
	raw, err := e.EML("", emlDate, "")
	if err != nil {
		t.Fatal(err)
	}
	h, subject, body := readEML(t, raw)
	if h.Get("Bcc") != "" {
		t.Errorf("a Bcc header got in:\n%s", raw)
	}
	if want := "Acme Bcc: x@evil.test  body"; subject != want {
		t.Errorf("subject = %q, want %q", subject, want)
	}
	if body != normalizeLF(e.Body) {
		t.Errorf("body = %q", body)
	}

	for _, tt := range []struct{ name, from, msgID string }{
		{"sender with a line break", "sam@acme.example\r\nBcc: z@evil.test", ""},
		{"sender name with a line break", "Sam\r\nBcc: z@evil.test <sam@acme.example>", ""},
		{"two senders", "sam@acme.example, z@evil.test", ""},
		{"message id with a line break", "", "<a@b>\r\nBcc: z@evil.test"},
		{"message id with spaces", "", "<a b@c>"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if raw, err := e.EML(tt.from, emlDate, tt.msgID); err == nil {
				t.Errorf("EML accepted it:\n%s", raw)
			}
		})
	}
	raw, err = e.EML("Sam Lee", emlDate, "")
	if err != nil {
		t.Fatalf("EML with a sender name only: %v", err)
	}
	if h, _, _ := readEML(t, raw); h.Get("From") != "" {
		t.Errorf("a name without an address made a From header %q", h.Get("From"))
	}
	if _, err := (Email{To: "Jane <jane@firm.com>"}).EML("", emlDate, ""); err == nil {
		t.Error("EML accepted a recipient with a name")
	}
}

func TestEMLHeaderEncoding(t *testing.T) {
	tests := []struct {
		name, subject, from string
		wantRaw             string // appears in the raw headers
	}{
		{"plain ASCII stays readable", "Acme Ltd: please connect Xero to Codat", "", "Subject: Acme Ltd: please connect Xero to Codat\r\n"},
		{"non-ASCII subject", "Café Ökonomie: bitte Xero verbinden", "", "Subject: =?utf-8?q?"},
		{"text that looks encoded", "=?utf-8?q?Evil?=", "", "Subject: =?utf-8?b?"},
		{"very long subject", strings.Repeat("Acme ", 300) + "Ltd", "", "Subject: =?utf-8?b?"},
		{"non-ASCII sender name", "s", "Zoë Ørsted <zoe@cafe.example>", "From: =?utf-8?q?Zo=C3=AB_=C3=98rsted?= <zoe@cafe.example>\r\n"},
		{"sender at an IDN domain", "s", "zoe@bücher.example", "From: <zoe@xn--bcher-kva.example>\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := Email{To: "jane@firm.com", Subject: tt.subject, Body: "b\n"}
			raw, err := e.EML(tt.from, time.Time{}, "")
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(raw, []byte(tt.wantRaw)) {
				t.Errorf("raw message lacks %q:\n%s", tt.wantRaw, raw)
			}
			h, subject, _ := readEML(t, raw)
			if subject != tt.subject {
				t.Errorf("decoded subject = %q, want %q", subject, tt.subject)
			}
			if h.Get("Date") != "" || h.Get("Message-Id") != "" {
				t.Errorf("zero date or empty id still wrote Date %q / Message-Id %q", h.Get("Date"), h.Get("Message-Id"))
			}
		})
	}
}

func FuzzEML(f *testing.F) {
	f.Add("Acme&bcc=x@evil.test", "Hi\r\nBcc: x\n.\n")
	f.Add("Café =?utf-8?q?x?= \t株式会社", "Grüße\r\rline=3D\n")
	f.Add("\x00\x1b\xff", "\xff\xfe body without newline")
	f.Fuzz(func(t *testing.T, subject, body string) {
		e := Email{To: "jane@firm.com", Subject: subject, Body: body}
		raw, err := e.EML("Sam Lee <sam@acme.example>", emlDate, "<1@x>")
		if err != nil {
			t.Fatal(err)
		}
		h, gotSubject, gotBody := readEML(t, raw)
		if len(h["Subject"]) != 1 || len(h["To"]) != 1 || len(h["From"]) != 1 || h.Get("Bcc") != "" {
			t.Fatalf("headers changed: %q", h)
		}
		if want := strings.Trim(stripLineBreaks(subject), " \t"); gotSubject != want {
			t.Errorf("subject = %q, want %q", gotSubject, want)
		}
		if want := normalizeLF(body); gotBody != want {
			t.Errorf("body = %q, want %q", gotBody, want)
		}
	})
}
