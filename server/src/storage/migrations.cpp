#include "storage/migrations.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace mawid::server {
namespace {

// SQLite's schema. Each entry moves the schema from version i to i + 1. Never edit a
// shipped entry; append a new one, here and to kPostgresMigrations below.
const std::vector<const char*> kMigrations = {
    // 1: catalogue, bookings with status and timestamps, occupancy, idempotency keys.
    R"sql(
    CREATE TABLE catalog (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version TEXT NOT NULL,
        json TEXT NOT NULL,
        updated_at INTEGER NOT NULL
    );
    CREATE TABLE bookings (
        code TEXT PRIMARY KEY,
        centre TEXT NOT NULL,
        service TEXT NOT NULL,
        start INTEGER NOT NULL,
        offset_minutes INTEGER NOT NULL,
        cpr TEXT NOT NULL,
        phone TEXT NOT NULL,
        lang TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('booked','cancelled','checked_in','served','no_show')),
        one_active INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    -- One active booking per CPR per service, for services that ask for it.
    CREATE UNIQUE INDEX bookings_one_active ON bookings (cpr, service)
        WHERE one_active = 1 AND status IN ('booked', 'checked_in');
    CREATE INDEX bookings_by_slot ON bookings (centre, service, start);
    CREATE TABLE occupancy (
        centre TEXT NOT NULL,
        service TEXT NOT NULL,
        start INTEGER NOT NULL,
        taken INTEGER NOT NULL CHECK (taken >= 0),
        PRIMARY KEY (centre, service, start)
    ) WITHOUT ROWID;
    CREATE TABLE idempotency (
        key TEXT PRIMARY KEY,
        body_hash BLOB NOT NULL,
        status INTEGER NOT NULL,
        response TEXT NOT NULL,
        created_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    )sql",
    // 2: no index of bookings by slot. Nothing reads bookings by slot yet (seats are counted
    // in occupancy), and each index is one more random page written per booking: dropping
    // it raised durable bookings/s by a third. Whoever needs a day's bookings per centre
    // adds the index that query needs.
    R"sql(
    DROP INDEX IF EXISTS bookings_by_slot;
    )sql",
    // 3: the centre app (staff_store.cpp): bookings by centre and time, their creation
    // order, users, sessions and walk-in tickets.
    R"sql(
    -- The day view, the stranded list and the reports read a centre's bookings by time.
    CREATE INDEX bookings_by_centre_start ON bookings (centre, start);
    -- Creation order, for "the most recent bookings past capacity are stranded": created_at
    -- has one-second steps, so a counter numbers bookings as they are inserted. The trigger
    -- updates the row just written (its page is already dirty): no extra random page.
    ALTER TABLE bookings ADD COLUMN seq INTEGER;
    CREATE TABLE booking_seq (id INTEGER PRIMARY KEY CHECK (id = 1), last INTEGER NOT NULL);
    INSERT INTO booking_seq (id, last) VALUES (1, (SELECT count(*) FROM bookings));
    UPDATE bookings SET seq = numbered.n
        FROM (SELECT code, row_number() OVER (ORDER BY created_at, code) AS n FROM bookings)
             AS numbered
        WHERE bookings.code = numbered.code;
    CREATE TRIGGER bookings_number AFTER INSERT ON bookings BEGIN
        UPDATE booking_seq SET last = last + 1 WHERE id = 1;
        UPDATE bookings SET seq = (SELECT last FROM booking_seq WHERE id = 1)
            WHERE code = new.code;
    END;
    CREATE TABLE users (
        username TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('staff', 'supervisor', 'admin')),
        centre TEXT,
        password_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE sessions (
        token_hash BLOB PRIMARY KEY,
        username TEXT NOT NULL REFERENCES users (username),
        created_at INTEGER NOT NULL,
        last_seen INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE walk_ins (
        id INTEGER PRIMARY KEY,
        centre TEXT NOT NULL,
        day TEXT NOT NULL,
        priority INTEGER NOT NULL,
        number INTEGER NOT NULL,
        service TEXT NOT NULL,
        issued_at INTEGER NOT NULL,
        served_at INTEGER,
        UNIQUE (centre, day, priority, number)
    );
)sql",
    // 4: privacy and accountability. Personal fields erased after the retention time (the
    // erase-due time indexed only while they are kept; it grows with time, so new bookings
    // touch the index's last pages, not random ones), who handled a booking at the counter,
    // accounts that can be disabled or made to change their password, and the audit trail.
    R"sql(
    ALTER TABLE bookings ADD COLUMN erased_at INTEGER;
    ALTER TABLE bookings ADD COLUMN handled_by TEXT;
    -- When the personal fields are due to go: the appointment, or an earlier cancellation.
    CREATE INDEX bookings_erase_due
        ON bookings (CASE WHEN status = 'cancelled' THEN min(start, updated_at) ELSE start END)
        WHERE erased_at IS NULL;
    -- Erased bookings have no CPR left to be unique.
    DROP INDEX bookings_one_active;
    CREATE UNIQUE INDEX bookings_one_active ON bookings (cpr, service)
        WHERE one_active = 1 AND status IN ('booked', 'checked_in') AND erased_at IS NULL;
    ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
    -- Every staff action, appended in the action's own transaction; never updated, deleted
    -- only by its own retention. No CPR or phone: the booking code and the member suffice.
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        username TEXT NOT NULL,
        centre TEXT,
        action TEXT NOT NULL,
        booking TEXT,
        detail TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX audit_by_at ON audit (at);
    CREATE INDEX audit_by_centre_at ON audit (centre, at);
    CREATE TRIGGER audit_is_append_only BEFORE UPDATE ON audit BEGIN
        SELECT RAISE(ABORT, 'the audit trail is append-only');
    END;
)sql",
    // 5: the message outbox. A message is a row written in the transaction of the change
    // that causes it (a booking, a cancellation, a move), so it is sent if and only if that
    // change committed; the sender records each attempt on the row. Rows are appended in
    // time order and indexed only by due time, so a booking writes no random page for its
    // message. The recipient is personal data: rows are deleted after the retention time.
    R"sql(
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        channel TEXT NOT NULL,
        recipient TEXT NOT NULL,
        booking TEXT,
        kind TEXT NOT NULL,
        due_at INTEGER NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending'
            CHECK (state IN ('pending', 'sent', 'failed', 'dropped')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT NOT NULL DEFAULT '',
        sent_at INTEGER,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX outbox_due ON outbox (due_at) WHERE state = 'pending';
    -- A booking is reminded once of each kind; only reminder rows are in this index, so a
    -- booking's own confirmation writes nothing to it.
    CREATE UNIQUE INDEX outbox_reminders ON outbox (booking, kind)
        WHERE kind IN ('reminder_evening', 'reminder_soon');
)sql",
    // 6: "your turn is near" for walk-ins. A ticket may carry a phone (and the language to
    // write in), told once when the ticket comes within three places of the counter; the
    // phone is needed only that day, so it is indexed while kept, for its erasure. An
    // outbox row about a ticket names the ticket, not a booking.
    R"sql(
    ALTER TABLE walk_ins ADD COLUMN phone TEXT;
    ALTER TABLE walk_ins ADD COLUMN lang TEXT NOT NULL DEFAULT 'ar';
    ALTER TABLE walk_ins ADD COLUMN told_near INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX walk_ins_phone_kept ON walk_ins (issued_at) WHERE phone IS NOT NULL;
    ALTER TABLE outbox ADD COLUMN ticket INTEGER;
)sql",
    // 7: verified citizens. A one-time code is kept only as a salted hash (its text rides
    // in its outbox row until sent, then is cleared); a citizen session is kept as the hash
    // of its token, bound to the verified phone or to the CPR of a national identity.
    // Bookings are found by phone and by CPR: "my bookings" of a phone or of an identity,
    // and the limits per phone and per person (across services).
    R"sql(
    CREATE TABLE verifications (
        id INTEGER PRIMARY KEY,
        phone TEXT NOT NULL,
        code_hash BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        tries INTEGER NOT NULL DEFAULT 0,
        spent INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX verifications_by_phone ON verifications (phone, created_at);
    CREATE TABLE citizen_sessions (
        token_hash BLOB PRIMARY KEY,
        phone TEXT NOT NULL DEFAULT '',
        cpr TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        refusals INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;
    ALTER TABLE outbox ADD COLUMN secret TEXT;
    ALTER TABLE outbox ADD COLUMN lang TEXT;
    CREATE INDEX bookings_by_phone ON bookings (phone, start);
    CREATE INDEX bookings_by_cpr ON bookings (cpr, start);
)sql",
    // 8: e-mail beside SMS. A booking may carry an address (NULL when none; erased by
    // retention with the phone), and each message goes on both channels: a booking is now
    // reminded once of each kind on each channel.
    R"sql(
    ALTER TABLE bookings ADD COLUMN email TEXT;
    DROP INDEX outbox_reminders;
    CREATE UNIQUE INDEX outbox_reminders ON outbox (booking, kind, channel)
        WHERE kind IN ('reminder_evening', 'reminder_soon');
)sql",
    // 9: delivery as staff see it (docs/messages.md, "What staff see"). Each booking keeps
    // its channels' last outcomes on its own row ("sms=delivered;email=failed"), written by
    // the sender's batched record of outcomes, off the booking path: an index of the outbox
    // by booking would cost every booking a random B-tree page. When a row stopped being
    // pending (sent or failed) is kept, indexed only once it is set (the booking path writes
    // nothing to that index; it grows at its end), for the admins' "failed and sent in the
    // last hour".
    R"sql(
    ALTER TABLE bookings ADD COLUMN delivery TEXT NOT NULL DEFAULT '';
    ALTER TABLE outbox ADD COLUMN settled_at INTEGER;
    CREATE INDEX outbox_settled ON outbox (settled_at, state) WHERE settled_at IS NOT NULL;
)sql",
    // 10: sign-in with the national identity (docs/identity.md). Between the redirect to the
    // identity provider and its return, what the callback checks is kept here rather than
    // in one server's memory: the hash of the state, the nonce the ID token must carry and
    // the PKCE code verifier. A row is taken (deleted) by its callback, used once; housekeeping
    // deletes those nobody came back to after ten minutes.
    R"sql(
    CREATE TABLE identity_logins (
        state_hash BLOB PRIMARY KEY,
        nonce TEXT NOT NULL,
        verifier TEXT NOT NULL,
        created_at INTEGER NOT NULL
    ) WITHOUT ROWID;
)sql",
    // 11: a lighter booking insert (docs/performance.md). Every index with a random key costs
    // each booking a B-tree page written twice (to the WAL, then by the checkpoint). A
    // person's bookings were in two such indexes, both by CPR: the unique one that allows
    // one active booking per service, and the one the limits per person read. One index now
    // does both: a person's kept bookings by CPR and service, where the active booking of a
    // one-at-a-time service has the same third key ('') as any other, so it stays unique,
    // and every other booking its own code. The index by phone carries the CPR and status,
    // so the limit per phone counts a phone's people from the index alone. The writer
    // numbers bookings in its INSERT (store.cpp) instead of a trigger that found the row
    // again by its code.
    R"sql(
    DROP INDEX bookings_one_active;
    DROP INDEX bookings_by_cpr;
    DROP INDEX bookings_by_phone;
    CREATE INDEX bookings_by_phone ON bookings (phone, cpr, status);
    CREATE UNIQUE INDEX bookings_of_person ON bookings (cpr, service,
        CASE WHEN one_active = 1 AND status IN ('booked', 'checked_in') THEN '' ELSE code END)
        WHERE erased_at IS NULL;
    DROP TRIGGER bookings_number;
)sql",
    // 12: one-time codes before confirmations. In a storm the sender sends a batch per poll
    // and confirmations queue by the thousand; a citizen waiting for a sign-in code must not
    // wait behind them. Pending codes alone are indexed, so a booking writes nothing here.
    R"sql(
    CREATE INDEX outbox_codes_due ON outbox (due_at)
        WHERE state = 'pending' AND kind = 'verification';
)sql",
    // 13: service accounts for other government systems (docs/service-accounts.md). A key
    // is kept as the BLAKE2b hash of its secret, found by its public id; scopes, services
    // and centres are JSON arrays of strings. A revoked account stays (revoked_at set), so
    // its name is never reused and the trail's entries keep naming one account.
    R"sql(
    CREATE TABLE service_accounts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        key_id TEXT NOT NULL UNIQUE,
        key_hash BLOB NOT NULL,
        scopes TEXT NOT NULL,
        services TEXT NOT NULL,
        centres TEXT NOT NULL,
        per_minute INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        revoked_at INTEGER
    );
)sql",
    // 14: a message being sent is claimed by its server's sender until claimed_until, so
    // the senders of several servers on one PostgreSQL database send it once. Its due time
    // is left as it is, for the outbox figures.
    R"sql(
    ALTER TABLE outbox ADD COLUMN claimed_until INTEGER;
)sql",
    // 15: a closure taken back drops the closure notices not yet sent and tells those
    // already told that the booking goes ahead (tell_stranding, catalog/catalog_import.cpp;
    // messages/outbox_store.cpp). Both kinds are found by booking through indexes that hold
    // them alone, so a booking's own messages write nothing to either.
    R"sql(
    CREATE INDEX outbox_closures ON outbox (booking) WHERE kind = 'closure';
    CREATE INDEX outbox_reopened ON outbox (booking) WHERE kind = 'reopened';
)sql",
    // 16: a booking writes one index fewer (docs/performance.md). Erasure and reminders
    // found bookings through an index of erase-due times, which every booking entered at a
    // random place; they now walk bookings_by_centre_start centre by centre, erasure from
    // each centre's erasure mark (every booking of the centre not erased starts at or after
    // it, or is cancelled), and only cancelled bookings, due at their cancellation, keep an
    // index of their own, which a cancellation writes and a booking does not. A mark must
    // never be ahead of a booking made later, so it starts no later than just after the
    // last appointment already erased (a past time), and a centre with none walks from its
    // first booking.
    R"sql(
    CREATE TABLE erasure_marks (
        centre TEXT PRIMARY KEY,
        erased_before INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO erasure_marks SELECT centre,
        CASE WHEN first_kept < last_erased THEN first_kept ELSE last_erased END
        FROM (SELECT centre, min(CASE WHEN erased_at IS NULL THEN start END) AS first_kept,
                  max(CASE WHEN erased_at IS NOT NULL AND status <> 'cancelled'
                      THEN start END) + 1 AS last_erased
              FROM bookings GROUP BY centre) AS marks
        WHERE last_erased IS NOT NULL;
    DROP INDEX bookings_erase_due;
    CREATE INDEX bookings_cancelled_erase_due ON bookings (min(start, updated_at))
        WHERE status = 'cancelled' AND erased_at IS NULL;
)sql",
};

// PostgreSQL's schema: the same tables, indexes and rules as SQLite's at the same version,
// written in its dialect (bigint seconds, bytea, identity columns, a sequence numbering
// bookings so servers do not queue on one counter row, LEAST for SQLite's two-argument min).
// Its list started at SQLite's version 13, as one entry; later versions append to both.
const std::vector<const char*> kPostgresMigrations = {
    R"sql(
    CREATE TABLE catalog (
        id integer PRIMARY KEY CHECK (id = 1),
        version text NOT NULL,
        json text NOT NULL,
        updated_at bigint NOT NULL
    );
    CREATE SEQUENCE bookings_seq;
    CREATE TABLE bookings (
        code text PRIMARY KEY,
        centre text NOT NULL,
        service text NOT NULL,
        start bigint NOT NULL,
        offset_minutes integer NOT NULL,
        cpr text NOT NULL,
        phone text NOT NULL,
        lang text NOT NULL,
        status text NOT NULL
            CHECK (status IN ('booked', 'cancelled', 'checked_in', 'served', 'no_show')),
        one_active integer NOT NULL,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        seq bigint NOT NULL DEFAULT nextval('bookings_seq'),
        erased_at bigint,
        handled_by text,
        email text,
        delivery text NOT NULL DEFAULT ''
    );
    CREATE INDEX bookings_by_centre_start ON bookings (centre, start);
    CREATE INDEX bookings_erase_due
        ON bookings ((CASE WHEN status = 'cancelled' THEN LEAST(start, updated_at) ELSE start END))
        WHERE erased_at IS NULL;
    CREATE INDEX bookings_by_phone ON bookings (phone, cpr, status);
    CREATE UNIQUE INDEX bookings_of_person ON bookings (cpr, service,
        (CASE WHEN one_active = 1 AND status IN ('booked', 'checked_in') THEN '' ELSE code END))
        WHERE erased_at IS NULL;
    CREATE TABLE occupancy (
        centre text NOT NULL,
        service text NOT NULL,
        start bigint NOT NULL,
        taken integer NOT NULL CHECK (taken >= 0),
        PRIMARY KEY (centre, service, start)
    );
    CREATE TABLE idempotency (
        key text PRIMARY KEY,
        body_hash bytea NOT NULL,
        status integer NOT NULL,
        response text NOT NULL,
        created_at bigint NOT NULL
    );
    CREATE TABLE users (
        username text PRIMARY KEY,
        role text NOT NULL CHECK (role IN ('staff', 'supervisor', 'admin')),
        centre text,
        password_hash text NOT NULL,
        created_at bigint NOT NULL,
        disabled integer NOT NULL DEFAULT 0,
        must_change_password integer NOT NULL DEFAULT 0
    );
    CREATE TABLE sessions (
        token_hash bytea PRIMARY KEY,
        username text NOT NULL REFERENCES users (username),
        created_at bigint NOT NULL,
        last_seen bigint NOT NULL
    );
    CREATE TABLE walk_ins (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        centre text NOT NULL,
        day text NOT NULL,
        priority integer NOT NULL,
        number integer NOT NULL,
        service text NOT NULL,
        issued_at bigint NOT NULL,
        served_at bigint,
        phone text,
        lang text NOT NULL DEFAULT 'ar',
        told_near integer NOT NULL DEFAULT 0,
        UNIQUE (centre, day, priority, number)
    );
    CREATE INDEX walk_ins_phone_kept ON walk_ins (issued_at) WHERE phone IS NOT NULL;
    CREATE TABLE audit (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        at bigint NOT NULL,
        username text NOT NULL,
        centre text,
        action text NOT NULL,
        booking text,
        detail text NOT NULL DEFAULT ''
    );
    CREATE INDEX audit_by_at ON audit (at);
    CREATE INDEX audit_by_centre_at ON audit (centre, at);
    CREATE FUNCTION audit_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$;
    CREATE TRIGGER audit_is_append_only BEFORE UPDATE ON audit
        FOR EACH ROW EXECUTE FUNCTION audit_refuse_update();
    CREATE TABLE outbox (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        channel text NOT NULL,
        recipient text NOT NULL,
        booking text,
        kind text NOT NULL,
        due_at bigint NOT NULL,
        state text NOT NULL DEFAULT 'pending'
            CHECK (state IN ('pending', 'sent', 'failed', 'dropped')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text NOT NULL DEFAULT '',
        sent_at bigint,
        created_at bigint NOT NULL,
        ticket bigint,
        secret text,
        lang text,
        settled_at bigint
    );
    CREATE INDEX outbox_due ON outbox (due_at) WHERE state = 'pending';
    CREATE UNIQUE INDEX outbox_reminders ON outbox (booking, kind, channel)
        WHERE kind IN ('reminder_evening', 'reminder_soon');
    CREATE INDEX outbox_settled ON outbox (settled_at, state) WHERE settled_at IS NOT NULL;
    CREATE INDEX outbox_codes_due ON outbox (due_at)
        WHERE state = 'pending' AND kind = 'verification';
    CREATE TABLE verifications (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        phone text NOT NULL,
        code_hash bytea NOT NULL,
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        tries integer NOT NULL DEFAULT 0,
        spent integer NOT NULL DEFAULT 0
    );
    CREATE INDEX verifications_by_phone ON verifications (phone, created_at);
    CREATE TABLE citizen_sessions (
        token_hash bytea PRIMARY KEY,
        phone text NOT NULL DEFAULT '',
        cpr text NOT NULL DEFAULT '',
        created_at bigint NOT NULL,
        last_seen bigint NOT NULL,
        refusals integer NOT NULL DEFAULT 0
    );
    CREATE TABLE identity_logins (
        state_hash bytea PRIMARY KEY,
        nonce text NOT NULL,
        verifier text NOT NULL,
        created_at bigint NOT NULL
    );
    CREATE TABLE service_accounts (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        name text NOT NULL UNIQUE,
        key_id text NOT NULL UNIQUE,
        key_hash bytea NOT NULL,
        scopes text NOT NULL,
        services text NOT NULL,
        centres text NOT NULL,
        per_minute integer NOT NULL,
        created_at bigint NOT NULL,
        created_by text NOT NULL,
        revoked_at bigint
    );
)sql",
    // 14
    R"sql(
    ALTER TABLE outbox ADD COLUMN claimed_until bigint;
)sql",
    // 15
    R"sql(
    CREATE INDEX outbox_closures ON outbox (booking) WHERE kind = 'closure';
    CREATE INDEX outbox_reopened ON outbox (booking) WHERE kind = 'reopened';
)sql",
    // 16
    R"sql(
    CREATE TABLE erasure_marks (
        centre text PRIMARY KEY,
        erased_before bigint NOT NULL
    );
    INSERT INTO erasure_marks SELECT centre,
        CASE WHEN first_kept < last_erased THEN first_kept ELSE last_erased END
        FROM (SELECT centre, min(CASE WHEN erased_at IS NULL THEN start END) AS first_kept,
                  max(CASE WHEN erased_at IS NOT NULL AND status <> 'cancelled'
                      THEN start END) + 1 AS last_erased
              FROM bookings GROUP BY centre) AS marks
        WHERE last_erased IS NOT NULL;
    DROP INDEX bookings_erase_due;
    CREATE INDEX bookings_cancelled_erase_due ON bookings ((LEAST(start, updated_at)))
        WHERE status = 'cancelled' AND erased_at IS NULL;
)sql",
};

// The migrations of `db`'s engine: entry i brings the schema to version first + i + 1,
// where `first` is 0 for SQLite and 12 for PostgreSQL (an empty database runs them all).
struct Steps {
    const std::vector<const char*>& list;
    int first;
};
Steps steps_of(const Connection& db) {
    if (db.engine() == Engine::sqlite) return {kMigrations, 0};
    return {kPostgresMigrations, 12};
}

int read_schema_version(Connection& db) {
    db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    std::string text = db.query_text("SELECT version FROM schema_version");
    if (text.empty()) {
        db.exec("INSERT INTO schema_version (version) VALUES (0)");
        return 0;
    }
    return std::stoi(text);
}

}  // namespace

void migrate(Connection& db) {
    Transaction transaction(db);
    // Several servers starting at once on one PostgreSQL database migrate one at a time (the
    // lock ends with the transaction); on SQLite, BEGIN IMMEDIATE already does this.
    if (db.engine() == Engine::postgresql) db.exec("SELECT pg_advisory_xact_lock(7261)");
    int version = read_schema_version(db);
    if (version > current_schema_version()) {
        throw StorageError(StorageError::Kind::other, "",
                           "database schema " + std::to_string(version) +
                               " is newer than this server understands");
    }
    const Steps steps = steps_of(db);
    if (steps.first + static_cast<int>(steps.list.size()) != current_schema_version()) {
        throw StorageError(StorageError::Kind::other, "", "the engines' migrations disagree");
    }
    for (int i = std::max(0, version - steps.first); i < static_cast<int>(steps.list.size()); ++i) {
        db.exec(steps.list[i]);
    }
    db.prepare("UPDATE schema_version SET version = ?").bind(1, current_schema_version()).run();
    transaction.commit();
}

int current_schema_version() {
    return static_cast<int>(kMigrations.size());
}

}  // namespace mawid::server
