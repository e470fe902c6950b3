// Package arabic is the Arabic text core of marsad: normalization for
// matching and for display, a tokenizer with position-paired quotes, a
// sentence splitter for Arabic news, Snowball and light stemming with
// protected words, and an embedded stop-word list.
//
// Offsets returned by this package (Token.Start/End, Span.Start/End) are
// Unicode code point offsets into the original string, end exclusive, as
// in the marsad Article contract. Tokens also carry byte offsets.
//
// All functions are safe for concurrent use; none keeps mutable state.
// Inputs of any size and content are accepted (invalid UTF-8 is treated as
// U+FFFD, one code point per invalid byte, as by a Go range loop); the
// work and memory of every function is linear in the input.
package arabic
