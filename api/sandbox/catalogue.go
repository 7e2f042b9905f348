package sandbox

import (
	"crypto/sha1"
	"fmt"
	"strings"
)

// integration is one platform in the sandbox's catalogue.
type integration struct {
	Key          string
	Name         string
	SourceType   string // Accounting, Banking or Commerce
	Enabled      bool
	Offline      bool // runs on the business's own computer (QuickBooks Desktop)
	Beta         bool
	BrandButton  bool // the platform requires its own connect button (Intuit)
	ProvidedBy   string
	Color        string // the badge colour on the stand-in Link pages
	DataTypes    []string
	WritableData []string
}

// The data types each kind of platform reads on first link, in the order
// they finish reading.
var (
	accountingTypes = []string{
		"company", "chartOfAccounts", "taxRates", "customers", "suppliers", "bankAccounts",
		"invoices", "bills", "journalEntries", "balanceSheet", "profitAndLoss",
	}
	bankingTypes = []string{
		"banking-accounts", "banking-accountBalances", "banking-transactions",
	}
	commerceTypes = []string{
		"commerce-companyInfo", "commerce-customers", "commerce-products",
		"commerce-orders", "commerce-payments", "commerce-transactions",
	}
	accountingWrites = []string{"invoices", "bills", "customers", "suppliers"}
)

// catalogue lists the platforms the sandbox offers, with Codat's real
// platform keys and names. Like a fresh Codat client, most are switched on;
// MYOB Business is off, and only one banking platform (Plaid) is on, as
// Codat advises for Link.
var catalogue = []integration{
	{Key: "gbol", Name: "Xero", SourceType: "Accounting", Enabled: true, Color: "#13B5EA"},
	{Key: "qhyg", Name: "QuickBooks Online", SourceType: "Accounting", Enabled: true, BrandButton: true, Color: "#2CA01C"},
	{Key: "ndsk", Name: "QuickBooks Online Sandbox", SourceType: "Accounting", Enabled: true, BrandButton: true, Color: "#2CA01C"},
	{Key: "tgff", Name: "Sage Accounting", SourceType: "Accounting", Enabled: true, Color: "#00A65A"},
	{Key: "knfz", Name: "Sage Intacct", SourceType: "Accounting", Enabled: true, Color: "#007E45"},
	{Key: "akxx", Name: "Oracle NetSuite", SourceType: "Accounting", Enabled: true, Color: "#1F4E79"},
	{Key: "fbrh", Name: "FreeAgent", SourceType: "Accounting", Enabled: true, Color: "#0A7CB9"},
	{Key: "trji", Name: "Dynamics 365 Business Central", SourceType: "Accounting", Enabled: true, Color: "#0B556A"},
	{Key: "rwuv", Name: "Zoho Books", SourceType: "Accounting", Enabled: true, Beta: true, Color: "#E42527"},
	{Key: "pdvj", Name: "MYOB Business", SourceType: "Accounting", Enabled: false, Color: "#6100A5"},
	{Key: "mqjo", Name: "Codat Sandbox", SourceType: "Accounting", Enabled: true, Color: "#4F46E5"},
	{Key: "pqsw", Name: "QuickBooks Desktop", SourceType: "Accounting", Enabled: true, Offline: true, BrandButton: true, Color: "#2CA01C"},
	{Key: "suuo", Name: "Plaid", SourceType: "Banking", Enabled: true, ProvidedBy: "Plaid", Color: "#111111"},
	{Key: "upvr", Name: "TrueLayer", SourceType: "Banking", Enabled: false, ProvidedBy: "TrueLayer", Color: "#2A2A72"},
	{Key: "fztf", Name: "Shopify", SourceType: "Commerce", Enabled: true, Color: "#5E8E3E"},
	{Key: "exgd", Name: "Stripe", SourceType: "Commerce", Enabled: true, Color: "#635BFF"},
	{Key: "zsth", Name: "Square", SourceType: "Commerce", Enabled: true, Color: "#222222"},
	{Key: "qkdj", Name: "Amazon Seller Central", SourceType: "Commerce", Enabled: true, Color: "#FF9900"},
	{Key: "ltpp", Name: "WooCommerce", SourceType: "Commerce", Enabled: true, Color: "#7F54B3"},
	{Key: "aiwb", Name: "Commerce Sandbox", SourceType: "Commerce", Enabled: true, Color: "#4F46E5"},
}

// The categories a person picks from on the company Link page.
var linkCategories = []string{"Accounting", "Banking", "Commerce"}

func init() {
	for i := range catalogue {
		p := &catalogue[i]
		switch p.SourceType {
		case "Accounting":
			p.DataTypes = accountingTypes
			p.WritableData = accountingWrites
		case "Banking":
			p.DataTypes = bankingTypes
		case "Commerce":
			p.DataTypes = commerceTypes
		}
	}
}

// findIntegration returns the catalogue entry for a platform key.
func findIntegration(key string) (*integration, bool) {
	for i := range catalogue {
		if catalogue[i].Key == key {
			return &catalogue[i], true
		}
	}
	return nil, false
}

// stableUUID derives a UUID (version 5 layout) from a name, so catalogue
// IDs are the same in every run and on every machine.
func stableUUID(name string) string {
	sum := sha1.Sum([]byte("onboard-sandbox/" + name))
	b := sum[:16]
	b[6] = (b[6] & 0x0f) | 0x50
	b[8] = (b[8] & 0x3f) | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func (p *integration) integrationID() string { return stableUUID("integration/" + p.Key) }
func (p *integration) sourceID() string      { return stableUUID("source/" + p.Key) }

func (p *integration) toJSON() integrationJSON {
	features := make([]datatypeFeatureJSON, 0, len(p.DataTypes))
	for _, dt := range p.DataTypes {
		state := "Release"
		if p.Beta {
			state = "Beta"
		}
		sf := []supportedFeatureJSON{{FeatureType: "Get", FeatureState: state}}
		for _, w := range p.WritableData {
			if w == dt {
				sf = append(sf, supportedFeatureJSON{FeatureType: "Post", FeatureState: state})
			}
		}
		features = append(features, datatypeFeatureJSON{Datatype: dt, SupportedFeatures: sf})
	}
	return integrationJSON{
		Key:                p.Key,
		LogoURL:            "https://static.codat.io/public/platforms/" + p.Key + ".png",
		Name:               p.Name,
		Enabled:            p.Enabled,
		SourceID:           p.sourceID(),
		SourceType:         p.SourceType,
		IntegrationID:      p.integrationID(),
		IsOfflineConnector: p.Offline,
		IsBeta:             p.Beta,
		DataProvidedBy:     p.ProvidedBy,
		DatatypeFeatures:   features,
	}
}

func (p *integration) branding() brandingJSON {
	img := func(kind, variant string) brandingImageJSON {
		id := strings.ToUpper(stableUUID("brand/" + kind + "/" + variant + "/" + p.Key))
		return brandingImageJSON{Image: imageRefJSON{
			Src: "https://static.codat.io/public/" + kind + "/" + variant + "/" + id + ".png",
			Alt: strings.ToLower(p.Name) + " " + strings.ToLower(variant) + " icon",
		}}
	}
	b := brandingJSON{
		Logo:     brandingLogoJSON{Full: img("officialLogos", "Full"), Square: img("officialLogos", "Square")},
		SourceID: p.sourceID(),
	}
	if p.BrandButton {
		def, hover := img("officialButtons", "Default"), img("officialButtons", "Hover")
		b.Button = brandingButtonJSON{Default: &def, Hover: &hover}
	}
	return b
}

// initial is the letter shown in the platform's badge on the Link pages,
// which load nothing from outside the sandbox.
func (p *integration) initial() string {
	for _, r := range p.Name {
		return string(r)
	}
	return "?"
}
