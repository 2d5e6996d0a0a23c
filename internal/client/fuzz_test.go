// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// fuzzPassword is sent by the fuzzed set-password calls; like the key, it
// must never come back in an error or a log entry.
const fuzzPassword = "Fuzz-Passw0rd-SECRET"

// roundTripFunc answers requests without a network, so each fuzz input costs
// microseconds and no port.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// FuzzResponseDecoding feeds arbitrary status codes, Retry-After headers and
// bodies through the client's response handling (envelope decoding, error
// classification, key redaction) for calls that decode an object, a list
// page, nothing, and a password reset. It must never panic; every failure
// must be classified by exactly one sentinel matching its status; and
// neither the key nor the password may appear in an error or a log entry,
// even when the body echoes them. The seeds run as a normal test.
func FuzzResponseDecoding(f *testing.F) {
	seeds := []struct {
		status int
		body   string
	}{
		{200, `{"data":{"id":3,"email":"a@b.example"},"message":"ok"}`},
		{200, `{"data":[{"id":1},{"id":2}],"meta":{"current_page":1,"per_page":25,"total":2,"last_page":1}}`},
		{200, `{"data":null}`},
		{200, `{"data":[]}`},
		{200, `{"data":"not an object"}`},
		{200, `{"data":{"id":"3"}}`},
		{200, `{"data":{"id":1e999}}`},
		{200, `{"meta":{"last_page":-1}}`},
		{200, ``},
		{200, `null`},
		{200, `[]`},
		{201, `{"data":{"id":9,"roles":[{"reference":"billing","expires":null}]}}`},
		{204, ``},
		{301, `moved`},
		{400, `{"message":"Malformed JSON body."}`},
		{401, `{"message":"Unauthenticated."}`},
		{401, `{"message":"Invalid key Bearer ` + testAPIKey + `"}`},
		{403, `{"message":"This action is unauthorized."}`},
		{404, `{"message":"Contact not found."}`},
		{409, `{"message":"The client still has contacts."}`},
		{413, `{"message":"The request body is too large."}`},
		{422, `{"message":"The given data was invalid.","errors":{"email":["The email has already been taken."],"roles.0.reference":["bad"]}}`},
		{422, `{"message":"x","errors":{"` + testAPIKey + `":["` + testAPIKey + ` ` + testAPIKey + `"]}}`},
		{422, `{"message":"x","errors":["not","a","map"]}`},
		{422, `{"message":5,"errors":{"a":"not a list"}}`},
		{429, `{"message":"Too Many Attempts."}`},
		{500, `<html>Internal Server Error</html>`},
		{502, `Bad Gateway Authorization: Bearer ` + testAPIKey},
		{503, `{"message":"Service Unavailable"}`},
		{599, `{}`},
	}
	for i, s := range seeds {
		for op := range uint8(4) {
			f.Add(op+uint8(i)*4, s.status, "", []byte(s.body))
		}
	}
	f.Add(uint8(0), 429, "2", []byte(`{"message":"Too Many Attempts."}`))
	f.Add(uint8(1), 429, "Wed, 21 Oct 2015 07:28:00 GMT", []byte(`{}`))
	f.Add(uint8(2), 429, "-5", []byte(`{}`))

	f.Fuzz(func(t *testing.T, op uint8, status int, retryAfter string, body []byte) {
		// Informational codes are not final answers, so a real server
		// never ends an exchange with one; 200–599 covers the rest.
		code := 200 + int(uint(status)%400)
		logs := &logSink{}
		c, err := New(Config{
			Endpoint:   "http://127.0.0.1:1",
			APIKey:     testAPIKey,
			MaxRetries: 0,
			Logger:     logs.log,
			HTTPClient: &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
				h := http.Header{"Content-Type": {"application/json"}}
				if retryAfter != "" {
					h.Set("Retry-After", retryAfter)
				}
				return &http.Response{
					StatusCode: code, Status: fmt.Sprintf("%d %s", code, http.StatusText(code)),
					Header: h, Body: io.NopCloser(bytes.NewReader(body)), Request: r,
				}, nil
			})},
		})
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		switch op % 4 {
		case 0:
			_, err = c.GetContact(ctx, 3)
		case 1:
			_, _, err = c.ListPortalUsersPage(ctx, PortalUserListFilter{}, Page{})
		case 2:
			err = c.DeleteContact(ctx, 3)
		case 3:
			_, err = c.SetPassword(ctx, 3, fuzzPassword)
		}

		texts := []string{}
		for _, e := range logs.all() {
			texts = append(texts, e.Msg, fmt.Sprintf("%v", e.Fields))
		}
		if err != nil {
			texts = append(texts, err.Error(), fmt.Sprintf("%+v", err))
		}
		for _, text := range texts {
			if strings.Contains(text, testAPIKey) || strings.Contains(text, fuzzPassword) {
				t.Fatalf("status %d: a secret leaked into %q", code, text)
			}
		}

		success := code >= 200 && code < 300
		switch {
		case err == nil:
			if !success {
				t.Fatalf("status %d succeeded", code)
			}
			return
		case success:
			// Only a body that is not the API's envelope (which also says
			// the endpoint looks wrong), or data of the wrong shape or
			// incomplete, fails a 2xx.
			if errors.Is(err, ErrWrongEndpoint) {
				assertOnlySentinel(t, err, ErrUnexpected, ErrWrongEndpoint)
			} else {
				assertOnlySentinel(t, err, ErrUnexpected)
			}
			return
		case code >= 300 && code < 400:
			var rerr *RedirectError
			if !errors.As(err, &rerr) || rerr.StatusCode != code {
				t.Fatalf("status %d: %T %v is not its *RedirectError", code, err, err)
			}
			assertOnlySentinel(t, err, ErrRedirect)
			return
		}
		var apiErr *APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("status %d: %T %v is not an *APIError", code, err, err)
		}
		if apiErr.StatusCode != code || apiErr.RetryAfter < 0 {
			t.Fatalf("status %d: APIError %+v", code, apiErr)
		}
		want := kindForStatus(code)
		if code == 404 && !errors.Is(err, ErrNotFound) {
			// Only the route's own sentence means the object is gone.
			want = ErrWrongEndpoint
		}
		if errors.Is(err, ErrNotFound) && apiErr.Message != "Contact not found." && apiErr.Message != "Portal user not found." {
			t.Fatalf("status %d: %q taken for the object's own 404", code, apiErr.Message)
		}
		assertOnlySentinel(t, err, want)
	})
}
