package db

import (
	"golang.org/x/crypto/bcrypt"
)

// CheckNewPassword refuses, as bad input, passwords this tool will not store (README,
// Differences 9): empty ones and ones bcrypt would silently cut.
func CheckNewPassword(pw string) error {
	if pw == "" {
		return badInput("Password cannot be empty")
	}
	if len(pw) > 72 {
		return badInput("passwords longer than 72 bytes are not supported")
	}
	return nil
}

// HashPassword checks and hashes a new password at bcrypt's default cost; a DB's
// HashPassword uses the cost of its options.
func HashPassword(pw string) (string, error) { return hashPassword(pw, bcrypt.DefaultCost) }

func hashPassword(pw string, cost int) (string, error) {
	if err := CheckNewPassword(pw); err != nil {
		return "", err
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pw), cost)
	if err != nil {
		return "", err
	}
	return string(h), nil
}

// passwordMatches compares a password with a stored hash; a missing hash never
// matches (R-PW-5).
func passwordMatches(hash *string, pw string) bool {
	if hash == nil || *hash == "" || pw == "" {
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(*hash), []byte(pw)) == nil
}
