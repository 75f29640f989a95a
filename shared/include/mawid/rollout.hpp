// The roll-out plan (issue 14): centres grouped into phases by their go-live date.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "catalog_csv.hpp"
#include "codec.hpp"
#include "errors.hpp"
#include "staff.hpp"

namespace mawid {

// A phase of the roll-out: the centres that go live on the same date.
struct RolloutPhase {
    Date date;
    std::vector<std::string> centres;  // ids, in catalogue order
    bool live = false;                 // the date has come (date <= today)
    friend bool operator==(const RolloutPhase&, const RolloutPhase&) = default;
};

// One phase per centre go-live date (a centre's own `live_from`), earliest first; centres
// without a date are live from the start and in no phase. The caller passes today.
std::vector<RolloutPhase> rollout_phases(const Catalog& catalog, const Date& today);

// --- Editing the plan ---------------------------------------------------------------------

// A change of the plan: `centres` to go live on `date`, and what it changes.
struct RolloutChange {
    Catalog catalog;               // the plan changed (same version: saving bumps it)
    std::vector<GoLiveMove> moves;  // one per centre whose date changes (service empty)
    std::string detail;            // for the audit trail: "phase A -> B" or "centre X -> B"
};

// `centres` (ids, each once) moved to go live on `date`; a centre's own service dates stay.
// Errors: bad_request "centres" (none, or one twice), unknown_centre, date_in_past
// "live_from" when `date` is before `today`.
Result<RolloutChange> move_go_live(const Catalog& catalog, const std::vector<std::string>& centres,
                                   const Date& date, const Date& today);

// The answer to a change of the plan (POST /staff/rollout), a preview or applied.
struct RolloutChangeAnswer {
    std::string version;  // the catalogue's: the one previewed against, or the new one
    bool dry_run = false;
    std::string live_from;
    std::vector<GoLiveMove> changes;
    std::vector<StaffBookingRow> stranded;  // bookings it newly strands
    bool operator==(const RolloutChangeAnswer&) const = default;
};

Json rollout_change_answer_to_json(const RolloutChangeAnswer& answer);
// Reads rollout_change_answer_to_json's answer (missing members read as empty).
RolloutChangeAnswer rollout_change_answer_from_json(const Json& json);

// --- Reports by phase ---------------------------------------------------------------------

// One centre's figures since its go-live: days [from, to] (empty when from > to).
struct CentreFigures {
    std::string centre;
    Date from;
    ReportRow figures;  // summed over its services; `service` and walk_ins unused
    friend bool operator==(const CentreFigures&, const CentreFigures&) = default;
};

// A phase's figures: the sum of its centres'.
struct PhaseFigures {
    Date date;
    bool live = false;
    ReportRow total;
    std::vector<CentreFigures> centres;
    friend bool operator==(const PhaseFigures&, const PhaseFigures&) = default;
};

struct RolloutReport {
    Date to;
    std::vector<PhaseFigures> phases;
    friend bool operator==(const RolloutReport&, const RolloutReport&) = default;
};

// At most this many days back from `to` per centre (as the centre report's range).
inline constexpr int kRolloutReportDays = 366;

// Figures per phase (rollout_phases on `today`) and per centre, each centre from its
// go-live date (or kRolloutReportDays before `to`, the later) to `to`. `bookings` holds each
// centre's bookings by centre id (others are ignored; any range is fine).
RolloutReport rollout_report(const Catalog& catalog, const Date& today, const Date& to,
                             const std::map<std::string, std::vector<Booking>>& bookings);

// The report as CSV (csv_record's RFC 4180): one row per phase (centre empty), then one per
// centre of it, figures as in report_to_csv.
std::string rollout_report_to_csv(const RolloutReport& report);

Json rollout_report_to_json(const RolloutReport& report);
// Reads rollout_report_to_json's answer (missing members read as zero or empty).
RolloutReport rollout_report_from_json(const Json& json);

}  // namespace mawid
