package web

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// AdminTokenFile is the file of the data folder holding the hex SHA-256 of
// the admin token (never the token itself).
const AdminTokenFile = "admin-token.sha256"

// LoadOrCreateAdminToken reads the admin token hash from dir, or, on the
// first run, generates a token (32 random bytes, URL-safe base64), stores
// its hash (file mode 0600) and returns the token so that the caller can
// print it once. token is empty when the hash already existed.
func LoadOrCreateAdminToken(dir string) (token string, hash []byte, err error) {
	path := filepath.Join(dir, AdminTokenFile)
	b, err := os.ReadFile(path)
	if err == nil {
		hash, err = hex.DecodeString(strings.TrimSpace(string(b)))
		if err != nil || len(hash) != sha256.Size {
			return "", nil, fmt.Errorf("admin token hash %s is damaged (remove it to make a new token)", path)
		}
		return "", hash, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", nil, fmt.Errorf("reading the admin token hash: %w", err)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", nil, fmt.Errorf("making an admin token: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(raw)
	sum := sha256.Sum256([]byte(token))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", nil, fmt.Errorf("storing the admin token hash: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", nil, fmt.Errorf("storing the admin token hash: %w", err)
	}
	if _, err := f.WriteString(hex.EncodeToString(sum[:]) + "\n"); err != nil {
		f.Close()
		return "", nil, fmt.Errorf("storing the admin token hash: %w", err)
	}
	if err := f.Close(); err != nil {
		return "", nil, fmt.Errorf("storing the admin token hash: %w", err)
	}
	return token, sum[:], nil
}

// HashToken returns the SHA-256 of a token, as Options.AdminTokenHash
// wants it.
func HashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}
