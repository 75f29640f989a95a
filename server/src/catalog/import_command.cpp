#include "catalog/import_command.hpp"

#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>

#include "catalog/catalog_import.hpp"

namespace mawid::server {

namespace {

bool read_file(const std::string& path, std::string& bytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream text;
    text << in.rdbuf();
    bytes = text.str();
    return true;
}

}  // namespace

int import_command(const Options& options) {
    std::vector<ImportFile> files;
    for (const auto& [path, kind] : {std::pair{options.import_services, CsvFile::services},
                                     std::pair{options.import_centres, CsvFile::centres}}) {
        if (path.empty()) continue;
        ImportFile file{kind, {}};
        if (!read_file(path, file.bytes)) {
            std::fprintf(stderr, "import: cannot read %s\n", path.c_str());
            return 1;
        }
        files.push_back(std::move(file));
    }
    auto db = open_write_connection(options.db_path);
    Transaction transaction(*db);
    WriteStore store(*db);
    if (!store.load_catalog()) {
        std::fprintf(stderr, "import: the database has no catalogue (seed it first)\n");
        return 1;
    }
    const UnixSeconds now = options.fixed_now.value_or(static_cast<UnixSeconds>(std::time(nullptr)));
    // The trail names who acted; from the command line that is the operator's shell.
    ImportRun run = run_catalog_import(store, std::move(files), options.import_dry_run,
                                       "command-line", now);
    if (run.applied) transaction.commit();
    for (const CatalogImportReport& report : run.reports) {
        std::fputs(catalog_import_report_text(report).c_str(), stdout);
    }
    return run.clean ? 0 : 3;
}

}  // namespace mawid::server
