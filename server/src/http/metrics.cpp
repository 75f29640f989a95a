#include "http/metrics.hpp"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/metric_family.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <memory>
#include <span>
#include <vector>

#include "http/routes.hpp"

namespace mawid::server {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

// Request times: most answers take well under a millisecond, a booking waits for a COMMIT.
constexpr std::array<double, 14> kSecondsBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                   0.025,  0.05,  0.1,    0.25,  0.5,
                                                   1,      2.5,   5,      10};
// Group commit takes everything waiting, up to 2,048 requests a transaction.
constexpr std::array<double, 12> kBatchBounds = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048};
// The statuses the server answers with; anything else is counted as "other".
constexpr std::array<int, 32> kStatuses = {200, 201, 204, 206, 301, 302, 303, 304, 307, 308, 400,
                                           401, 403, 404, 405, 406, 409, 410, 411, 412, 413, 414,
                                           415, 416, 422, 429, 431, 500, 501, 502, 503, 504};
constexpr std::size_t kStatusSlots = kStatuses.size() + 1;

constexpr std::array<const char*, 6> kOutcomes = {"booked",  "slot_full", "already_booked",
                                                  "limited", "invalid",   "replayed"};

// A histogram of relaxed atomics: observing takes no lock. A scrape may see a sample's
// bucket before its sum; Prometheus tolerates that, and the counts stay consistent because
// the total is the buckets' own sum.
class AtomicHistogram {
public:
    explicit AtomicHistogram(std::span<const double> bounds)
        : bounds_(bounds), buckets_(bounds.size() + 1) {}

    void observe(double value) {
        std::size_t i = 0;
        while (i < bounds_.size() && value > bounds_[i]) ++i;
        buckets_[i].fetch_add(1, std::memory_order_relaxed);
        sum_.fetch_add(value, std::memory_order_relaxed);
    }

    std::uint64_t count() const {
        std::uint64_t total = 0;
        for (const auto& bucket : buckets_) total += bucket.load(std::memory_order_relaxed);
        return total;
    }

    // The histogram as prometheus-cpp's ClientMetric (the serializer adds le="+Inf").
    void fill(ClientMetric::Histogram& out) const {
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i < bounds_.size(); ++i) {
            cumulative += buckets_[i].load(std::memory_order_relaxed);
            out.bucket.push_back(ClientMetric::Bucket{cumulative, bounds_[i]});
        }
        out.sample_count = cumulative + buckets_.back().load(std::memory_order_relaxed);
        out.sample_sum = sum_.load(std::memory_order_relaxed);
    }

private:
    std::span<const double> bounds_;
    std::vector<std::atomic<std::uint64_t>> buckets_;
    std::atomic<double> sum_{0};
};

std::size_t status_slot(int status) {
    auto it = std::find(kStatuses.begin(), kStatuses.end(), status);
    return static_cast<std::size_t>(it - kStatuses.begin());  // kStatuses.size(): other
}

std::string status_label(std::size_t slot) {
    return slot < kStatuses.size() ? std::to_string(kStatuses[slot]) : "other";
}

struct State {
    State() {
        requests.reserve(route_count() * kStatusSlots);
        for (std::size_t i = 0; i < route_count() * kStatusSlots; ++i) {
            requests.push_back(std::make_unique<AtomicHistogram>(kSecondsBounds));
        }
        // Every label is added now: a family's Add takes a lock, Increment does not.
        auto& booking_family = prometheus::BuildCounter()
                                   .Name("mawid_bookings_total")
                                   .Help("Booking requests by what became of them.")
                                   .Register(*registry);
        for (std::size_t i = 0; i < kOutcomes.size(); ++i) {
            bookings[i] = &booking_family.Add({{"outcome", kOutcomes[i]}});
        }
        refusals = &prometheus::BuildCounter()
                        .Name("mawid_rate_limit_refusals_total")
                        .Help("Requests refused with 429 by a rate limit.")
                        .Register(*registry)
                        .Add({});
        unavailable = &prometheus::BuildCounter()
                           .Name("mawid_storage_unavailable_total")
                           .Help("Requests answered 503 because the database could not be "
                                 "reached or stayed locked.")
                           .Register(*registry)
                           .Add({});
        connections = &prometheus::BuildGauge()
                           .Name("mawid_http_open_connections")
                           .Help("HTTP connections open now.")
                           .Register(*registry)
                           .Add({});
        auto& outbox_family = prometheus::BuildGauge()
                                  .Name("mawid_outbox_messages")
                                  .Help("Messages in the outbox by state, read at scrape time.")
                                  .Register(*registry);
        outbox_pending = &outbox_family.Add({{"state", "pending"}});
        outbox_failed = &outbox_family.Add({{"state", "failed"}});
    }

    std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
    std::vector<std::unique_ptr<AtomicHistogram>> requests;  // [route][status slot]
    std::array<prometheus::Counter*, kOutcomes.size()> bookings{};
    prometheus::Counter* refusals = nullptr;
    prometheus::Counter* unavailable = nullptr;
    prometheus::Gauge* connections = nullptr;
    prometheus::Gauge* outbox_pending = nullptr;
    prometheus::Gauge* outbox_failed = nullptr;
    AtomicHistogram batch_sizes{kBatchBounds};
    AtomicHistogram commit_seconds{kSecondsBounds};
};

State& state() {
    static State instance;
    return instance;
}

MetricFamily family(const char* name, const char* help, MetricType type) {
    MetricFamily f;
    f.name = name;
    f.help = help;
    f.type = type;
    return f;
}

// Requests by route and status: a counter and a latency histogram, with only the pairs
// that were seen.
void collect_requests(const State& s, std::vector<MetricFamily>& out) {
    MetricFamily total = family("mawid_http_requests_total",
                                "HTTP requests answered, by route pattern and status.",
                                MetricType::Counter);
    MetricFamily seconds = family("mawid_http_request_duration_seconds",
                                  "Time from a request read to its answer, by route and status.",
                                  MetricType::Histogram);
    for (std::size_t route = 0; route < route_count(); ++route) {
        for (std::size_t slot = 0; slot < kStatusSlots; ++slot) {
            const AtomicHistogram& h = *s.requests[route * kStatusSlots + slot];
            if (h.count() == 0) continue;
            ClientMetric metric;
            metric.label = {{"route", std::string(route_name(route))},
                            {"status", status_label(slot)}};
            h.fill(metric.histogram);
            seconds.metric.push_back(metric);
            metric.counter.value = static_cast<double>(metric.histogram.sample_count);
            total.metric.push_back(std::move(metric));
        }
    }
    out.push_back(std::move(total));
    out.push_back(std::move(seconds));
}

void collect_writer(const State& s, std::vector<MetricFamily>& out) {
    MetricFamily batches = family("mawid_writer_batch_size",
                                  "Requests per writer transaction (group commit).",
                                  MetricType::Histogram);
    batches.metric.emplace_back();
    s.batch_sizes.fill(batches.metric.back().histogram);
    out.push_back(std::move(batches));
    MetricFamily commits = family("mawid_writer_commit_duration_seconds",
                                  "Time the writer's COMMIT took (to disk).", MetricType::Histogram);
    commits.metric.emplace_back();
    s.commit_seconds.fill(commits.metric.back().histogram);
    out.push_back(std::move(commits));
}

}  // namespace

void count_booking(BookingOutcome outcome) {
    state().bookings[static_cast<std::size_t>(outcome)]->Increment();
}

void observe_request(std::size_t route, int status, std::chrono::steady_clock::duration took) {
    State& s = state();
    std::size_t index = std::min(route, route_count() - 1) * kStatusSlots + status_slot(status);
    s.requests[index]->observe(std::chrono::duration<double>(took).count());
}

void observe_writer_batch(std::size_t jobs, std::chrono::steady_clock::duration commit) {
    State& s = state();
    s.batch_sizes.observe(static_cast<double>(jobs));
    s.commit_seconds.observe(std::chrono::duration<double>(commit).count());
}

void connection_opened() {
    state().connections->Increment();
}

void connection_closed() {
    state().connections->Decrement();
}

void count_rate_limit_refusal() {
    state().refusals->Increment();
}

void count_storage_unavailable() {
    state().unavailable->Increment();
}

std::string render_metrics(const ScrapeFacts& facts) {
    State& s = state();
    if (facts.outbox_pending) s.outbox_pending->Set(static_cast<double>(*facts.outbox_pending));
    if (facts.outbox_failed) s.outbox_failed->Set(static_cast<double>(*facts.outbox_failed));
    std::vector<MetricFamily> families = s.registry->Collect();
    collect_requests(s, families);
    collect_writer(s, families);
    return prometheus::TextSerializer().Serialize(families);
}

}  // namespace mawid::server
