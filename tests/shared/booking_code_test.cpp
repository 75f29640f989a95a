#include <doctest/doctest.h>

#include <set>

#include "mawid/booking_code.hpp"

using namespace mawid;

namespace {

// A deterministic stand-in for the server's random source.
CodeEntropy entropy(std::uint32_t seed) {
    CodeEntropy bytes{};
    for (auto& b : bytes) {
        seed = seed * 1664525u + 1013904223u;
        b = static_cast<std::uint8_t>(seed >> 24);
    }
    return bytes;
}

std::string some_code(std::uint32_t seed) {
    return make_booking_code(entropy(seed)).value();
}

}  // namespace

TEST_CASE("codes are nine characters from the alphabet and carry a valid check character") {
    for (std::uint32_t seed = 0; seed < 1000; ++seed) {
        const std::string code = some_code(seed);
        REQUIRE(code.size() == 9);
        REQUIRE(code.find_first_not_of(kCodeAlphabet) == std::string::npos);
        REQUIRE(is_valid_code(code));
    }
}

TEST_CASE("the alphabet has no characters that are confused when read aloud") {
    for (char c : std::string_view("0O1IU")) CHECK(kCodeAlphabet.find(c) == std::string::npos);
}

TEST_CASE("every single-character typo is caught by the check character") {
    for (std::uint32_t seed = 0; seed < 200; ++seed) {
        const std::string code = some_code(seed);
        for (std::size_t pos = 0; pos < code.size(); ++pos) {
            for (char c : kCodeAlphabet) {
                if (c == code[pos]) continue;
                std::string typo = code;
                typo[pos] = c;
                REQUIRE_FALSE(is_valid_code(typo));
            }
        }
    }
}

TEST_CASE("every swap of two neighbouring different characters is caught") {
    for (std::uint32_t seed = 0; seed < 500; ++seed) {
        const std::string code = some_code(seed);
        for (std::size_t pos = 0; pos + 1 < code.size(); ++pos) {
            if (code[pos] == code[pos + 1]) continue;
            std::string swapped = code;
            std::swap(swapped[pos], swapped[pos + 1]);
            REQUIRE_FALSE(is_valid_code(swapped));
        }
    }
}

TEST_CASE("typed codes: lowercase, dashes and spaces are forgiven; other characters are not") {
    const std::string code = some_code(7);
    std::string typed = format_code(code);
    CHECK(typed.size() == 11);
    CHECK(is_valid_code(typed));
    for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    CHECK(is_valid_code(typed));
    CHECK(normalize_code(" " + typed + " ") == code);
    CHECK_FALSE(normalize_code(code.substr(0, 8)));
    CHECK_FALSE(normalize_code(code + "A"));
    CHECK_FALSE(normalize_code("0000-0000-0"));
}

TEST_CASE("codes spread over the alphabet: 10,000 codes, no repeats") {
    std::set<std::string> seen;
    for (std::uint32_t seed = 0; seed < 10000; ++seed) seen.insert(some_code(seed));
    CHECK(seen.size() == 10000);
}

TEST_CASE("bytes that would bias the draw are skipped; too few usable bytes give nothing") {
    CodeEntropy biased{};
    biased.fill(255);
    CHECK_FALSE(make_booking_code(biased));
    CodeEntropy mixed{};
    mixed.fill(0);
    for (int i = 0; i < 8; ++i) mixed[i] = 250;  // all skipped
    const auto code = make_booking_code(mixed);
    REQUIRE(code);
    CHECK(code->substr(0, 8) == "22222222");
}
