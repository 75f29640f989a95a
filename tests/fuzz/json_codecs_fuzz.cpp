// Fuzz target: every JSON decoder of the booking core (citizen and staff answers, bodies,
// catalogues), fed what a client, a server or a catalogue file could send. A decoder must answer with a value or an error, never crash, and what
// it accepts must encode and decode again to the same value.
#include <mawid/codec.hpp>
#include <mawid/staff_codec.hpp>

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

// A staff answer the centre app accepted must survive being written and read again.
template <typename Decode, typename Encode>
void staff_answer(const Json& json, Decode decode, Encode encode) {
    auto value = decode(json);
    if (value) must(decode(encode(*value)).has_value());
}

void staff_answers(const Json& json) {
    staff_answer(json, staff_member_from_json, staff_member_to_json);
    staff_answer(json, staff_account_from_json, staff_account_to_json);
    staff_answer(json, staff_booking_row_from_json, staff_booking_row_to_json);
    staff_answer(json, walk_in_ticket_from_json, walk_in_ticket_to_json);
    staff_answer(json, staff_day_from_json, staff_day_to_json);
    (void)staff_accounts_from_json(json);
    (void)staff_booking_rows_from_json(json);
    (void)catalog_edit_answer_to_json(catalog_edit_answer_from_json(json));
    (void)stranded_list_to_json(stranded_list_from_json(json));
    (void)report_answer_to_json(report_answer_from_json(json));
    // An audit page the app accepted is written and read back the same, and as CSV.
    AuditPage page = audit_page_from_json(json);
    must(audit_page_from_json(audit_page_to_json(page)) == page);
    (void)audit_to_csv(page.entries);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto json = parse_json(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!json) return 0;
    booking_request(*json);
    booking(*json);
    catalog(*json);
    staff_answers(*json);
    (void)string_field(*json, "code");
    return 0;
}
