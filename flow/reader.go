package flow

// Reader is who reads a company's data once it links, and what: the Codat
// client the key belongs to, and its sync settings. What Codat would not say
// is left empty, and the words fall back to naming Codat alone.
type Reader struct {
	Client    string   // the Codat client's name
	DataTypes []string // Codat's data types read on first link, in its order
	Months    int      // how many months of history are read, the longest
}

// Known reports whether anything is known about the reader.
func (r Reader) Known() bool { return r.Client != "" || len(r.DataTypes) > 0 }

// ReaderLoaded answers FetchReader.
type ReaderLoaded struct{ Reader Reader }

// FetchReader asks Codat who reads the data and what; answer ReaderLoaded.
// It is asked once, at the start, and the journey never waits for it.
type FetchReader struct{}

func (ReaderLoaded) isEvent() {}
func (FetchReader) isEffect() {}
