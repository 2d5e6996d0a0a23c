// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"

	"golang.org/x/crypto/bcrypt"
)

// prehash maps a password to a fixed 44-byte string before bcrypt, because
// bcrypt ignores everything past 72 bytes and passwords may be 128
// characters (up to 512 bytes) long.
func prehash(password string) []byte {
	sum := sha256.Sum256([]byte(password))
	return []byte(base64.StdEncoding.EncodeToString(sum[:]))
}

func (s *Server) hashPassword(password string) ([]byte, error) {
	return bcrypt.GenerateFromPassword(prehash(password), s.cfg.BcryptCost)
}

// randomPasswordHash is the hash of a password nobody is told (api/README.md §4):
// the user exists and cannot log in until a password is set.
func (s *Server) randomPasswordHash() ([]byte, error) {
	return s.hashPassword(rand.Text())
}

// checkPassword compares in bcrypt's constant time. A nil hash (no password)
// is compared against a throwaway hash so that unknown usernames and users
// without passwords take as long as a wrong password does.
func (s *Server) checkPassword(hash []byte, password string) bool {
	if hash == nil {
		s.dummyOnce.Do(func() { s.dummyHash, _ = s.hashPassword(rand.Text()) })
		_ = bcrypt.CompareHashAndPassword(s.dummyHash, prehash(password))
		return false
	}
	return bcrypt.CompareHashAndPassword(hash, prehash(password)) == nil
}
