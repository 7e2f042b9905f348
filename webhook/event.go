package webhook

import (
	"encoding/json"
	"fmt"

	"github.com/onboardcli/onboard/api"
)

// Event is a webhook from Codat, decoded and with every string sanitized.
// Event types without a payload this package understands carry only the
// envelope fields; consumers acknowledge and ignore them.
type Event struct {
	ID            string
	EventType     string
	GeneratedDate api.Time
	CompanyID     string
	CompanyName   string
	// Connection is set for connection.* events.
	Connection *api.Connection
	// DataTypes is set for read.completed and read.completed.initial.
	DataTypes []ReadDataType
	// Raw is the body exactly as received, unsanitized: for logs and
	// debugging, never for the screen.
	Raw json.RawMessage
}

// ReadDataType is the outcome of reading one data type, as reported by the
// read.completed events.
type ReadDataType struct {
	ConnectionID    string `json:"connectionId"`
	DataType        string `json:"dataType"`
	Status          string `json:"status"`
	RecordsModified bool   `json:"recordsModified"`
}

// Event types the onboarding journey acts on.
const (
	EventConnectionCreated      = "connection.created"
	EventConnectionConnected    = "connection.connected"
	EventConnectionFailed       = "connection.failed"
	EventConnectionDisconnected = "connection.disconnected"
	EventConnectionReconnected  = "connection.reconnected"
	EventConnectionDeleted      = "connection.deleted"
	EventReadCompleted          = "read.completed"
	EventReadCompletedInitial   = "read.completed.initial"
	EventCompanyCreated         = "company.created"
	EventCompanyDeleted         = "company.deleted"
)

// webhookEnvelope is the frame shared by every event. One published example
// names the type "type" rather than "eventType"; both are read.
type webhookEnvelope struct {
	ID            string          `json:"id"`
	EventType     string          `json:"eventType"`
	Type          string          `json:"type"`
	GeneratedDate api.Time        `json:"generatedDate"`
	Payload       json.RawMessage `json:"payload"`
}

type webhookCompanyRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type connectionPayload struct {
	ReferenceCompany webhookCompanyRef `json:"referenceCompany"`
	Connection       *api.Connection   `json:"connection"`
}

type readCompletedPayload struct {
	ReferenceCompany webhookCompanyRef `json:"referenceCompany"`
	DataTypes        []ReadDataType    `json:"dataTypes"`
}

// ParseEvent decodes a verified webhook body in Codat's current envelope
// ({id, eventType, generatedDate, payload}).
func ParseEvent(body []byte) (Event, error) {
	var env webhookEnvelope
	if err := api.UnmarshalClean(body, &env); err != nil {
		return Event{}, fmt.Errorf("parse webhook: %w", err)
	}
	if env.EventType == "" {
		env.EventType = env.Type
	}
	if env.ID == "" || env.EventType == "" {
		return Event{}, ErrEnvelope
	}
	ev := Event{
		ID:            env.ID,
		EventType:     env.EventType,
		GeneratedDate: env.GeneratedDate,
		Raw:           json.RawMessage(append([]byte(nil), body...)),
	}
	payloadMissing := len(env.Payload) == 0 || string(env.Payload) == "null"
	switch {
	case isConnectionEvent(ev.EventType):
		if payloadMissing {
			return Event{}, fmt.Errorf("parse webhook %s: no payload", ev.EventType)
		}
		var p connectionPayload
		if err := api.UnmarshalClean(env.Payload, &p); err != nil {
			return Event{}, fmt.Errorf("parse webhook %s: %w", ev.EventType, err)
		}
		ev.CompanyID, ev.CompanyName = p.ReferenceCompany.ID, p.ReferenceCompany.Name
		ev.Connection = p.Connection
	case ev.EventType == EventReadCompleted || ev.EventType == EventReadCompletedInitial:
		if payloadMissing {
			return Event{}, fmt.Errorf("parse webhook %s: no payload", ev.EventType)
		}
		var p readCompletedPayload
		if err := api.UnmarshalClean(env.Payload, &p); err != nil {
			return Event{}, fmt.Errorf("parse webhook %s: %w", ev.EventType, err)
		}
		ev.CompanyID, ev.CompanyName = p.ReferenceCompany.ID, p.ReferenceCompany.Name
		ev.DataTypes = p.DataTypes
	case ev.EventType == EventCompanyCreated || ev.EventType == EventCompanyDeleted:
		if payloadMissing {
			break
		}
		var p webhookCompanyRef
		if err := api.UnmarshalClean(env.Payload, &p); err != nil {
			return Event{}, fmt.Errorf("parse webhook %s: %w", ev.EventType, err)
		}
		ev.CompanyID, ev.CompanyName = p.ID, p.Name
	}
	return ev, nil
}

func isConnectionEvent(eventType string) bool {
	switch eventType {
	case EventConnectionCreated, EventConnectionConnected, EventConnectionFailed,
		EventConnectionDisconnected, EventConnectionReconnected, EventConnectionDeleted:
		return true
	}
	return false
}
