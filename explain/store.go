package explain

import (
	"time"

	"github.com/onboardcli/onboard/assets"
	"github.com/onboardcli/onboard/store"
)

// storeWords renders an error of package store, not what it wraps, through the store.* blocks of
// assets/store.tmpl.
func storeWords(err error, now time.Time) (string, bool) {
	var name string
	var data any
	switch e := err.(type) {
	case *store.OpenError:
		name, data = "store.open", Explain(e.Err, now)
	case *store.ChangeError:
		name, data = "store.change", assets.Vars{"Change": string(e.Change), "ID": e.ID, "Reason": Explain(e.Err, now)}
	case *store.BackupError:
		name, data = "store.backup", assets.Vars{"Path": e.Path, "Reason": Explain(e.Err, now)}
	case *store.EncodeError:
		name, data = "store.encode", Explain(e.Err, now)
	case *store.LockHeldError:
		name, data = "store.lockheld", assets.Vars{"Path": e.Path, "Waited": e.Waited}
	case *store.StateDirError:
		name, data = "store.nostatedir", assets.Vars{"Var": e.Var, "Reason": Explain(e.Err, now), "Env": store.StateDirEnv}
	case *store.InvalidEntryError:
		name, data = "store.invalid", e.Problems
	default:
		return "", false
	}
	return assets.Text(name, data), true
}
