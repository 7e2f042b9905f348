// Command onboard gets a business connected to Codat: it walks a person
// through linking their accounting, banking or commerce platform, and when
// they cannot sign in themselves it hands the job on with the Hosted Link and
// an invite email. With no Codat key it runs on a built-in sandbox.
package main

import (
	"os"

	"github.com/onboardcli/onboard/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:]))
}
