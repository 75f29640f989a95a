#include "mawid/staff.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <tuple>

#include "mawid/slots.hpp"
#include "formatting.hpp"

namespace mawid {

using detail::fixed3;

namespace {

constexpr std::array<std::string_view, 3> kRoleNames = {"staff", "supervisor", "admin"};
constexpr std::array<std::string_view, 3> kActionNames = {"check_in", "serve", "no_show"};

template <typename Enum, std::size_t N>
std::optional<Enum> parse_name(const std::array<std::string_view, N>& names,
                               std::string_view text) {
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == text) return static_cast<Enum>(i);
    }
    return std::nullopt;
}

std::string csv_field(std::string_view text) {
    std::string value;
    // Spreadsheets run a cell starting with these as a formula (CSV injection).
    if (!text.empty() &&
        std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
        value = "'";
    }
    value += text;
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string quoted = "\"";
    for (char c : value) {
        if (c == '"') quoted.push_back('"');
        quoted.push_back(c);
    }
    return quoted + "\"";
}

int seats_offered(const Catalog& catalog, const Centre& centre, const Service& service,
                  const Date& from, const Date& to) {
    int seats = 0;
    for (Date day = from; day <= to; day = add_days(day, 1)) {
        if (is_closed_on(catalog, centre, day)) continue;
        for (const Slot& slot : slots_on_day(centre, service, day)) seats += slot.capacity;
    }
    return seats;
}

void count_booking(ReportRow& row, BookingStatus status) {
    ++row.bookings;
    switch (status) {
        case BookingStatus::booked:
            ++row.seats_used;
            break;
        case BookingStatus::checked_in:
            ++row.checked_in, ++row.seats_used;
            break;
        case BookingStatus::served:
            ++row.checked_in, ++row.served, ++row.seats_used;
            break;
        case BookingStatus::no_show:
            ++row.no_show;
            break;
        case BookingStatus::cancelled:
            ++row.cancelled;
            break;
    }
}

}  // namespace

std::string_view role_name(Role role) {
    return kRoleNames[static_cast<int>(role)];
}

std::optional<Role> parse_role(std::string_view text) {
    return parse_name<Role>(kRoleNames, text);
}

bool can_serve_centre(const StaffMember& member, std::string_view centre_id) {
    return member.role == Role::admin || member.centre == centre_id;
}

bool can_administer_centre(const StaffMember& member, std::string_view centre_id) {
    return member.role == Role::admin ||
           (member.role == Role::supervisor && member.centre == centre_id);
}

std::string_view counter_action_name(CounterAction action) {
    return kActionNames[static_cast<int>(action)];
}

std::optional<CounterAction> parse_counter_action(std::string_view text) {
    return parse_name<CounterAction>(kActionNames, text);
}

Result<BookingStatus> apply_counter_action(BookingStatus current, CounterAction action) {
    using S = BookingStatus;
    const Error closed = make_error(ErrorCode::not_active, "status");
    if (current == S::cancelled) return closed;
    switch (action) {
        case CounterAction::check_in:
            // A late arrival marked no-show may still be checked in; served stays served.
            return current == S::served ? S::served : S::checked_in;
        case CounterAction::serve:
            return S::served;
        case CounterAction::no_show:
            if (current == S::checked_in || current == S::served) return closed;
            return S::no_show;
    }
    return closed;
}

std::string walk_in_ticket(const WalkIn& walk_in) {
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "%c-%03d", walk_in.priority ? 'P' : 'W', walk_in.number);
    return buffer;
}

std::vector<WalkIn> walk_in_queue(std::vector<WalkIn> walk_ins) {
    std::erase_if(walk_ins, [](const WalkIn& w) { return w.served; });
    std::stable_sort(walk_ins.begin(), walk_ins.end(), [](const WalkIn& a, const WalkIn& b) {
        return std::tuple(!a.priority, a.issued_at, a.number) <
               std::tuple(!b.priority, b.issued_at, b.number);
    });
    return walk_ins;
}

bool slot_still_exists(const Catalog& catalog, const Booking& booking) {
    const Centre* centre = find_centre(catalog, booking.centre);
    const Service* service = find_service(catalog, booking.service);
    if (!centre || !service || !offers(*centre, booking.service)) return false;
    const Date date = to_local(booking.start, centre->utc_offset_minutes).date;
    if (is_closed_on(catalog, *centre, date)) return false;
    // A go-live date moved past the booking's day leaves it no seat either.
    if (!is_live(*centre, booking.service, date)) return false;
    const auto day = slots_on_day(*centre, *service, date);
    return std::any_of(day.begin(), day.end(),
                       [&](const Slot& slot) { return slot.start == booking.start; });
}

std::vector<std::size_t> stranded_bookings(const Catalog& catalog,
                                           const std::vector<Booking>& bookings) {
    std::vector<std::size_t> stranded;
    std::map<std::tuple<std::string, std::string, UnixSeconds>, int> held;
    for (std::size_t i = 0; i < bookings.size(); ++i) {
        const Booking& booking = bookings[i];
        if (!holds_seat(booking.status)) continue;
        if (!slot_still_exists(catalog, booking)) {
            stranded.push_back(i);
            continue;
        }
        const Centre& centre = *find_centre(catalog, booking.centre);
        const Date date = to_local(booking.start, centre.utc_offset_minutes).date;
        int& count = held[{booking.centre, booking.service, booking.start}];
        if (++count > counters_on(centre, booking.service, date)) stranded.push_back(i);
    }
    return stranded;
}

double no_show_rate(const ReportRow& row) {
    const int reached = row.checked_in + row.no_show;
    return reached == 0 ? 0.0 : static_cast<double>(row.no_show) / reached;
}

double utilisation(const ReportRow& row) {
    return row.seats_offered == 0 ? 0.0 : static_cast<double>(row.seats_used) / row.seats_offered;
}

std::vector<ReportRow> centre_report(const Catalog& catalog, std::string_view centre_id,
                                     const Date& from, const Date& to,
                                     const std::vector<Booking>& bookings,
                                     const std::map<std::string, int>& walk_ins_by_service) {
    std::vector<ReportRow> rows;
    const Centre* centre = find_centre(catalog, centre_id);
    if (!centre) return rows;
    for (const auto& service_id : centre->services) {
        const Service* service = find_service(catalog, service_id);
        if (!service) continue;
        ReportRow row;
        row.service = service_id;
        row.seats_offered = seats_offered(catalog, *centre, *service, from, to);
        if (auto it = walk_ins_by_service.find(service_id); it != walk_ins_by_service.end()) {
            row.walk_ins = it->second;
        }
        for (const Booking& booking : bookings) {
            const Date date = to_local(booking.start, centre->utc_offset_minutes).date;
            if (booking.centre != centre_id || booking.service != service_id || date < from ||
                to < date) {
                continue;
            }
            count_booking(row, booking.status);
        }
        rows.push_back(row);
    }
    return rows;
}

std::string report_to_csv(const std::vector<ReportRow>& rows) {
    std::string csv =
        "service,bookings,checked_in,served,no_show,cancelled,walk_ins,seats_offered,seats_used,"
        "no_show_rate,utilisation\r\n";
    for (const ReportRow& r : rows) {
        csv += csv_field(r.service);
        for (int n : {r.bookings, r.checked_in, r.served, r.no_show, r.cancelled, r.walk_ins,
                      r.seats_offered, r.seats_used}) {
            csv += ',';  // appended apart: GCC 12 warns wrongly about "," + to_string (-Wrestrict)
            csv += std::to_string(n);
        }
        csv += "," + fixed3(no_show_rate(r)) + "," + fixed3(utilisation(r)) + "\r\n";
    }
    return csv;
}

std::string csv_record(const std::vector<std::string>& fields) {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) line += ',';
        line += csv_field(fields[i]);
    }
    return line + "\r\n";
}

bool is_audit_action(std::string_view name) {
    return std::find(kAuditActions.begin(), kAuditActions.end(), name) != kAuditActions.end();
}

std::string_view delivery_name(Delivery delivery) {
    switch (delivery) {
        case Delivery::delivered:
            return "delivered";
        case Delivery::pending:
            return "pending";
        case Delivery::failed:
            return "failed";
        case Delivery::none:
            break;
    }
    return "none";
}

std::optional<Delivery> parse_delivery(std::string_view text) {
    for (Delivery d : {Delivery::none, Delivery::delivered, Delivery::pending, Delivery::failed}) {
        if (delivery_name(d) == text) return d;
    }
    return std::nullopt;
}

Delivery worse_delivery(Delivery a, Delivery b) {
    return static_cast<int>(a) >= static_cast<int>(b) ? a : b;
}

std::map<std::string, Delivery> parse_deliveries(std::string_view stored) {
    std::map<std::string, Delivery> deliveries;
    while (!stored.empty()) {
        std::size_t end = stored.find(';');
        std::string_view part = stored.substr(0, end);
        std::size_t eq = part.find('=');
        if (eq != std::string_view::npos && eq > 0) {
            if (auto delivery = parse_delivery(part.substr(eq + 1))) {
                deliveries[std::string(part.substr(0, eq))] = *delivery;
            }
        }
        if (end == std::string_view::npos) break;
        stored.remove_prefix(end + 1);
    }
    return deliveries;
}

std::string deliveries_text(const std::map<std::string, Delivery>& deliveries) {
    std::string text;
    for (const auto& [channel, delivery] : deliveries) {
        if (!text.empty()) text += ';';
        text += channel + "=" + std::string(delivery_name(delivery));
    }
    return text;
}

bool outbox_needs_attention(const OutboxHealth& health) {
    return health.failed_last_hour > 0 || health.oldest_due_seconds > kOutboxLateSeconds;
}

}  // namespace mawid
