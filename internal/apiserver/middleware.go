// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver

import (
	"bytes"
	"cmp"
	"errors"
	"io"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxBody is the largest request body accepted (1 MiB).
const maxBody = 1 << 20

// call is one request that passed the pipeline up to the handler.
type call struct {
	r     *http.Request
	in    input // decoded body
	query input
	now   time.Time

	// commit records the answer of a request with an Idempotency-Key
	// (nil otherwise); answer is the body it recorded. See lockWrite.
	commit func(status int, body []byte)
	answer []byte
}

// lockWrite locks the store for a POST handler, which defers the returned
// unlock with its named reply. A successful reply to a request with an
// Idempotency-Key is recorded before the lock is released, so a snapshot
// of the store (see save) never holds a change without the answer that a
// retry must be given, even if the process dies right after.
func (s *Server) lockWrite(c *call, rep *reply) func() {
	s.mu.Lock()
	return func() {
		if c.commit != nil && rep.status > 0 && rep.status < 400 {
			c.answer = encode(rep.body)
			c.commit(rep.status, c.answer)
		}
		s.mu.Unlock()
	}
}

// pathID is the {id} path value. Ids are positive integers and only their
// canonical form names a record: "+1", "01" or "1.0" are not ids, so each
// record has exactly one URL.
func (c *call) pathID() (int64, bool) {
	s := c.r.PathValue("id")
	if s == "" || s[0] < '1' || s[0] > '9' {
		return 0, false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// pipeline applies the order of checks (api/README.md §7) around a handler:
// body size → key → rate limit → scope → body syntax → idempotency.
func (s *Server) pipeline(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := s.identify(r, rt.access == public)
		now := s.now()
		body, err := readBody(w, r)
		if err != nil {
			s.limiter.setHeaders(w, id.bucket, now)
			if errors.As(err, new(*http.MaxBytesError)) {
				writeReply(w, errTooLarge)
			} else {
				writeReply(w, fail(http.StatusBadRequest, "Unable to read the request body."))
			}
			return
		}
		if rt.access != public && id.scope == "" {
			s.limiter.setHeaders(w, id.bucket, now)
			writeReply(w, errUnauthorized)
			return
		}
		if !s.limiter.allow(w, id.bucket, now) {
			writeReply(w, errTooMany)
			return
		}
		if rt.access == writeAccess && id.scope != ScopeWrite {
			writeReply(w, errForbidden)
			return
		}
		// Reads take their input from the query string; a body sent with
		// one is ignored, as Laravel does.
		writes := r.Method != http.MethodGet && r.Method != http.MethodHead
		in := input{}
		if writes {
			if in, err = parseBody(r.Header.Get("Content-Type"), body); err != nil {
				msg := "Malformed JSON body."
				if errors.Is(err, errMalformedForm) {
					msg = "Malformed form body."
				}
				writeReply(w, fail(http.StatusBadRequest, msg))
				return
			}
		}
		c := &call{r: r, in: in, query: queryInput(r.URL.Query()), now: now}
		run := func(commit func(int, []byte)) (int, []byte) {
			c.commit = commit
			rep := rt.handle(s, c)
			answer := c.answer
			if answer == nil {
				answer = encode(rep.body)
			}
			if writes && rep.status < 400 {
				if err := s.save(); err != nil {
					// The change stays in memory, and a committed answer
					// stays for a retry with the same Idempotency-Key.
					s.log.Error("saving data file failed", "error", err)
					return errServer.status, encode(errServer.body)
				}
			}
			return rep.status, answer
		}
		key := r.Header.Get("Idempotency-Key")
		if r.Method != http.MethodPost || rt.access == public || key == "" {
			status, body := run(nil)
			writeRaw(w, status, body)
			return
		}
		s.serveIdempotent(w, r, id, key, body, now, run)
	})
}

// readBody reads at most maxBody bytes, refusing larger bodies up front when
// their length is declared.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if r.ContentLength > maxBody {
		return nil, &http.MaxBytesError{Limit: maxBody}
	}
	return io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
}

// identity is who the caller is for rate limiting and scope checks.
type identity struct {
	bucket string // rate-limit bucket: the key's digest, or the client address
	scope  string // "" when there is no valid key
	key    apiKey // the valid key, when scope is set
}

// identify looks the bearer key up. Public routes are limited per address
// even when a key is sent, as the portal's login is not an API client.
func (s *Server) identify(r *http.Request, public bool) identity {
	addr := "addr:" + clientAddr(r)
	if public {
		return identity{bucket: addr}
	}
	h := r.Header.Get("Authorization")
	if len(h) <= len("Bearer ") || !strings.EqualFold(h[:len("Bearer ")], "Bearer ") {
		return identity{bucket: addr}
	}
	if k, ok := s.lookupKey(strings.TrimSpace(h[len("Bearer "):])); ok {
		return identity{bucket: "key:" + k.id, scope: k.scope, key: k}
	}
	return identity{bucket: addr}
}

func clientAddr(r *http.Request) string {
	addr := r.RemoteAddr
	if i := strings.LastIndexByte(addr, ':'); i >= 0 {
		addr = addr[:i]
	}
	return addr
}

// canonicalPath reports whether p is a path the mux serves as it is: no
// empty, "." or ".." segment (after decoding). The mux would answer any
// other with an HTML redirect to its cleaned form; here it is an unknown
// route, so a record is reachable through one path only.
func canonicalPath(p string) bool {
	if p == "" || p[0] != '/' {
		return false
	}
	for seg := range strings.SplitSeq(p[1:], "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// unrouted answers requests no pattern matches: 405 when the path exists
// with other methods (the mux's handler sets Allow), 404 otherwise. A nil h
// is a path that matches nothing.
func (s *Server) unrouted(w http.ResponseWriter, r *http.Request, h http.Handler) {
	probe := newRecorder()
	if h != nil {
		h.ServeHTTP(probe, r)
	}
	s.limiter.setHeaders(w, s.identify(r, false).bucket, s.now())
	if probe.status != http.StatusMethodNotAllowed {
		writeReply(w, errNotFound)
		return
	}
	allow := probe.header.Get("Allow")
	w.Header().Set("Allow", allow)
	writeReply(w, fail(http.StatusMethodNotAllowed,
		"The "+r.Method+" method is not supported for this route. Supported methods: "+allow+"."))
}

// recorder holds a response instead of sending it: to learn what the mux's
// fallback handler would answer, and to decide after a write has committed
// whether its answer is sent at all (Faults.DropAfterCommitRate).
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newRecorder() *recorder { return &recorder{header: http.Header{}} }

func (rec *recorder) Header() http.Header { return rec.header }

func (rec *recorder) Write(b []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	return rec.body.Write(b)
}

func (rec *recorder) WriteHeader(status int) {
	if rec.status == 0 {
		rec.status = status
	}
}

// sendTo writes the recorded response to w.
func (rec *recorder) sendTo(w http.ResponseWriter) {
	maps.Copy(w.Header(), rec.header)
	w.WriteHeader(cmp.Or(rec.status, http.StatusOK))
	_, _ = w.Write(rec.body.Bytes())
}

// statusWriter remembers the status for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

// Unwrap lets http.ResponseController reach the connection to hijack it.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// serveIdempotent runs the request at most once per (API key, method, path,
// Idempotency-Key) and replays the stored answer to repeats.
func (s *Server) serveIdempotent(w http.ResponseWriter, r *http.Request, id identity, key string, body []byte, now time.Time, run func(func(int, []byte)) (int, []byte)) {
	if len(key) > 255 {
		writeReply(w, invalid(map[string][]string{
			"Idempotency-Key": {"The Idempotency-Key field must not be greater than 255 characters."},
		}))
		return
	}
	scope := idemScope{caller: id.key.id, method: r.Method, path: r.URL.Path, key: key}
	res := s.idem.do(r.Context(), scope, id.key.fingerprint(body), now, run)
	switch {
	case res.mismatch:
		writeReply(w, invalid(map[string][]string{
			"Idempotency-Key": {"The Idempotency-Key has already been used with a different request body."},
		}))
	case res.status == 0: // the caller went away while waiting
		writeReply(w, errServer)
	default:
		if res.replayed {
			w.Header().Set("Idempotent-Replayed", "true")
		}
		writeRaw(w, res.status, res.body)
	}
}

func (s *Server) count(pattern string) {
	s.countsMu.Lock()
	s.counts[pattern]++
	s.countsMu.Unlock()
}
