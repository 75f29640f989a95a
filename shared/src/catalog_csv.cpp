// The catalogue's CSV files (docs/catalog-csv.md): writing them, and reading records back
// into catalogue values with every problem named by line and column.
#include "mawid/catalog_csv.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

#include "mawid/staff.hpp"
#include "formatting.hpp"

namespace mawid {

using detail::optional_date;

namespace {

constexpr std::array<std::string_view, 4> kGovernorates = {"capital", "muharraq", "northern",
                                                           "southern"};

std::vector<std::string> centre_columns() {
    std::vector<std::string> columns = {"id"};
    for (auto lang : kCatalogLanguages) columns.push_back("name_" + std::string(lang));
    for (const char* c : {"governorate", "lat", "lon"}) columns.push_back(c);
    for (int day = 0; day < 7; ++day) {
        columns.push_back("hours_" + std::string(weekday_key(static_cast<Weekday>(day))));
    }
    for (const char* c : {"counters", "live_from", "service_live_from"}) columns.push_back(c);
    return columns;
}

std::vector<std::string> service_columns() {
    std::vector<std::string> columns = {"id"};
    for (auto lang : kCatalogLanguages) columns.push_back("name_" + std::string(lang));
    for (auto lang : kCatalogLanguages) columns.push_back("authority_" + std::string(lang));
    for (const char* c : {"slot_minutes", "window_days", "min_notice_minutes", "one_active_per_cpr"}) {
        columns.push_back(c);
    }
    return columns;
}

// The shortest decimal that reads back as the same double (a round trip changes nothing).
std::string format_number(double value) {
    char buffer[40];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
        if (std::strtod(buffer, nullptr) == value) break;
    }
    return buffer;
}

std::string format_day(const std::vector<Interval>& intervals) {
    std::string text;
    for (const Interval& interval : intervals) {
        if (!text.empty()) text += ' ';
        text += format_hhmm(interval.open) + "-" + format_hhmm(interval.close);
    }
    return text;
}

// "a=1; b=2" from pairs in the order given.
std::string format_pairs(const std::vector<std::pair<std::string, std::string>>& pairs) {
    std::string text;
    for (const auto& [key, value] : pairs) {
        if (!text.empty()) text += "; ";
        text += key + "=" + value;
    }
    return text;
}

std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t");
    return std::string(text.substr(first, last - first + 1));
}

std::vector<std::string> split(std::string_view text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const auto end = text.find(separator, start);
        parts.push_back(trim(text.substr(start, end - start)));
        if (end == std::string_view::npos) return parts;
        start = end + 1;
    }
}

// One row's fields by column name, and where each column is, for problems.
class Row {
public:
    Row(const CsvRecord& record, const std::map<std::string, int>& index,
        std::vector<ImportProblem>& problems)
        : record_(record), index_(index), problems_(problems) {}

    std::string get(const std::string& column) const {
        auto found = index_.find(column);
        if (found == index_.end() || found->second >= static_cast<int>(record_.fields.size())) {
            return {};
        }
        return trim(record_.fields[found->second]);
    }
    void problem(const std::string& column, std::string reason, std::string detail) const {
        auto found = index_.find(column);
        const int position = found == index_.end() ? 0 : found->second + 1;
        problems_.push_back(
            ImportProblem{record_.line, position, column, std::move(reason), std::move(detail)});
    }
    int line() const { return record_.line; }

private:
    const CsvRecord& record_;
    const std::map<std::string, int>& index_;
    std::vector<ImportProblem>& problems_;
};

// The header's columns by name; a missing or unknown column is a problem on line 1.
std::map<std::string, int> read_header(const CsvRecord& header,
                                       const std::vector<std::string>& expected,
                                       std::vector<ImportProblem>& problems) {
    std::map<std::string, int> index;
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        const std::string name = trim(header.fields[i]);
        const int column = static_cast<int>(i) + 1;
        if (std::find(expected.begin(), expected.end(), name) == expected.end()) {
            problems.push_back({header.line, column, name, "unknown_column",
                                "This column is not one of the file's columns."});
        } else if (!index.emplace(name, static_cast<int>(i)).second) {
            problems.push_back({header.line, column, name, "duplicate_column",
                                "This column is named twice."});
        }
    }
    for (const std::string& name : expected) {
        if (!index.count(name)) {
            problems.push_back({header.line, 0, name, "missing_column", "The column is missing."});
        }
    }
    return index;
}

// Names in all six languages; each missing one is a problem.
LocalizedText read_names(const Row& row, const std::string& prefix, bool required) {
    LocalizedText text;
    for (auto lang : kCatalogLanguages) {
        const std::string column = prefix + std::string(lang);
        std::string value = row.get(column);
        if (value.empty()) {
            if (required) row.problem(column, "name_missing", "The name in this language is empty.");
            continue;
        }
        text[std::string(lang)] = std::move(value);
    }
    return text;
}

std::optional<double> read_number(const Row& row, const std::string& column, double low,
                                  double high) {
    const std::string text = row.get(column);
    char* end = nullptr;
    const double value = text.empty() ? 0 : std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !(value >= low && value <= high)) {
        row.problem(column, "bad_number",
                    "Expected a number from " + format_number(low) + " to " + format_number(high) +
                        ".");
        return std::nullopt;
    }
    return value;
}

std::optional<int> read_whole(const Row& row, const std::string& column, int low, int high) {
    const std::string text = row.get(column);
    const bool digits =
        !text.empty() && text.size() <= 9 && text.find_first_not_of("0123456789") == std::string::npos;
    const int value = digits ? std::atoi(text.c_str()) : -1;
    if (!digits || value < low || value > high) {
        row.problem(column, "bad_number",
                    "Expected a whole number from " + std::to_string(low) + " to " +
                        std::to_string(high) + ".");
        return std::nullopt;
    }
    return value;
}

// A go-live date: empty for none; a date before today is a problem unless it is the one the
// catalogue already has (a centre that went live stays live).
std::optional<Date> read_live_date(const Row& row, const std::string& column,
                                   const std::string& text, const std::optional<Date>& before,
                                   const Date& today, bool& ok) {
    if (text.empty()) return std::nullopt;
    auto date = parse_date(text);
    if (!date) {
        row.problem(column, "bad_date", "Expected a real date as YYYY-MM-DD: " + text + ".");
        ok = false;
        return std::nullopt;
    }
    if (*date < today && before != date) {
        row.problem(column, "date_in_past", "The date " + text + " has passed.");
        ok = false;
    }
    return date;
}

std::vector<Interval> read_day(const Row& row, const std::string& column, bool& ok) {
    std::vector<Interval> intervals;
    const std::string text = row.get(column);
    if (text.empty()) return intervals;
    for (const std::string& part : split(text, ' ')) {
        if (part.empty()) continue;
        const auto dash = part.find('-');
        const auto open = dash == std::string::npos ? std::nullopt : parse_hhmm(part.substr(0, dash));
        const auto close = dash == std::string::npos ? std::nullopt : parse_hhmm(part.substr(dash + 1));
        if (!open || !close || *open >= *close) {
            row.problem(column, "bad_hours",
                        "Expected opening spans as HH:MM-HH:MM separated by spaces: " + part + ".");
            ok = false;
            return {};
        }
        intervals.push_back(Interval{*open, *close});
    }
    auto sorted = intervals;
    std::sort(sorted.begin(), sorted.end(),
              [](const Interval& a, const Interval& b) { return a.open < b.open; });
    for (std::size_t i = 1; i < sorted.size(); ++i) {
        if (sorted[i].open < sorted[i - 1].close) {
            row.problem(column, "overlapping_hours",
                        format_day({sorted[i - 1]}) + " and " + format_day({sorted[i]}) +
                            " overlap.");
            ok = false;
            return {};
        }
    }
    return intervals;
}

// "id=value; id=value" as pairs in order; a malformed or repeated pair is a problem.
std::optional<std::vector<std::pair<std::string, std::string>>> read_pairs(const Row& row,
                                                                          const std::string& column,
                                                                          const char* reason) {
    std::vector<std::pair<std::string, std::string>> pairs;
    const std::string text = row.get(column);
    if (text.empty()) return pairs;
    std::set<std::string> seen;
    for (const std::string& part : split(text, ';')) {
        const auto equals = part.find('=');
        if (equals == std::string::npos || !seen.insert(trim(part.substr(0, equals))).second) {
            row.problem(column, reason, "Expected service=value pairs separated by ';': " + part + ".");
            return std::nullopt;
        }
        pairs.emplace_back(trim(part.substr(0, equals)), trim(part.substr(equals + 1)));
    }
    return pairs;
}

bool service_known(const Catalog& catalog, const std::string& id) {
    return find_service(catalog, id) != nullptr;
}

// The counters column: services offered, in display order, and their counters.
bool read_counters(const Row& row, const Catalog& catalog, Centre& centre) {
    auto pairs = read_pairs(row, "counters", "bad_counters");
    if (!pairs) return false;
    bool ok = true;
    centre.services.clear();
    centre.counters.clear();
    for (const auto& [id, value] : *pairs) {
        const bool digits = !value.empty() && value.size() <= 4 &&
                            value.find_first_not_of("0123456789") == std::string::npos;
        if (!service_known(catalog, id)) {
            row.problem("counters", "unknown_service", "There is no service " + id + ".");
            ok = false;
        } else if (!digits || std::atoi(value.c_str()) > 1000) {
            row.problem("counters", "bad_counters", "Expected 0 to 1000 counters for " + id + ".");
            ok = false;
        } else {
            centre.services.push_back(id);
            centre.counters[id] = std::atoi(value.c_str());
        }
    }
    return ok;
}

bool read_go_live(const Row& row, const Centre* before, const Date& today, Centre& centre) {
    bool ok = true;
    centre.live_from = read_live_date(row, "live_from", row.get("live_from"),
                                      before ? before->live_from : std::nullopt, today, ok);
    auto pairs = read_pairs(row, "service_live_from", "bad_date");
    if (!pairs) return false;
    centre.service_live_from.clear();
    for (const auto& [id, value] : *pairs) {
        if (!offers(centre, id)) {
            row.problem("service_live_from", "unknown_service",
                        "The centre does not offer " + id + " (see counters).");
            ok = false;
            continue;
        }
        std::optional<Date> had;
        if (before) {
            if (auto found = before->service_live_from.find(id);
                found != before->service_live_from.end()) {
                had = found->second;
            }
        }
        if (auto date = read_live_date(row, "service_live_from", value, had, today, ok)) {
            centre.service_live_from[id] = *date;
        }
    }
    return ok;
}

// One centre row into `centre` (which starts as the catalogue's centre, or a new one).
bool read_centre(const Row& row, const Catalog& catalog, const Centre* before, const Date& today,
                 Centre& centre) {
    bool ok = true;
    centre.name = read_names(row, "name_", true);
    ok = centre.name.size() == kCatalogLanguages.size() && ok;
    centre.governorate = row.get("governorate");
    if (std::find(kGovernorates.begin(), kGovernorates.end(), centre.governorate) ==
        kGovernorates.end()) {
        row.problem("governorate", "bad_governorate",
                    "Expected capital, muharraq, northern or southern.");
        ok = false;
    }
    auto lat = read_number(row, "lat", -90, 90);
    auto lon = read_number(row, "lon", -180, 180);
    if (lat) centre.lat = *lat;
    if (lon) centre.lon = *lon;
    ok = lat && lon && ok;
    for (int day = 0; day < 7; ++day) {
        centre.hours[day] = read_day(
            row, "hours_" + std::string(weekday_key(static_cast<Weekday>(day))), ok);
    }
    ok = read_counters(row, catalog, centre) && ok;
    ok = read_go_live(row, before, today, centre) && ok;
    return ok;
}

bool read_service(const Row& row, Service& service) {
    bool ok = true;
    service.name = read_names(row, "name_", true);
    ok = service.name.size() == kCatalogLanguages.size() && ok;
    service.authority = read_names(row, "authority_", false);
    auto slot = read_whole(row, "slot_minutes", 1, 24 * 60);
    auto window = read_whole(row, "window_days", 0, 3660);
    auto notice = read_whole(row, "min_notice_minutes", 0, 525600);
    if (slot) service.slot_minutes = *slot;
    if (window) service.window_days = *window;
    if (notice) service.min_notice_minutes = *notice;
    const std::string one = row.get("one_active_per_cpr");
    if (one != "yes" && one != "no") {
        row.problem("one_active_per_cpr", "bad_flag", "Expected yes or no.");
        ok = false;
    }
    service.one_active_per_cpr = one != "no";
    return ok && slot && window && notice;
}

// Rows whose field count differs from the header's are malformed; the rest are read.
bool well_formed(const CsvRecord& record, std::size_t width, std::vector<ImportProblem>& problems) {
    if (record.fields.size() == width) return true;
    problems.push_back({record.line, static_cast<int>(std::min(record.fields.size(), width)) + 1,
                        "", "wrong_field_count",
                        "Expected " + std::to_string(width) + " fields, found " +
                            std::to_string(record.fields.size()) + "."});
    return false;
}

template <typename Item>
const Item* find_by_id(const std::vector<Item>& items, const std::string& id) {
    for (const Item& item : items) {
        if (item.id == id) return &item;
    }
    return nullptr;
}

// Rows whose id is new while a known one is left out, under the same English name, are that
// known one under a changed id: an id is what bookings and accounts refer to.
template <typename Item>
void check_ids(const std::vector<Item>& before, const std::vector<Item>& after,
               const std::map<std::string, int>& lines, int id_column, const char* noun,
               std::vector<ImportProblem>& problems, std::vector<std::string>& added) {
    std::vector<const Item*> missing;
    for (const Item& item : before) {
        if (!find_by_id(after, item.id)) missing.push_back(&item);
    }
    for (const Item& item : after) {
        if (find_by_id(before, item.id)) continue;
        auto renamed = std::find_if(missing.begin(), missing.end(), [&](const Item* old) {
            return localized(old->name, "en") == localized(item.name, "en");
        });
        if (renamed != missing.end()) {
            problems.push_back({lines.at(item.id), id_column, "id", "id_changed",
                                std::string("The ") + noun + " " + (*renamed)->id +
                                    " cannot change its id to " + item.id + "."});
            missing.erase(renamed);
        } else {
            added.push_back(item.id);
        }
    }
    for (const Item* item : missing) {
        problems.push_back({0, id_column, "id", std::string(noun) + "_missing",
                            std::string("The ") + noun + " " + item->id +
                                " is left out; an import cannot remove one."});
    }
}

void go_live_moves(const Centre& before, const Centre& after, std::vector<GoLiveMove>& moves) {
    if (before.live_from != after.live_from) {
        moves.push_back({after.id, "", optional_date(before.live_from),
                         optional_date(after.live_from)});
    }
    std::set<std::string> services;
    for (const auto& [id, date] : before.service_live_from) services.insert(id);
    for (const auto& [id, date] : after.service_live_from) services.insert(id);
    for (const std::string& id : services) {
        auto was = before.service_live_from.find(id);
        auto now = after.service_live_from.find(id);
        const std::string from = was == before.service_live_from.end() ? "" : format_date(was->second);
        const std::string to = now == after.service_live_from.end() ? "" : format_date(now->second);
        if (from != to) moves.push_back({after.id, id, from, to});
    }
}

void centre_changes(const Catalog& before, const Catalog& after, ImportChanges& changes) {
    for (const Centre& centre : after.centres) {
        const Centre* old = find_centre(before, centre.id);
        if (!old || *old == centre) continue;
        changes.centres_changed.push_back(centre.id);
        if (old->hours != centre.hours) changes.hours_changed.push_back(centre.id);
        go_live_moves(*old, centre, changes.golive_moved);
    }
}

// The row's id when it is there and not used by an earlier row (noted in `lines`); else a
// problem on the row and "" (the row is skipped).
std::string first_use_of_id(Row& row, std::map<std::string, int>& lines) {
    const std::string id = row.get("id");
    if (!id.empty() && lines.emplace(id, row.line()).second) return id;
    row.problem("id", id.empty() ? "missing_id" : "duplicate_id",
                id.empty() ? "The id is empty." : "The id " + id + " is used twice.");
    return {};
}

void import_centres(const Catalog& current, const std::vector<CsvRecord>& records,
                    const std::map<std::string, int>& index, const Date& today,
                    CatalogImport& result) {
    std::map<std::string, int> lines;
    for (std::size_t i = 1; i < records.size(); ++i) {
        if (!well_formed(records[i], records[0].fields.size(), result.problems)) continue;
        Row row(records[i], index, result.problems);
        const std::string id = first_use_of_id(row, lines);
        if (id.empty()) continue;
        const Centre* before = find_centre(current, id);
        Centre centre = before ? *before : Centre{};
        centre.id = id;
        read_centre(row, current, before, today, centre);
        result.catalog.centres.push_back(std::move(centre));
    }
    check_ids(current.centres, result.catalog.centres, lines, index.at("id") + 1, "centre",
              result.problems, result.changes.centres_added);
    centre_changes(current, result.catalog, result.changes);
}

void import_services(const Catalog& current, const std::vector<CsvRecord>& records,
                     const std::map<std::string, int>& index, CatalogImport& result) {
    std::map<std::string, int> lines;
    for (std::size_t i = 1; i < records.size(); ++i) {
        if (!well_formed(records[i], records[0].fields.size(), result.problems)) continue;
        Row row(records[i], index, result.problems);
        const std::string id = first_use_of_id(row, lines);
        if (id.empty()) continue;
        const Service* before = find_service(current, id);
        Service service = before ? *before : Service{};
        service.id = id;
        read_service(row, service);
        if (before && *before != service) result.changes.services_changed.push_back(id);
        result.catalog.services.push_back(std::move(service));
    }
    check_ids(current.services, result.catalog.services, lines, index.at("id") + 1, "service",
              result.problems, result.changes.services_added);
}

}  // namespace

bool ImportChanges::empty() const {
    return services_added.empty() && services_changed.empty() && centres_added.empty() &&
           centres_changed.empty() && hours_changed.empty() && golive_moved.empty();
}

std::string_view csv_file_name(CsvFile file) {
    return file == CsvFile::centres ? "centres" : "services";
}

std::optional<CsvFile> parse_csv_file_name(std::string_view name) {
    if (name == "centres") return CsvFile::centres;
    if (name == "services") return CsvFile::services;
    return std::nullopt;
}

std::string centres_to_csv(const Catalog& catalog) {
    std::string csv = csv_record(centre_columns());
    for (const Centre& c : catalog.centres) {
        std::vector<std::string> fields = {c.id};
        for (auto lang : kCatalogLanguages) {
            auto found = c.name.find(std::string(lang));
            fields.push_back(found == c.name.end() ? "" : found->second);
        }
        fields.push_back(c.governorate);
        fields.push_back(format_number(c.lat));
        fields.push_back(format_number(c.lon));
        for (const auto& day : c.hours) fields.push_back(format_day(day));
        std::vector<std::pair<std::string, std::string>> counters, live;
        for (const std::string& id : c.services) {
            auto found = c.counters.find(id);
            counters.emplace_back(id, std::to_string(found == c.counters.end() ? 0 : found->second));
        }
        for (const auto& [id, date] : c.service_live_from) live.emplace_back(id, format_date(date));
        fields.push_back(format_pairs(counters));
        fields.push_back(optional_date(c.live_from));
        fields.push_back(format_pairs(live));
        csv += csv_record(fields);
    }
    return csv;
}

std::string services_to_csv(const Catalog& catalog) {
    std::string csv = csv_record(service_columns());
    for (const Service& s : catalog.services) {
        std::vector<std::string> fields = {s.id};
        for (const LocalizedText* text : {&s.name, &s.authority}) {
            for (auto lang : kCatalogLanguages) {
                auto found = text->find(std::string(lang));
                fields.push_back(found == text->end() ? "" : found->second);
            }
        }
        fields.push_back(std::to_string(s.slot_minutes));
        fields.push_back(std::to_string(s.window_days));
        fields.push_back(std::to_string(s.min_notice_minutes));
        fields.push_back(s.one_active_per_cpr ? "yes" : "no");
        csv += csv_record(fields);
    }
    return csv;
}

CatalogImport import_catalog_csv(const Catalog& current, CsvFile file,
                                 const std::vector<CsvRecord>& records, const Date& today) {
    CatalogImport result;
    result.catalog = current;
    if (records.empty()) {
        result.problems.push_back({1, 0, "", "empty_file", "The file has no header row."});
        return result;
    }
    const bool centres = file == CsvFile::centres;
    auto index = read_header(records[0], centres ? centre_columns() : service_columns(),
                             result.problems);
    if (!result.problems.empty()) return result;  // rows cannot be read without their columns
    if (centres) {
        result.catalog.centres.clear();
        import_centres(current, records, index, today, result);
    } else {
        result.catalog.services.clear();
        import_services(current, records, index, result);
    }
    // The rules every catalogue meets (as for the demo file), for anything not caught above.
    if (result.problems.empty()) {
        if (auto problem = catalog_problem(result.catalog); !problem.empty()) {
            result.problems.push_back({0, 0, "", "invalid_catalogue", problem});
        }
    }
    return result;
}

}  // namespace mawid
