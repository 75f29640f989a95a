// Booking codes: short, easy to read aloud, hard to guess, and self-checking.
//
// Eight random characters and one check character from a 31-letter alphabet
// without 0/O, 1/I or U. 31 is prime and the check uses distinct weights, so
// every single-character typo and every swap of two neighbours is caught.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mawid {

// The characters a booking code is written with.
inline constexpr std::string_view kCodeAlphabet = "23456789ABCDEFGHJKLMNPQRSTVWXYZ";

// Random characters in a code (the check character comes after them).
inline constexpr int kCodeRandomLength = 8;

// Bytes of randomness a code is made from (one byte picks one character).
using CodeEntropy = std::array<std::uint8_t, 16>;

// Makes a code from random bytes; uses rejection so every character is equally likely.
// Returns nullopt in the (astronomically rare) case the bytes run out.
std::optional<std::string> make_booking_code(const CodeEntropy& random_bytes);

// The check character for a body of alphabet characters.
char code_check_char(std::string_view body);

// Uppercases, drops spaces and dashes; nullopt if a character is outside the alphabet
// or the length is wrong. Does not verify the check character.
std::optional<std::string> normalize_code(std::string_view typed);

// True when `typed` normalises to a well-formed code whose check character matches.
bool is_valid_code(std::string_view typed);

// Groups a code for reading aloud: "K7M-4QX-9TZ".
std::string format_code(std::string_view code);

}  // namespace mawid
