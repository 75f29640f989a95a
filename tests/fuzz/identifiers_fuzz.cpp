// Fuzz target: what a person types or reads aloud: booking codes, CPR numbers, phone
// numbers and language tags. Each check answers yes or no without crashing, and what it
// accepts is stable (a normalised code or phone normalises to itself).
#include <mawid/booking.hpp>
#include <mawid/booking_code.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace mawid;

namespace {

void must(bool condition) {
    if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view typed(reinterpret_cast<const char*>(data), size);
    if (auto code = normalize_code(typed)) {  // its shape; the check character is separate
        must(normalize_code(format_code(*code)) == code);
        must(is_valid_code(*code) == is_valid_code(typed));
    }
    if (auto phone = normalize_phone(typed)) {
        auto again = normalize_phone(*phone);
        must(again.ok() && *again == *phone);
    }
    (void)validate_cpr(typed);
    (void)is_language_tag(typed);
    (void)parse_status(typed);
    return 0;
}
