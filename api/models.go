package api

import "time"

// SourceType is the kind of platform an integration or connection belongs to.
type SourceType string

// The source types onboard offers to a person. Codat knows more (BankFeed,
// Expense, Other, Unknown); they decode as-is and are simply not offered.
const (
	Accounting SourceType = "Accounting"
	Banking    SourceType = "Banking"
	Commerce   SourceType = "Commerce"
)

// ConnectionStatus is the authorization state of a data connection.
type ConnectionStatus string

const (
	PendingAuth  ConnectionStatus = "PendingAuth"
	Linked       ConnectionStatus = "Linked"
	Unlinked     ConnectionStatus = "Unlinked"
	Deauthorized ConnectionStatus = "Deauthorized"
)

// Time is a timestamp decoded leniently: Codat sends dates with or without a
// zone and with varying fractions of a second.
type Time struct{ time.Time }

// Company is a business sharing access to its data.
type Company struct {
	ID                string            `json:"id"`
	Name              string            `json:"name"`
	Description       string            `json:"description,omitempty"`
	Redirect          string            `json:"redirect"`
	LastSync          *Time             `json:"lastSync,omitempty"`
	Created           Time              `json:"created"`
	CreatedByUserName string            `json:"createdByUserName,omitempty"`
	Products          []string          `json:"products,omitempty"`
	Tags              map[string]string `json:"tags,omitempty"`
	DataConnections   []Connection      `json:"dataConnections,omitempty"`
}

// CompanyRequest is the body of a company create.
type CompanyRequest struct {
	Name        string            `json:"name"`
	Description string            `json:"description,omitempty"`
	Tags        map[string]string `json:"tags,omitempty"`
}

// CompanyUpdate is the body of a company PATCH: nil fields are left unchanged.
type CompanyUpdate struct {
	Name        *string            `json:"name,omitempty"`
	Description *string            `json:"description,omitempty"`
	Tags        *map[string]string `json:"tags,omitempty"`
}

// Connection is a company's link to one platform.
type Connection struct {
	ID                   string            `json:"id"`
	IntegrationID        string            `json:"integrationId"`
	IntegrationKey       string            `json:"integrationKey,omitempty"`
	SourceID             string            `json:"sourceId"`
	SourceType           SourceType        `json:"sourceType"`
	PlatformName         string            `json:"platformName"`
	LinkURL              string            `json:"linkUrl"`
	Status               ConnectionStatus  `json:"status"`
	LastSync             *Time             `json:"lastSync,omitempty"`
	Created              Time              `json:"created"`
	DataConnectionErrors []ConnectionError `json:"dataConnectionErrors,omitempty"`
}

// ConnectionError is an error the platform or Codat recorded on a connection,
// for example "User cancelled".
type ConnectionError struct {
	StatusCode    string `json:"statusCode,omitempty"` // a string in Codat's contract
	StatusText    string `json:"statusText,omitempty"`
	ErrorMessage  string `json:"errorMessage,omitempty"`
	ErroredOnUtc  *Time  `json:"erroredOnUtc,omitempty"`
	Status        string `json:"status,omitempty"` // Active, Resolved, or empty
	ResolvedOnUtc *Time  `json:"resolvedOnUtc,omitempty"`
}

// Integration is a platform Codat can connect to.
type Integration struct {
	Key                string            `json:"key"`
	LogoURL            string            `json:"logoUrl"`
	Name               string            `json:"name"`
	Enabled            bool              `json:"enabled"`
	SourceID           string            `json:"sourceId,omitempty"`
	SourceType         SourceType        `json:"sourceType,omitempty"`
	IntegrationID      string            `json:"integrationId,omitempty"`
	IsOfflineConnector bool              `json:"isOfflineConnector,omitempty"`
	IsBeta             bool              `json:"isBeta,omitempty"`
	DataProvidedBy     string            `json:"dataProvidedBy,omitempty"`
	DatatypeFeatures   []DatatypeFeature `json:"datatypeFeatures,omitempty"`
}

// DatatypeFeature says what an integration supports for one data type.
type DatatypeFeature struct {
	Datatype          string             `json:"datatype"`
	SupportedFeatures []SupportedFeature `json:"supportedFeatures"`
}

// SupportedFeature is one operation on a data type and its release state.
type SupportedFeature struct {
	FeatureType  string `json:"featureType"`
	FeatureState string `json:"featureState"`
}

// Branding holds an integration's logos and buttons.
type Branding struct {
	Logo     BrandingLogo   `json:"logo"`
	Button   BrandingButton `json:"button"`
	SourceID string         `json:"sourceId,omitempty"`
}

// BrandingLogo is the full and square logo of a platform.
type BrandingLogo struct {
	Full   BrandingImage `json:"full"`
	Square BrandingImage `json:"square"`
}

// BrandingButton is the platform's own connect button, if it has one.
type BrandingButton struct {
	Default BrandingImage `json:"default"`
	Hover   BrandingImage `json:"hover"`
}

// BrandingImage wraps an image reference.
type BrandingImage struct {
	Image ImageReference `json:"image"`
}

// ImageReference is an image's source URL and alt text.
type ImageReference struct {
	Src string `json:"src,omitempty"`
	Alt string `json:"alt,omitempty"`
}

// DataStatus is the state of one data type in Codat's cache for a company.
type DataStatus struct {
	DataType               string `json:"dataType"`
	CurrentStatus          string `json:"currentStatus,omitempty"`
	LastSuccessfulSync     *Time  `json:"lastSuccessfulSync,omitempty"`
	LatestSyncID           string `json:"latestSyncId,omitempty"`
	LatestSuccessfulSyncID string `json:"latestSuccessfulSyncId,omitempty"`
}

// WebhookConsumer is an endpoint subscribed to Codat's events.
type WebhookConsumer struct {
	ID          string   `json:"id,omitempty"`
	URL         string   `json:"url"`
	Disabled    bool     `json:"disabled,omitempty"`
	EventTypes  []string `json:"eventTypes,omitempty"`
	CompanyTags []string `json:"companyTags,omitempty"`
}
