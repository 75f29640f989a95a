// The server's metrics, served at /metrics in the Prometheus text format (prometheus-cpp's
// registry and serializer). Everything a request or the writer records is an atomic: no
// lock is taken on the booking path (prometheus-cpp's own Histogram takes a mutex, so the
// histograms here are lock-free ones exposed through its Collectable interface).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace mawid::server {

// What became of a booking request (mawid_bookings_total{outcome=...}).
enum class BookingOutcome {
    booked,          // 201: a seat taken
    slot_full,       // 409 slot_full
    already_booked,  // 409 already_booked (one active booking per CPR)
    limited,         // refused by the limits per person (too_many_active, phone_limit, ...)
    invalid,         // refused by the rules before a seat was looked at
    replayed,        // an Idempotency-Key seen before: the stored answer again
};

// Counts one booking request's outcome.
void count_booking(BookingOutcome outcome);

// Records one answered request: its route (routes.hpp), status and time taken.
void observe_request(std::size_t route, int status, std::chrono::steady_clock::duration took);

// Records one writer transaction: the requests it held and how long its COMMIT took.
void observe_writer_batch(std::size_t jobs, std::chrono::steady_clock::duration commit);

// A connection was opened / has closed (mawid_http_open_connections).
void connection_opened();
void connection_closed();

// A request was refused by a rate limit (429).
void count_rate_limit_refusal();

// A request was answered 503 because the database could not be reached (or stayed locked).
void count_storage_unavailable();

// What an operator reads at scrape time but that is not counted as it happens.
struct ScrapeFacts {
    std::optional<std::int64_t> outbox_pending;  // messages waiting to be sent (nullopt: unknown)
    std::optional<std::int64_t> outbox_failed;   // messages that failed for good
};

// Every metric in the Prometheus text exposition format (version 0.0.4).
std::string render_metrics(const ScrapeFacts& facts);

}  // namespace mawid::server
