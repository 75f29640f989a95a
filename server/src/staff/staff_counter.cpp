// The staff API at the counter: the day view, check-in / serve / no-show, walk-in tickets,
// and bookings made on a citizen's behalf.
#include "staff/staff_api.hpp"

#include <mawid/booking_code.hpp>

#include <charconv>
#include <map>

#include <mawid/staff_codec.hpp>
#include "http/json_responses.hpp"
#include "http/request_parsing.hpp"
#include "jobs/bookings.hpp"
#include "messages/walk_in_notices.hpp"
#include "storage/audit_store.hpp"
#include "storage/staff_store.hpp"
#include "storage/store.hpp"

namespace mawid::server {

namespace {

// A stored walk-in as the API writes it, its issue time at the centre's offset.
Json walk_in_json(const StoredWalkIn& stored, int offset_minutes) {
    return walk_in_ticket_to_json(
        walk_in_ticket_row(stored.id, stored.centre, stored.walk_in, offset_minutes));
}

// Typed codes arrive as read aloud: lowercase, dashes, spaces. The check character catches a
// typo before the database is asked.
std::optional<std::string> code_from_segment(std::string_view segment) {
    auto decoded = percent_decode(segment, false);
    if (!decoded || !is_valid_code(*decoded)) return std::nullopt;
    return *normalize_code(*decoded);
}

// The booking with this code if it is at a centre the member serves. Unlike the citizen API,
// staff need no CPR: the centre is their warrant.
Result<StoredBooking> centre_booking(WriteStore& store, const StaffMember& member,
                                     const std::string& code) {
    auto found = store.find_booking(code);
    if (!found) return make_error(ErrorCode::not_found);
    // Another centre's code answers as one that does not exist: a code reveals nothing.
    if (!can_serve_centre(member, found->booking.centre)) return make_error(ErrorCode::not_found);
    return std::move(*found);
}

// A cancellation or move made by staff, once done: the member (`entry.username`) is recorded
// as who handled the booking, and `entry` goes on the audit trail, in the same transaction.
HttpResponse handled(WriteStore& store, const AuditEntry& entry, HttpResponse answer) {
    if (answer.status == 200) {
        set_handled_by(store.connection(), entry.booking, entry.username);
        record_audit(store.connection(), entry);
    }
    return answer;
}

HttpResponse run_counter_action(WriteStore& store, const StaffMember& member,
                                const std::string& code, CounterAction action, UnixSeconds now) {
    auto found = store.find_booking(code);
    if (!found) return error_response(ErrorCode::not_found);
    Booking& booking = found->booking;
    if (!can_serve_centre(member, booking.centre)) return error_response(ErrorCode::not_found);
    const BookingStatus before = booking.status;
    auto after = apply_counter_action(before, action);
    if (!after) {
        // The counter reports what happened meanwhile (a cancellation); it never overwrites it.
        return json_response(http_status(after.error().code),
                             counter_refusal_to_json(after.error(), before));
    }
    if (*after != before) {
        // A no-show checked in late, after the citizen booked the same service again: the new
        // booking is the one to serve, and one CPR holds one active booking per service.
        if (!store.set_status(code, *after, now)) return error_response(ErrorCode::booked_again);
        adjust_occupancy(store.connection(), booking,
                         int(holds_seat(*after)) - int(holds_seat(before)));
        set_handled_by(store.connection(), code, member.username);
        booking.status = *after;
        // Only a change is on record: a repeat (an offline replay) changed nothing.
        record_audit(store.connection(),
                     AuditEntry{now, member.username, booking.centre,
                                std::string(counter_action_name(action)), code, ""});
    }
    return json_response(200, counter_answer_to_json(booking));
}

struct WalkInWork {
    std::string member;
    std::string centre;
    std::string service;
    bool priority = false;
    UnixSeconds now = 0;
    int offset = kDefaultUtcOffsetMinutes;
    std::string day;
    std::string phone;  // E.164, or "" when the person left none
    std::string lang;   // what "your turn is near" is written in
    std::string key;    // empty without Idempotency-Key
    std::string hash;
};

// A ticket is issued once per Idempotency-Key: a counter that retries after a lost answer
// must not print a second number.
HttpResponse run_issue_walk_in(WriteStore& store, const WalkInWork& work) {
    if (auto replay = claim_or_replay(store, work.key, work.hash, work.now)) return *replay;
    StoredWalkIn stored = insert_walk_in(store.connection(), work.centre, work.day, work.service,
                                         work.priority, work.now);
    if (!work.phone.empty()) {
        keep_walk_in_contact(store.connection(), stored.id, work.phone, work.lang);
    }
    tell_turns_near(store.connection(), work.centre, work.day, stored.id, work.now);
    record_audit(store.connection(),
                 AuditEntry{work.now, work.member, work.centre, "walk_in_issued", "",
                            walk_in_ticket(stored.walk_in)});
    HttpResponse response = json_response(201, walk_in_json(stored, work.offset));
    if (!work.key.empty()) store.settle_idempotency(work.key, 201, response.body);
    return response;
}

HttpResponse run_walk_in_served(WriteStore& store, const StaffMember& member, std::int64_t id,
                                const Catalog& catalog, UnixSeconds now) {
    auto found = find_walk_in(store.connection(), id);
    if (!found) return error_response(ErrorCode::not_found);
    if (!can_serve_centre(member, found->centre)) return error_response(ErrorCode::not_found);
    if (!found->walk_in.served) {
        mark_walk_in_served(store.connection(), id, now);
        found->walk_in.served = true;
        tell_turns_near(store.connection(), found->centre, found->day, 0, now);
        record_audit(store.connection(),
                     AuditEntry{now, member.username, found->centre, "walk_in_served", "",
                                walk_in_ticket(found->walk_in)});
    }
    return json_response(200, walk_in_json(*found, centre_utc_offset(catalog, found->centre)));
}

// The day's tickets in the order they were issued, and the ids of those still waiting in the
// order they are called (shared/'s walk_in_queue: priority first).
void add_walk_ins(StaffDay& day, const std::vector<StoredWalkIn>& stored, int offset_minutes) {
    std::vector<WalkIn> tickets;
    std::map<std::string, std::int64_t> id_by_ticket;  // a ticket is unique within its day
    for (const StoredWalkIn& item : stored) {
        day.walk_ins.push_back(
            walk_in_ticket_row(item.id, item.centre, item.walk_in, offset_minutes));
        tickets.push_back(item.walk_in);
        id_by_ticket[walk_in_ticket(item.walk_in)] = item.id;
    }
    for (const WalkIn& next : walk_in_queue(tickets)) {
        day.queue.push_back(id_by_ticket[walk_in_ticket(next)]);
    }
}

}  // namespace

// --- The day and the counter ------------------------------------------------------------------

HttpResponse StaffApi::day(const std::string& centre, std::string_view query) const {
    auto state = catalog_.get();
    const int offset = centre_utc_offset(state->catalog, centre);
    const UnixSeconds now = clock_.now();
    Date date = to_local(now, offset).date;
    if (auto text = query_param(query, "date")) {
        auto parsed = parse_date(*text);
        if (!parsed) return error_response(ErrorCode::bad_request, "date", "Expected YYYY-MM-DD.");
        date = *parsed;
    }
    auto page = booking_page_param(query);
    if (!page) return error_response(page.error());
    Connection& db = thread_read_connection(db_path_);
    const ReadSnapshot snapshot(db);  // the page and the day's counts agree
    StaffDay answer{centre, format_date(date), format_rfc3339(now, offset), {}, {}, {}, {}, {}};
    const UnixSeconds from = to_unix(date, 0, offset), to = to_unix(add_days(date, 1), 0, offset);
    std::vector<HandledBooking> rows =
        handled_bookings_page(db, centre, from, to, page->after, page->limit + 1);
    if (cut_to_page(rows, page->limit)) {
        answer.next_after = format_booking_cursor(booking_cursor(rows.back().booking));
    }
    for (const HandledBooking& item : rows) {
        answer.bookings.push_back(staff_booking_row(item.booking, item.handled_by));
    }
    add_deliveries(db, centre, from, to, answer.bookings);
    // The counts are the whole day's, whichever page this is.
    answer.counts = count_statuses({});
    for (const auto& [status, count] : count_bookings_by_status(db, centre, from, to)) {
        answer.counts[status] = count;
    }
    // The tickets come with the first page only: the later ones add bookings to it.
    if (!query_param(query, "after")) {
        add_walk_ins(answer, walk_ins_on(db, centre, format_date(date)), offset);
    }
    return json_response(200, staff_day_to_json(answer));
}

void StaffApi::counter_action(const Caller& caller, std::string_view code_segment,
                              CounterAction action, Responder& respond) {
    auto parsed = code_from_segment(code_segment);
    if (!parsed) return respond(error_response(ErrorCode::not_found));
    std::string code = *parsed;
    writer_.submit(
        WriteJob{[member = caller.member, code, action, now = clock_.now()](WriteStore& store) {
                     return run_counter_action(store, member, code, action, now);
                 },
                 std::move(respond)});
}

void StaffApi::staff_cancel(const Caller& caller, std::string_view code_segment,
                            const HttpRequest& request, Responder& respond) {
    auto body = read_body(request.body.empty() ? std::string_view("{}") : request.body, {});
    if (!body) return respond(error_response(body.error()));
    auto code = code_from_segment(code_segment);
    if (!code) return respond(error_response(ErrorCode::not_found));
    writer_.submit(WriteJob{
        [member = caller.member, code = *code, now = clock_.now()](WriteStore& store) {
            auto found = centre_booking(store, member, code);
            if (!found) return error_response(found.error());
            AuditEntry entry{now, member.username, found->booking.centre, "booking_cancelled",
                             code, ""};
            return handled(store, entry, cancel_booking(store, std::move(*found), now));
        },
        std::move(respond)});
}

void StaffApi::staff_reschedule(const Caller& caller, std::string_view code_segment,
                                const HttpRequest& request, Responder& respond) {
    auto body = read_body(request.body, {{"start", FieldType::instant}});
    if (!body) return respond(error_response(body.error()));
    auto code = code_from_segment(code_segment);
    if (!code) return respond(error_response(ErrorCode::not_found));
    writer_.submit(WriteJob{
        [member = caller.member, code = *code, new_start = body->instant("start"),
         now = clock_.now(), state = catalog_.get()](WriteStore& store) {
            auto found = centre_booking(store, member, code);
            if (!found) return error_response(found.error());
            const Booking& before = found->booking;
            AuditEntry entry{now, member.username, before.centre, "booking_moved", code,
                             format_rfc3339(new_start, before.offset_minutes)};
            return handled(
                store, entry,
                reschedule_booking(store, std::move(*found), new_start, state->catalog, now));
        },
        std::move(respond)});
}

void StaffApi::issue_walk_in(const Caller& caller, const std::string& centre,
                             const HttpRequest& request, Responder& respond) {
    auto body = read_body(request.body, {{"service", FieldType::string},
                                         {"priority", FieldType::boolean},
                                         {"phone", FieldType::string, false},
                                         {"lang", FieldType::string, false}});
    if (!body) return respond(error_response(body.error()));
    const std::string& service = body->text("service");
    std::string phone = body->text_or("phone", "");
    if (!phone.empty()) {
        auto normalized = normalize_phone(phone);
        if (!normalized) return respond(error_response(normalized.error()));
        phone = *normalized;
    }
    const std::string lang = body->text_or("lang", "ar");
    if (!is_language_tag(lang)) {
        return respond(error_response(ErrorCode::bad_request, "lang", "Expected a language tag."));
    }
    auto state = catalog_.get();
    if (!find_service(state->catalog, service)) {
        return respond(error_response(ErrorCode::unknown_service, "service"));
    }
    if (!offers(*find_centre(state->catalog, centre), service)) {
        return respond(
            booking_error_response(make_error(ErrorCode::service_not_offered, "service")));
    }
    auto key = idempotency_scope(request, caller.member.username);
    if (!key) return respond(error_response(key.error()));
    WalkInWork work;
    work.member = caller.member.username;
    work.centre = centre;
    work.service = service;
    work.priority = body->flag("priority");
    work.phone = std::move(phone);
    work.lang = lang;
    work.now = clock_.now();
    work.offset = centre_utc_offset(state->catalog, centre);
    work.day = format_date(to_local(work.now, work.offset).date);
    if (request.has_idempotency_key) {
        work.key = std::move(key).value();
        work.hash = body_hash(body->json());
    }
    writer_.submit(WriteJob{
        [work = std::move(work)](WriteStore& store) { return run_issue_walk_in(store, work); },
        std::move(respond)});
}

void StaffApi::walk_in_served(const Caller& caller, std::string_view id_text, Responder& respond) {
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
    if (ec != std::errc() || end != id_text.data() + id_text.size() || id <= 0) {
        return respond(error_response(ErrorCode::not_found));
    }
    writer_.submit(WriteJob{[member = caller.member, id, now = clock_.now(),
                             state = catalog_.get()](WriteStore& store) {
                                return run_walk_in_served(store, member, id, state->catalog, now);
                            },
                            std::move(respond)});
}

void StaffApi::book_for_citizen(const Caller& caller, const std::string& centre,
                                const HttpRequest& request, Responder& respond) {
    auto parsed = object_body(request.body);
    if (!parsed) return respond(error_response(parsed.error()));
    Json body = std::move(parsed).value();
    // The centre is the one in the path; a body naming another is a mistake, not a request.
    if (!body.contains("centre")) body["centre"] = centre;
    if (body["centre"] != centre) {
        return respond(error_response(ErrorCode::bad_request, "centre",
                                      "The body names a different centre than the path."));
    }
    std::string text = to_text(body);
    HttpRequest forwarded = request;
    forwarded.body = text;  // read before book_ returns: it copies what it keeps
    book_(forwarded, caller.member.username, respond);
}

}  // namespace mawid::server
