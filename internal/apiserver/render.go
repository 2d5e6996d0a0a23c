// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// reply is what a handler decides; the middleware turns it into bytes so the
// idempotency layer can store and replay exactly what was sent.
type reply struct {
	status int
	body   any
}

type envelope struct {
	Data    any    `json:"data"`
	Meta    *Meta  `json:"meta,omitempty"`
	Message string `json:"message,omitempty"`
}

type errorBody struct {
	Message string              `json:"message"`
	Errors  map[string][]string `json:"errors,omitempty"`
}

func ok(status int, data any, message string) reply {
	return reply{status, envelope{Data: data, Message: message}}
}

func listed(data any, meta Meta, message string) reply {
	return reply{http.StatusOK, envelope{Data: data, Meta: &meta, Message: message}}
}

func fail(status int, message string) reply {
	return reply{status, errorBody{Message: message}}
}

func invalid(errs map[string][]string) reply {
	return reply{http.StatusUnprocessableEntity, errorBody{Message: "The given data was invalid.", Errors: errs}}
}

var (
	errServer       = fail(http.StatusInternalServerError, "Server Error")
	errUnauthorized = fail(http.StatusUnauthorized, "Unauthenticated.")
	errForbidden    = fail(http.StatusForbidden, "This action is unauthorized.")
	errTooLarge     = fail(http.StatusRequestEntityTooLarge, "The request body is too large.")
	errTooMany      = fail(http.StatusTooManyRequests, "Too Many Attempts.")
	errNotFound     = fail(http.StatusNotFound, "Not found.")
)

// encode marshals a body the way Laravel does: HTML characters unescaped.
func encode(body any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(body); err != nil {
		// Every body is built from plain structs and maps, so this cannot
		// happen short of a programming error; answer like Laravel would.
		return []byte(`{"message":"Server Error"}` + "\n")
	}
	return buf.Bytes()
}

func writeRaw(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func writeReply(w http.ResponseWriter, rep reply) {
	writeRaw(w, rep.status, encode(rep.body))
}
