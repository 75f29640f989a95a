// Fuzz target: every JSON decoder of the booking core, fed what a client or a catalogue
// file could send. A decoder must answer with a value or an error, never crash, and what
// it accepts must encode and decode again to the same value.
#include <mawid/codec.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace mawid;

namespace {

void must(bool condition) {
    if (!condition) std::abort();
}

void booking_request(const Json& json) {
    auto request = booking_request_from_json(json);
    if (!request) return;
    auto again = booking_request_from_json(booking_request_to_json(*request, 180));
    must(again.ok() && again->cpr == request->cpr && again->phone == request->phone &&
         again->start == request->start);
}

void booking(const Json& json) {
    auto booking = booking_from_json(json);
    if (!booking) return;
    auto again = booking_from_json(booking_to_json(*booking));
    must(again.ok() && again->code == booking->code && again->start == booking->start &&
         again->status == booking->status);
}

void catalog(const Json& json) {
    auto catalog = catalog_from_json(json);
    if (!catalog) return;
    must(catalog_from_json(catalog_to_json(*catalog)).ok());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto json = parse_json(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!json) return 0;
    booking_request(*json);
    booking(*json);
    catalog(*json);
    (void)string_field(*json, "code");
    return 0;
}
