package e2e

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/onboardcli/onboard/api"
	"github.com/onboardcli/onboard/api/sandbox"
)

// prompt is one question of accessible mode: the words that show it is
// asked (seen at least times in all the output: a question asked again
// says the same words), and the answer that moves the journey on.
type prompt struct {
	name  string
	shows string
	times int
	// answer is typed after it; answerFrom, when set, finds it in the
	// output instead (a platform's number).
	answer     string
	answerFrom *regexp.Regexp
}

// accessibleJourneys are every question of accessible mode, in journey
// order: handing on with an invite read, changed, printed and waited on;
// authorizing, finishing and the recap's offer of another platform;
// unlinking a linked connection at the consent step; a failure's offer
// to try again; and what earlier sessions handed on, kept when asked to
// forget it, checked and picked up.
var accessibleJourneys = []struct {
	name    string
	company string // created before onboard starts, so its name has a match
	linked  string // a platform the company is linked to before onboard starts
	failing string // an operation of the sandbox that fails once
	// invited are companies an invite was handed on for, by `onboard
	// invite`, before onboard starts.
	invited []string
	prompts []prompt
}{
	{name: "hand on", company: "Access Co", prompts: []prompt{
		{name: "company", shows: titleCompany, answer: "Access Co"},
		{name: "matches", shows: "Which is it?", answer: "2"},
		{name: "create anyway", shows: "Create a new company anyway?", answer: "y"},
		{name: "consent", shows: "[y/N]", times: 2, answer: "y"},
		{name: "category", shows: "1. Accounting", answer: "1"},
		{name: "platform", shows: ". Codat Sandbox", answerFrom: regexp.MustCompile(`(\d+)\. Codat Sandbox`)},
		{name: "sign in", shows: "Can you sign in", answer: "n"},
		{name: "hand on how", shows: "1. Write an invite email", answer: "1"},
		{name: "recipient", shows: "Their email address", answer: "jane@firm.example"},
		{name: "their name", shows: "Their name (optional)", answer: ""},
		{name: "sender", shows: "Your name, as the email is signed", answer: "Sam Lee"},
		{name: "sender's address", shows: "Your email address", answer: ""},
		{name: "read the invite", shows: "Send it as it is, or change it first?", answer: "2"},
		{name: "subject", shows: "Subject (press enter for", answer: ""},
		{name: "read it again", shows: "Send it as it is, or change it first?", times: 2, answer: "3"},
		{name: "message", shows: "A full stop alone now keeps the message", answer: "."},
		{name: "read it once more", shows: "Send it as it is, or change it first?", times: 3, answer: "1"},
		{name: "send how", shows: "Send it how?", answer: "4"},
		{name: "after handing on", shows: "1. Wait here until it is linked", answer: "1"},
		{name: "waiting for them", shows: "Press ctrl+c to stop waiting"},
	}},
	{name: "authorize", prompts: []prompt{
		{name: "company", shows: titleCompany, answer: "Recap Co"},
		{name: "consent", shows: "[y/N]", answer: "y"},
		{name: "category", shows: "1. Accounting", answer: "1"},
		{name: "platform", shows: ". Codat Sandbox", answerFrom: regexp.MustCompile(`(\d+)\. Codat Sandbox`)},
		{name: "sign in", shows: "Can you sign in", answer: "y"},
		{name: "what next", shows: "1. Wait here until it is linked", answer: "3"},
		{name: "connect another", shows: "Connect another platform for Recap Co?"},
	}},
	{name: "unlink", company: "Linked Co", linked: "gbol", prompts: []prompt{
		{name: "company", shows: titleCompany, answer: "Linked Co"},
		{name: "matches", shows: "Which is it?", answer: "1"},
		{name: "consent or unlink", shows: "unlink one of this company's connections?", answer: "2"},
		{name: "unlink it", shows: "Unlink Xero? No new data"},
	}},
	{name: "pick up", invited: []string{"Early Co", "Later Co"}, prompts: []prompt{
		{name: "pending list", shows: "What would you like to do?", answer: "3"},
		{name: "which to forget", shows: "Which one?", answer: "1"},
		{name: "forget it", shows: "nothing changes in Codat. [y/N]", answer: "n"},
		{name: "the list again", shows: "What would you like to do?", times: 2, answer: "2"},
		{name: "after the check", shows: "What would you like to do?", times: 3, answer: "1"},
		{name: "which to pick up", shows: "Which one?", times: 2, answer: "2"},
		{name: "picked up", shows: "1. The invite to jane@firm.example: read it"},
	}},
	{name: "failure", failing: "POST /companies", prompts: []prompt{
		{name: "company", shows: titleCompany, answer: "Broken Co"},
		{name: "try again", shows: "Try again?"},
	}},
}

// TestCtrlCAtEveryAccessiblePrompt presses ctrl+c at each question of
// accessible mode and during its waits: onboard exits 130 every time, with
// the terminal as it was.
func TestCtrlCAtEveryAccessiblePrompt(t *testing.T) {
	t.Parallel()
	for _, j := range accessibleJourneys {
		for k, at := range j.prompts {
			t.Run(j.name+"/"+at.name, func(t *testing.T) {
				t.Parallel()
				c := startSandbox(t, sandbox.Options{})
				if j.company != "" {
					co, err := c.client.CreateCompany(t.Context(), api.CompanyRequest{Name: j.company})
					if err != nil {
						t.Fatal(err)
					}
					if j.linked != "" {
						conn, err := c.client.CreateConnection(t.Context(), co.ID, j.linked)
						if err != nil {
							t.Fatal(err)
						}
						if err := c.sb.Authorize(co.ID, conn.ID); err != nil {
							t.Fatal(err)
						}
					}
				}
				if j.failing != "" {
					c.sb.FailNext(j.failing, 1, 503)
				}
				env := c.env(t)
				for _, co := range j.invited {
					handOn(t, env, co)
				}
				tt := startTTY(t, env, 100, 30, "--accessible")
				for _, p := range j.prompts[:k] {
					answerPrompt(t, tt, p)
				}
				waitPrompt(t, tt, at)
				tt.Send(keyCtrlC)
				if code := tt.Wait(exitWait); code != exitInterrupted {
					t.Errorf("ctrl+c at %q: exit code %d, want %d; screen:\n%s", at.name, code, exitInterrupted, tt.Screen())
				}
				assertRestored(t, tt)
			})
		}
	}
}

// handOn hands an invite on for company as a script would, so the next
// session starts with it pending.
func handOn(t *testing.T, env []string, company string) {
	t.Helper()
	r := script{env: env}.run(t, "invite", "--company", company, "--to", "jane@firm.example", "--from", "Sam")
	if r.code != exitOK {
		t.Fatalf("handing on for %s: exit %d\n%s", company, r.code, r.stderr)
	}
}

// waitPrompt waits until the question is asked.
func waitPrompt(t *testing.T, tt *tty, p prompt) {
	t.Helper()
	times := max(1, p.times)
	tt.WaitOutput(step, "ask "+p.name, func(out []byte) bool { return bytes.Count(out, []byte(p.shows)) >= times })
}

// answerPrompt waits for the question and answers it.
func answerPrompt(t *testing.T, tt *tty, p prompt) {
	t.Helper()
	waitPrompt(t, tt, p)
	answer := p.answer
	if p.answerFrom != nil {
		m := p.answerFrom.FindSubmatch(tt.Output())
		if m == nil {
			t.Fatalf("no answer for %s in:\n%s", p.name, tt.Screen())
		}
		answer = string(m[1])
	}
	tt.Send(answer + keyEnter)
}
