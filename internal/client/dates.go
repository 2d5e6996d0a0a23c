package client

// Dates are an object's timestamps, as the API formats them
// (2026-06-15T09:30:00.000000Z, UTC).
type Dates struct {
	Created string `json:"created"`
	Updated string `json:"updated"`
}
