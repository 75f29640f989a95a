#include "messages/sender.hpp"

#include <curl/curl.h>
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>
#include <sys/random.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>

#include <mawid/ics.hpp>

#include "messages/mime.hpp"
#include "messages/plurals.hpp"
#include "messages/walk_in_notices.hpp"
#include "storage/store.hpp"

namespace mawid::server {
namespace {

constexpr int kBatch = 50;
constexpr int kSenderNice = 10;
constexpr auto kPollEvery = std::chrono::milliseconds(250);
// More writes than this between two of the sender's batches (400 a second) means bookings
// are storming. Counted in requests, not transactions: group commit makes a storm's
// transactions fewer and larger as it grows.
constexpr std::uint64_t kStormJobs = 100;
constexpr int kLongestRetrySeconds = 3600;
// Reminders are looked for this often; their moments (18:00, two hours before) are met
// within a minute.
constexpr UnixSeconds kReminderScanSeconds = 60;
// A batch of messages is taken for this long (claim_messages): a sender on another server
// leaves them alone meanwhile, and if this server dies they are sent by another then.
constexpr UnixSeconds kClaimSeconds = 120;
// Past this much of the claim, the rest of the batch is left unsent: a slow gateway must
// not let the claim run out while its messages are still being sent here.
constexpr auto kSendWithin = std::chrono::seconds(90);

// The delay before attempt n + 1: doubling from `first`, at most an hour, then spread by
// a random factor in [0.5, 1.5) so retries after an outage do not all come at once.
UnixSeconds backoff(int attempts, int first) {
    long delay = first;
    for (int i = 1; i < attempts && delay < kLongestRetrySeconds; ++i) delay *= 2;
    delay = std::min<long>(delay, kLongestRetrySeconds);
    unsigned char random = 0;
    if (getrandom(&random, 1, 0) != 1) random = 128;
    return std::max<UnixSeconds>(1, delay / 2 + delay * random / 256);
}

std::string joined(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) text += (text.empty() ? "" : ", ") + line;
    return text;
}

// The citizen app opened on `centre` and `service` (client/citizen: the deep link), so a
// citizen whose booking was stranded chooses a new time in one tap. Short parameter names:
// every character of an SMS costs.
std::string app_link(const std::string& public_url, const std::string& centre,
                     const std::string& service) {
    auto escaped = [](const std::string& text) {
        char* out = curl_easy_escape(nullptr, text.c_str(), static_cast<int>(text.size()));
        std::string result = out ? out : "";
        curl_free(out);
        return result;
    };
    return public_url + "/?c=" + escaped(centre) + "&s=" + escaped(service);
}

// What a message about a booking says, in the booking's language: its table, its facts,
// and its calendar event (for e-mails that carry one).
struct Described {
    const Strings* table = nullptr;
    MessageFacts facts;
    CalendarEvent event;
};

// The table of `lang`, else Arabic, else English.
const Strings& table_for(const std::map<std::string, Strings>& tables, const std::string& lang) {
    auto table = tables.find(lang);
    if (table == tables.end()) table = tables.find("ar");
    if (table == tables.end()) table = tables.find("en");
    if (table == tables.end()) table = tables.begin();
    return table->second;
}

Described describe(const Booking& booking, const std::map<std::string, Strings>& tables,
                   const Catalog& catalog) {
    Described out;
    out.table = &table_for(tables, booking.lang);
    // Names in the table's language, else by its fallback chain (never a blank name).
    const std::vector<std::string>& chain = out.table->chain();
    out.facts.code = booking.code;
    // The same UID as the citizen app's download, so both are one event in a calendar.
    out.event.uid = booking.code + "@mawid.bh";
    out.event.start = booking.start;
    if (const Centre* centre = find_centre(catalog, booking.centre)) {
        out.facts.centre = std::string(localized(centre->name, chain));
        out.event.lat = centre->lat;
        out.event.lon = centre->lon;
    }
    if (const Service* service = find_service(catalog, booking.service)) {
        out.facts.service = std::string(localized(service->name, chain));
        out.event.minutes = service->slot_minutes;
        const std::vector<std::string>& bring = localized(service->bring, chain);
        if (!bring.empty()) out.facts.bring = joined(bring);
    }
    LocalTime local = to_local(booking.start, booking.offset_minutes);
    out.facts.when = format_date(local.date) + " " + format_hhmm(local.minute_of_day);
    const Strings& tr = *out.table;
    out.event.summary = tr.format("ics.summary", {{"service", out.facts.service},
                                                  {"centre", out.facts.centre}});
    out.event.location = out.facts.centre;
    out.event.description = tr.format("ics.description", {{"code", booking.code}});
    return out;
}

// The e-mail of one outbox row as MIME text; confirmations and moves carry the .ics.
std::string email_of(const OutboxMessage& message, const Described& about,
                     const std::string& from, UnixSeconds now) {
    EmailText text = email_text(*about.table, message.kind, about.facts);
    MailMessage mail;
    mail.id = message.id;
    mail.from = from;
    mail.to = message.recipient;
    mail.subject = text.subject;
    mail.body = text.body;
    mail.date = now;
    if (message.kind == MessageKind::confirmation || message.kind == MessageKind::move) {
        CalendarEvent event = about.event;
        event.stamp = now;
        mail.calendar = make_ics(event);
        mail.calendar_name = "mawid-" + message.booking + ".ics";
    }
    return mime_message(mail);
}

}  // namespace

std::map<std::string, Strings> load_translations(const std::string& folder) {
    // Counts in messages take the form ICU's CLDR rules give them (set before any sender).
    set_plural_rule(&icu_plural_category);
    std::map<std::string, Strings> tables;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        if (entry.path().extension() != ".json") continue;
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        std::string tag = entry.path().stem().string();
        if (!tables[tag].load(tag, text.str())) tables.erase(tag);
    }
    if (tables.empty()) throw std::runtime_error("no translation tables in " + folder);
    return tables;
}

Sender::Sender(const std::string& db_path, Writer& writer, const CatalogCache& catalog,
               std::map<std::string, Strings> tables, Channels channels, Clock clock,
               SenderOptions options)
    : writer_(writer), catalog_(catalog), tables_(std::move(tables)),
      channels_(std::move(channels)), options_(std::move(options)), started_at_(clock.now()),
      started_(std::chrono::steady_clock::now()) {
    thread_ = std::thread([this, db_path] { run(db_path); });
}

Sender::~Sender() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

UnixSeconds Sender::now() const {
    auto elapsed = std::chrono::steady_clock::now() - started_;
    return started_at_ + std::chrono::duration_cast<std::chrono::seconds>(elapsed).count();
}

void Sender::run(std::string db_path) {
    pthread_setname_np(pthread_self(), "mawid-sender");
    // Bookings first: on a busy machine the sender takes the cores the HTTP threads and the
    // writer leave (messages wait seconds in a storm; bookings do not wait for messages).
    setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kSenderNice);
    std::unique_ptr<Connection> db;
    std::unique_ptr<ReadStore> bookings;
    UnixSeconds next_reminder_scan = 0;
    // The messages this server was sending when it last stopped go out now, not when their
    // claims run out. With several servers on PostgreSQL a claim may be another's.
    if (engine_of(db_path) == Engine::sqlite) {
        try {
            write_and_wait([](WriteStore& store) { release_claims(store.connection()); });
        } catch (const std::exception& e) {
            std::fprintf(stderr, "sender: %s\n", e.what());
        }
    }
    for (;;) {
        bool sent = false;
        try {
            // Opened again after a loss (the database server restarted): messages wait in
            // the outbox meanwhile.
            if (!db || db->broken()) db = open_read_connection(db_path);
            if (!bookings || bookings->broken()) bookings = std::make_unique<ReadStore>(db_path);
            if (now() >= next_reminder_scan) {
                for (MessageChannel* channel : {channels_.sms.get(), channels_.email.get()}) {
                    if (channel) channel->forget_older_than(options_.retention);
                }
                queue_reminders();
                next_reminder_scan = now() + kReminderScanSeconds;
            }
            sent = send_due(*db, *bookings);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "sender: %s\n", e.what());
        }
        std::unique_lock lock(mutex_);
        if (stopping_) return;
        if (!sent || storm(writer_.jobs_done())) {
            wake_.wait_for(lock, kPollEvery, [this] { return stopping_; });
        }
        if (stopping_) return;
    }
}

bool Sender::storm(std::uint64_t jobs_done) {
    // During a storm the sender sends one batch per poll, so messages wait (they are on
    // disk) and bookings do not wait for messages.
    auto now = std::chrono::steady_clock::now();
    bool busy = jobs_done - seen_jobs_ > kStormJobs && now - seen_at_ < kPollEvery * 2;
    seen_jobs_ = jobs_done;
    seen_at_ = now;
    return busy;
}

bool Sender::send_due(Connection& db, ReadStore& bookings) {
    // Read here first, so an idle outbox costs the writer nothing.
    std::vector<OutboxMessage> due = due_messages(db, now(), kBatch);
    if (due.empty()) return false;
    const auto claimed = std::chrono::steady_clock::now();
    due = claim(std::move(due));
    std::vector<Attempt> attempts;
    for (const OutboxMessage& message : due) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) break;
        }
        if (std::chrono::steady_clock::now() - claimed > kSendWithin) break;
        OutgoingMessage outgoing{message.id, message.channel, message.recipient,
                                 text_of(message, db, bookings),
                                 std::string(message_kind_name(message.kind))};
        MessageChannel* channel = channel_of(message);
        using Result = DeliveryOutcome::Result;
        // A code that reaches the phone after it expired only confuses: not sent.
        const bool stale = message.kind == MessageKind::verification &&
                           now() - message.created_at > options_.code_seconds;
        DeliveryOutcome outcome =
            !channel              ? DeliveryOutcome{Result::permanent, "no such channel"}
            : stale               ? DeliveryOutcome{Result::permanent, "the code expired unsent"}
            : outgoing.body.empty() ? DeliveryOutcome{Result::permanent, "the booking is gone"}
                                    : channel->send(outgoing);
        attempts.push_back({message, outcome});
    }
    record(attempts);
    return !due.empty();
}

std::vector<OutboxMessage> Sender::claim(std::vector<OutboxMessage> due) {
    UnixSeconds at = now();
    auto taken = std::make_shared<std::vector<OutboxMessage>>(std::move(due));
    write_and_wait([at, taken](WriteStore& store) {
        *taken = claim_messages(store.connection(), std::move(*taken), at, at + kClaimSeconds);
    });
    return std::move(*taken);
}

void Sender::write_and_wait(std::function<void(WriteStore&)> work) {
    auto committed = std::make_shared<std::promise<HttpResponse>>();
    auto answer = committed->get_future();
    writer_.submit(WriteJob{[work = std::move(work)](WriteStore& store) {
                                work(store);
                                return HttpResponse{};
                            },
                            [committed](HttpResponse response) {
                                committed->set_value(std::move(response));
                            }});
    HttpResponse response = answer.get();
    if (response.status != 200) {
        throw std::runtime_error("the outbox could not be written (HTTP " +
                                 std::to_string(response.status) + ")");
    }
}

std::string Sender::text_of(const OutboxMessage& message, Connection& db,
                            ReadStore& bookings) const {
    if (message.ticket != 0) return ticket_text(message, db);
    if (message.kind == MessageKind::verification) {
        MessageFacts facts;
        facts.code = message.secret;
        facts.count = (options_.code_seconds + 59) / 60;  // "It expires in 5 minutes"
        return message.secret.empty() ? std::string()
                                      : sms_text(table_for(tables_, message.lang),
                                                 message.kind, facts);
    }
    auto found = bookings.find_booking(message.booking);
    if (!found) return {};
    auto state = catalog_.get();
    Described about = describe(found->booking, tables_, state->catalog);
    if (message.kind == MessageKind::closure) {
        about.facts.link =
            app_link(options_.public_url, found->booking.centre, found->booking.service);
    }
    if (message.channel == "email") return email_of(message, about, options_.mail_from, now());
    return sms_text(*about.table, message.kind, about.facts);
}

std::string Sender::ticket_text(const OutboxMessage& message, Connection& db) const {
    auto ticket = ticket_facts(db, message.ticket);
    if (!ticket) return {};
    const Strings& table = table_for(tables_, ticket->lang);
    auto state = catalog_.get();
    MessageFacts facts;
    facts.code = ticket->ticket;
    if (const Centre* centre = find_centre(state->catalog, ticket->centre)) {
        facts.centre = std::string(localized(centre->name, table.lang()));
    }
    if (const Service* service = find_service(state->catalog, ticket->service)) {
        facts.service = std::string(localized(service->name, table.lang()));
    }
    return sms_text(table, message.kind, facts);
}

MessageChannel* Sender::channel_of(const OutboxMessage& message) const {
    if (message.channel == "sms") return channels_.sms.get();
    if (message.channel == "email") return channels_.email.get();
    return nullptr;
}

void Sender::queue_reminders() {
    UnixSeconds at = now();
    auto queued = std::make_shared<int>(0);
    // The new rows are readable when this returns: it waits for the COMMIT.
    write_and_wait([at, queued](WriteStore& store) {
        *queued = enqueue_due_reminders(store.connection(), at);
    });
    if (*queued > 0) std::fprintf(stderr, "sender: queued %d reminders\n", *queued);
}

void Sender::record(const std::vector<Attempt>& attempts) {
    if (attempts.empty()) return;
    struct Row {
        OutboxMessage message;
        DeliveryOutcome outcome;
        UnixSeconds retry_at;
    };
    UnixSeconds at = now();
    std::vector<Row> rows;
    for (const auto& [message, outcome] : attempts) {
        rows.push_back({message, outcome,
                        at + backoff(message.attempts + 1, options_.retry_seconds)});
        if (outcome.result != DeliveryOutcome::Result::accepted) {
            std::fprintf(stderr, "sender: message %lld not delivered (attempt %d): %s\n",
                         static_cast<long long>(message.id), message.attempts + 1,
                         outcome.error.c_str());
        }
    }
    int max_attempts = options_.max_attempts;
    // One writer job for the whole batch: the writer's transactions stay for bookings. A
    // crash before it commits sends the batch again, under the same idempotency keys. The
    // next batch is read after this one's outcomes are on disk.
    write_and_wait([rows = std::move(rows), at, max_attempts](WriteStore& store) {
        for (const Row& row : rows) {
            record_attempt(store.connection(), row.message, row.outcome, at, row.retry_at,
                           max_attempts);
        }
    });
}

}  // namespace mawid::server
