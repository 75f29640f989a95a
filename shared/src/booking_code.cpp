#include "mawid/booking_code.hpp"

namespace mawid {

namespace {

constexpr int kAlphabetSize = static_cast<int>(kCodeAlphabet.size());  // 31, a prime
static_assert(kCodeAlphabet.size() == 31, "the check character relies on a prime alphabet");

// Position of a character in the alphabet, or -1.
int value_of(char c) {
    const auto pos = kCodeAlphabet.find(c);
    return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

char to_upper(char c) {
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

}  // namespace

std::optional<std::string> make_booking_code(const CodeEntropy& random_bytes) {
    // 248 is the largest multiple of 31 below 256: bytes at or above it would bias the draw.
    constexpr int kUsable = 256 / kAlphabetSize * kAlphabetSize;
    std::string body;
    for (std::uint8_t byte : random_bytes) {
        if (byte >= kUsable) continue;
        body.push_back(kCodeAlphabet[byte % kAlphabetSize]);
        if (static_cast<int>(body.size()) == kCodeRandomLength) {
            return body + code_check_char(body);
        }
    }
    return std::nullopt;
}

char code_check_char(std::string_view body) {
    // Weights 1..n are distinct and non-zero modulo the prime 31, so changing one
    // character or swapping two neighbours always changes the sum.
    int sum = 0;
    for (std::size_t i = 0; i < body.size(); ++i) {
        sum = (sum + static_cast<int>(i + 1) * value_of(body[i])) % kAlphabetSize;
    }
    return kCodeAlphabet[sum];
}

std::optional<std::string> normalize_code(std::string_view typed) {
    std::string code;
    for (char c : typed) {
        if (c == ' ' || c == '-') continue;
        c = to_upper(c);
        if (value_of(c) < 0) return std::nullopt;
        code.push_back(c);
    }
    if (static_cast<int>(code.size()) != kCodeRandomLength + 1) return std::nullopt;
    return code;
}

bool is_valid_code(std::string_view typed) {
    const auto code = normalize_code(typed);
    if (!code) return false;
    const std::string_view body = std::string_view(*code).substr(0, kCodeRandomLength);
    return code->back() == code_check_char(body);
}

std::string format_code(std::string_view code) {
    std::string out;
    for (std::size_t i = 0; i < code.size(); ++i) {
        if (i > 0 && i % 3 == 0) out.push_back('-');
        out.push_back(code[i]);
    }
    return out;
}

}  // namespace mawid
