#include "catalog/catalog_import.hpp"

#include <mawid/catalog_edit.hpp>
#include <mawid/staff.hpp>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "catalog/csv_reader.hpp"
#include "http/json_responses.hpp"
#include "jobs/bookings.hpp"
#include "messages/outbox_store.hpp"
#include "staff/staff_admin.hpp"
#include "state/catalog_watcher.hpp"
#include "storage/audit_store.hpp"
#include "storage/staff_store.hpp"

namespace mawid::server {

namespace {

std::vector<std::string> centre_ids(const Catalog& catalog) {
    std::vector<std::string> ids;
    for (const Centre& centre : catalog.centres) ids.push_back(centre.id);
    return ids;
}

Catalog stored_catalog(WriteStore& store) {
    auto stored = store.load_catalog();
    if (!stored) throw std::runtime_error("there is no catalogue in the database");
    auto catalog = catalog_of(*stored);
    if (!catalog) throw std::runtime_error("the stored catalogue is invalid");
    return std::move(catalog).value();
}

// The trail's detail: the files and the new version; never anything personal.
std::string audit_detail(const ImportRun& run, const std::string& version) {
    std::string detail;
    for (const CatalogImportReport& report : run.reports) {
        detail += report.file + ".csv, ";
    }
    return detail + "version " + version;
}

}  // namespace

namespace {

// The bookings of `from` that are not in `without`.
std::vector<Booking> missing_from(const std::vector<Booking>& from,
                                  const std::vector<Booking>& without) {
    std::set<std::string> codes;
    for (const Booking& booking : without) codes.insert(booking.code);
    std::vector<Booking> missing;
    for (const Booking& booking : from) {
        if (codes.insert(booking.code).second) missing.push_back(booking);
    }
    return missing;
}

bool still_coming(const Booking& booking, UnixSeconds now) {
    return booking.start > now && booking.status == BookingStatus::booked;
}

}  // namespace

std::vector<Booking> Stranding::fresh() const {
    return missing_from(after, before);
}

Stranding stranding(Connection& db, const Catalog& current, const Catalog& next, const Date& from) {
    return {stranded_after_change(db, current, centre_ids(current), from),
            stranded_after_change(db, next, centre_ids(next), from)};
}

void tell_stranding(WriteStore& store, const Stranding& change, UnixSeconds now) {
    Connection& db = store.connection();
    for (const Booking& booking : change.fresh()) {
        if (!still_coming(booking, now)) continue;
        drop_unsent_reopened(db, booking.code, now);
        tell_citizen(store, booking, MessageKind::closure, now);
    }
    // A closure (or hours, or a holiday) taken back: the seat is the booking's again.
    for (const Booking& booking : missing_from(change.before, change.after)) {
        if (!still_coming(booking, now)) continue;
        const ClosureTold told = take_back_closure_notices(db, booking.code, now);
        for (const std::string& channel : told.channels) {
            OutboxMessage message;
            message.channel = channel;
            message.recipient = channel == "email" ? booking.email : booking.phone;
            message.booking = booking.code;
            message.kind = MessageKind::reopened;
            message.due_at = told.settled_by;  // after the notice a sender may be sending
            if (!message.recipient.empty()) enqueue_message(db, message, now);
        }
    }
}

ImportRun run_catalog_import(WriteStore& store, std::vector<ImportFile> files, bool dry_run,
                             const std::string& username, UnixSeconds now) {
    std::stable_sort(files.begin(), files.end(), [](const ImportFile& a, const ImportFile& b) {
        return a.kind == CsvFile::services && b.kind != CsvFile::services;
    });
    const Catalog current = stored_catalog(store);
    const Date today = centre_today(current, "", now);
    ImportRun run;
    Catalog next = current;
    for (const ImportFile& file : files) {
        CatalogImportReport report;
        report.file = std::string(csv_file_name(file.kind));
        report.version = current.version;
        report.dry_run = dry_run;
        CsvRead read = read_csv(file.bytes);
        if (read.problem) {
            report.problems.push_back(*read.problem);
        } else {
            CatalogImport checked = import_catalog_csv(next, file.kind, read.records, today);
            report.problems = std::move(checked.problems);
            report.changes = std::move(checked.changes);
            if (report.problems.empty()) next = std::move(checked.catalog);
        }
        run.clean = run.clean && report.problems.empty();
        run.reports.push_back(std::move(report));
    }
    if (!run.clean || run.reports.empty()) return run;
    const Stranding change = stranding(store.connection(), current, next, today);
    for (const Booking& booking : change.fresh()) {
        run.reports.back().stranded.push_back(staff_booking_row(booking));
    }
    if (dry_run) return run;
    next.version = next_catalog_version(current.version);
    store.save_catalog(StoredCatalog{next.version, to_text(catalog_to_json(next))}, now);
    record_audit(store.connection(),
                 AuditEntry{now, username, "", "catalog_imported", "", audit_detail(run, next.version)});
    tell_stranding(store, change, now);
    for (CatalogImportReport& report : run.reports) {
        report.applied = true;
        report.version = next.version;
    }
    run.applied = std::move(next);
    return run;
}

}  // namespace mawid::server
