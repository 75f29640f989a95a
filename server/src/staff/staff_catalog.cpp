// The staff API for admins: the catalogue as CSV files (GET /staff/catalog/centres.csv and
// services.csv) and their import (POST /staff/catalog/import), a dry run first
// (docs/catalog-csv.md).
#include "staff/staff_api.hpp"

#include <mawid/catalog_csv.hpp>

#include <memory>

#include "catalog/catalog_import.hpp"
#include "http/json_responses.hpp"
#include "http/request_parsing.hpp"

namespace mawid::server {

namespace {

HttpResponse csv_download(std::string body, std::string_view name) {
    HttpResponse response;
    response.content_type = "text/csv; charset=utf-8";
    response.body = std::move(body);
    response.headers.emplace_back("Content-Disposition",
                                  "attachment; filename=\"mawid-" + std::string(name) + ".csv\"");
    return response;
}

bool is_csv(std::string_view content_type) {
    std::string type(content_type.substr(0, content_type.find(';')));
    while (!type.empty() && type.back() == ' ') type.pop_back();
    for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return type == "text/csv";
}

// The query of an import: ?file=centres|services&dry_run=1|0[&version=V].
struct ImportQuery {
    CsvFile file = CsvFile::centres;
    bool dry_run = false;
    std::optional<std::string> version;  // the version the preview was made against
};

Result<ImportQuery> import_query(std::string_view query) {
    ImportQuery parsed;
    auto file = query_param(query, "file");
    auto kind = file ? parse_csv_file_name(*file) : std::nullopt;
    if (!kind) return make_error(ErrorCode::bad_request, "file", "Expected centres or services.");
    parsed.file = *kind;
    if (auto dry = query_param(query, "dry_run")) {
        if (*dry != "1" && *dry != "0" && *dry != "true" && *dry != "false") {
            return make_error(ErrorCode::bad_request, "dry_run", "Expected 1 or 0.");
        }
        parsed.dry_run = *dry == "1" || *dry == "true";
    }
    parsed.version = query_param(query, "version");
    return parsed;
}

}  // namespace

void StaffApi::catalog(const Caller& caller, const HttpRequest& request, std::string_view what,
                       std::string_view query, Responder& respond) {
    if (what == "centres.csv" || what == "services.csv") {
        if (request.method != "GET") return respond(method_not_allowed("GET"));
        auto state = catalog_.get();
        const bool centres = what == "centres.csv";
        return respond(csv_download(
            centres ? centres_to_csv(state->catalog) : services_to_csv(state->catalog),
            centres ? "centres" : "services"));
    }
    if (what != "import") return respond(error_response(ErrorCode::not_found));
    if (request.method != "POST") return respond(method_not_allowed("POST"));
    auto parsed = import_query(query);
    if (!parsed) return respond(error_response(parsed.error()));
    if (!is_csv(request.content_type)) {
        return respond(error_response(ErrorCode::unsupported_media_type, {},
                                      "Send the file as text/csv."));
    }
    submit_import(caller.member.username, parsed->file, parsed->dry_run, parsed->version,
                  std::string(request.body), respond);
}

// In the writer, so the import and the catalogue it reads cannot be overtaken by another
// edit; the in-memory catalogue is replaced only after COMMIT, as for any edit.
void StaffApi::submit_import(const std::string& username, CsvFile file, bool dry_run,
                             std::optional<std::string> version, std::string body,
                             Responder& respond) {
    auto applied = std::make_shared<std::optional<Catalog>>();
    const UnixSeconds now = clock_.now();
    auto work = [username, file, dry_run, version = std::move(version), body = std::move(body),
                 now, applied](WriteStore& store) -> HttpResponse {
        auto stored = store.load_catalog();
        if (!stored) return error_response(ErrorCode::not_found, "", "There is no catalogue yet.");
        if (version && *version != stored->version) {
            return error_response(ErrorCode::catalog_changed, "version");
        }
        ImportRun run = run_catalog_import(store, {ImportFile{file, body}}, dry_run, username, now);
        Json report = catalog_import_report_to_json(run.reports.front());
        if (!run.clean && !dry_run) {
            Json refused = error_to_json(make_error(ErrorCode::catalog_import_problems));
            refused["report"] = std::move(report);
            return json_response(http_status(ErrorCode::catalog_import_problems), refused);
        }
        *applied = std::move(run.applied);
        return json_response(200, report);
    };
    submit_catalog_change(std::move(work), applied, respond);
}

}  // namespace mawid::server
