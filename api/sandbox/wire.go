package sandbox

// The JSON shapes the sandbox sends and accepts. They are written from
// Codat's published contract on purpose rather than shared with the client
// package, so the client and the sandbox are two independent readings of the
// same contract and a conformance test can catch either one drifting.

// companyJSON is Codat's Company schema.
type companyJSON struct {
	ID                           string            `json:"id"`
	Name                         string            `json:"name"`
	Description                  string            `json:"description"`
	Redirect                     string            `json:"redirect"`
	LastSync                     string            `json:"lastSync,omitempty"`
	Created                      string            `json:"created"`
	Products                     []string          `json:"products"`
	Tags                         map[string]string `json:"tags"`
	ReferenceSubsidiaryCompanies []companyRefJSON  `json:"referenceSubsidiaryCompanies"`
	DataConnections              []connectionJSON  `json:"dataConnections"`
}

// companyRefJSON is Codat's companyReference, used in webhook payloads.
type companyRefJSON struct {
	ID          string            `json:"id"`
	Name        string            `json:"name"`
	Description string            `json:"description"`
	Links       companyLinksJSON  `json:"links"`
	Tags        map[string]string `json:"tags"`
}

type companyLinksJSON struct {
	Portal string `json:"portal"`
}

// connectionJSON is Codat's Connection schema, which allows no other
// properties, so nothing may be added here that the contract lacks.
type connectionJSON struct {
	ID                   string                `json:"id"`
	IntegrationID        string                `json:"integrationId"`
	IntegrationKey       string                `json:"integrationKey,omitempty"` // absent in the strict profile
	SourceID             string                `json:"sourceId"`
	SourceType           string                `json:"sourceType"`
	PlatformName         string                `json:"platformName"`
	LinkURL              string                `json:"linkUrl"`
	Status               string                `json:"status"`
	LastSync             string                `json:"lastSync,omitempty"`
	Created              string                `json:"created"`
	DataConnectionErrors []connectionErrorJSON `json:"dataConnectionErrors,omitempty"`
}

// connectionErrorJSON is Codat's dataConnectionError; statusCode is a
// string in the contract.
type connectionErrorJSON struct {
	StatusCode    string `json:"statusCode"`
	StatusText    string `json:"statusText"`
	ErrorMessage  string `json:"errorMessage"`
	ErroredOnUtc  string `json:"erroredOnUtc"`
	Status        string `json:"status,omitempty"`
	ResolvedOnUtc string `json:"resolvedOnUtc,omitempty"`
}

// integrationJSON is Codat's Integration schema.
type integrationJSON struct {
	Key                string                `json:"key"`
	LogoURL            string                `json:"logoUrl"`
	Name               string                `json:"name"`
	Enabled            bool                  `json:"enabled"`
	SourceID           string                `json:"sourceId"`
	SourceType         string                `json:"sourceType"`
	IntegrationID      string                `json:"integrationId"`
	IsOfflineConnector bool                  `json:"isOfflineConnector"`
	IsBeta             bool                  `json:"isBeta"`
	DataProvidedBy     string                `json:"dataProvidedBy,omitempty"`
	DatatypeFeatures   []datatypeFeatureJSON `json:"datatypeFeatures"`
}

// datatypeFeatureJSON uses the key "datatype", which is what the contract
// requires (one of its property lists spells it dataType).
type datatypeFeatureJSON struct {
	Datatype          string                 `json:"datatype"`
	SupportedFeatures []supportedFeatureJSON `json:"supportedFeatures"`
}

type supportedFeatureJSON struct {
	FeatureType  string `json:"featureType"`
	FeatureState string `json:"featureState"`
}

// brandingJSON is Codat's Branding schema. Platforms without a branded
// connect button send an empty button object, as Codat does.
type brandingJSON struct {
	Logo     brandingLogoJSON   `json:"logo"`
	Button   brandingButtonJSON `json:"button"`
	SourceID string             `json:"sourceId"`
}

type brandingLogoJSON struct {
	Full   brandingImageJSON `json:"full"`
	Square brandingImageJSON `json:"square"`
}

type brandingButtonJSON struct {
	Default *brandingImageJSON `json:"default,omitempty"`
	Hover   *brandingImageJSON `json:"hover,omitempty"`
}

type brandingImageJSON struct {
	Image imageRefJSON `json:"image"`
}

type imageRefJSON struct {
	Src string `json:"src"`
	Alt string `json:"alt"`
}

// dataStatusJSON is Codat's DataStatus; dataStatus responses are an object
// of these keyed by data type.
type dataStatusJSON struct {
	DataType               string `json:"dataType"`
	LastSuccessfulSync     string `json:"lastSuccessfulSync,omitempty"`
	CurrentStatus          string `json:"currentStatus,omitempty"` // absent only for a type never read (strict)
	LatestSyncID           string `json:"latestSyncId,omitempty"`
	LatestSuccessfulSyncID string `json:"latestSuccessfulSyncId,omitempty"`
}

// webhookConsumerJSON is Codat's WebhookConsumer.
type webhookConsumerJSON struct {
	ID          string   `json:"id"`
	URL         string   `json:"url"`
	Disabled    bool     `json:"disabled"`
	EventTypes  []string `json:"eventTypes"`
	CompanyTags []string `json:"companyTags"`
}

type webhookConsumersJSON struct {
	Results []webhookConsumerJSON `json:"results"`
}

// errorJSON is Codat's ErrorMessage, the body of every 4xx and 5xx.
// canBeRetried is a string in the contract.
type errorJSON struct {
	StatusCode        int                  `json:"statusCode"`
	Service           string               `json:"service"`
	Error             string               `json:"error"`
	CorrelationID     string               `json:"correlationId"`
	Validation        *errorValidationJSON `json:"validation,omitempty"`
	CanBeRetried      string               `json:"canBeRetried"`
	DetailedErrorCode int                  `json:"detailedErrorCode"`
}

type errorValidationJSON struct {
	Errors   []validationItemJSON `json:"errors"`
	Warnings []validationItemJSON `json:"warnings"`
}

type validationItemJSON struct {
	ItemID        string `json:"itemId"`
	Message       string `json:"message"`
	ValidatorName string `json:"validatorName"`
}

// pageJSON is the paging envelope of every list endpoint.
type pageJSON[T any] struct {
	Results      []T       `json:"results"`
	PageNumber   int       `json:"pageNumber"`
	PageSize     int       `json:"pageSize"`
	TotalResults int       `json:"totalResults"`
	Links        linksJSON `json:"_links"`
}

type linksJSON struct {
	Self     hrefJSON  `json:"self"`
	Current  hrefJSON  `json:"current"`
	Next     *hrefJSON `json:"next,omitempty"`
	Previous *hrefJSON `json:"previous,omitempty"`
}

type hrefJSON struct {
	Href string `json:"href"`
}

// eventJSON is the envelope of every webhook message.
type eventJSON struct {
	ID            string `json:"id"`
	EventType     string `json:"eventType"`
	GeneratedDate string `json:"generatedDate"`
	Payload       any    `json:"payload"`
}

// connectionEventPayload is the payload of the connection.* events.
type connectionEventPayload struct {
	ReferenceCompany companyRefJSON `json:"referenceCompany"`
	Connection       connectionJSON `json:"connection"`
}

// readEventPayload is the payload of read.completed and
// read.completed.initial.
type readEventPayload struct {
	ReferenceCompany companyRefJSON    `json:"referenceCompany"`
	ModifiedFromDate string            `json:"modifiedFromDate,omitempty"`
	DataTypes        []readSummaryJSON `json:"dataTypes"`
}

type readSummaryJSON struct {
	ConnectionID    string `json:"connectionId"`
	DataType        string `json:"dataType"`
	RecordsModified bool   `json:"recordsModified"`
	Status          string `json:"status"`
	Issues          []any  `json:"issues"`
}
