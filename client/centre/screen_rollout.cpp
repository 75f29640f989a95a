// The roll-out plan (admins): phases are the centres that go live on the same date, each
// with its date, its centres and whether it is live yet or still planned. It is read from the
// catalogue the app already holds; today is the server's (the day list's). Tapping a phase
// opens it: its new date (for the whole phase, or only the centres left chosen), a preview of
// what changes and which bookings it strands, and only then the change. Below, the figures by
// phase since go-live as a bar chart, in words for screen readers, and as a CSV download.
#include <mawid/rollout.hpp>

#include <algorithm>
#include <cmath>

#include "format.hpp"
#include "staff_screens.hpp"

namespace mawid::client::staff::screens {

namespace {

// "Manama Service Centre · Sitra Health Centre · ..." in the reader's language.
std::string centre_names(const Controller& c, const std::vector<std::string>& ids) {
    std::string names;
    for (const std::string& id : ids) {
        if (!names.empty()) names += " · ";
        names += centre_name(c, id);
    }
    return names;
}

// "2027-01-05", or "live from the start" for an empty date.
std::string day_or_start(const Strings& tr, const std::string& date) {
    auto parsed = parse_date(date);
    return parsed ? date_long(tr, *parsed) : tr("staff.rollout.from_start");
}

void preview(Controller& c, ui::Column& col, const RolloutChangeAnswer& answer) {
    const Strings& tr = c.app.tr;
    ui::heading(col, "staff/rollout/preview-title", tr("staff.rollout.preview_title"));
    if (answer.changes.empty()) {
        ui::notice(col, "staff/rollout/unchanged", tr("staff.rollout.no_changes"), ui::Tone::info);
    }
    for (const GoLiveMove& move : answer.changes) {
        info_row(col, "staff/rollout/change/" + move.centre, centre_name(c, move.centre),
                 day_or_start(tr, move.from) + (ui::context().rtl ? " ← " : " → ") +
                     day_or_start(tr, move.to),
                 "");
    }
    if (!answer.stranded.empty()) {
        ui::notice(col, "staff/rollout/stranded",
                   c.text({"staff.rollout.stranded",
                           {{"count", std::to_string(answer.stranded.size())}}}),
                   ui::Tone::warning);
        for (const StaffBookingRow& row : answer.stranded) {
            info_row(col, "staff/rollout/stranded/" + row.code,
                     centre_name(c, row.centre) + " · " + service_name(c, row.service),
                     row.code + " · " + row.start, row.status);
        }
    }
    const bool on = c.app.online && !c.rollout_busy && !answer.changes.empty();
    if (ui::button(col, "staff/rollout/apply", tr("staff.rollout.apply"), ui::Kind::primary, on)) {
        c.apply_rollout();
    }
}

// The phase opened: the new date and the preview first (moving the whole phase needs no
// scrolling), then its centres, to leave some on their date.
void editor(Controller& c, ui::Column& col, const RolloutPhase& phase) {
    const Strings& tr = c.app.tr;
    ui::field(col, kRolloutDate, tr("staff.rollout.new_date"), platform::InputKind::date,
              c.input(kRolloutDate), {});
    const bool on = c.app.online && !c.rollout_busy && !c.rollout_centres.empty();
    if (ui::button(col, "staff/rollout/preview", tr("staff.rollout.preview"), ui::Kind::secondary,
                   on)) {
        c.preview_rollout();
    }
    message(c, col, "staff/rollout/message", c.rollout_message);
    if (c.rollout_preview && c.rollout_preview->dry_run) preview(c, col, *c.rollout_preview);
    ui::paragraph(col, "staff/rollout/choose", tr("staff.rollout.choose"), ui::TextStyle::small,
                  ui::colour::muted);
    for (const std::string& id : phase.centres) {
        const bool chosen = std::find(c.rollout_centres.begin(), c.rollout_centres.end(), id) !=
                            c.rollout_centres.end();
        if (ui::row(col, "staff/rollout/centre/" + id, centre_name(c, id), {},
                    chosen ? tr("staff.rollout.chosen") : std::string(), true, chosen)) {
            c.toggle_rollout_centre(id);
        }
    }
    col.gap(12);
}

struct PhaseBar {
    const char* key;  // i18n key of the figure
    ImU32 colour;
    int mawid::ReportRow::*value;
};

const PhaseBar kPhaseBars[] = {
    {"staff.report.bookings", ui::colour::primary, &mawid::ReportRow::bookings},
    {"staff.report.no_show", ui::colour::danger, &mawid::ReportRow::no_show},
    {"staff.rollout.seats_used", IM_COL32(46, 125, 196, 255), &mawid::ReportRow::seats_used},
};

std::string figures_text(const Controller& c, const mawid::ReportRow& r) {
    auto pct = [](double v) { return std::to_string(static_cast<int>(std::lround(v * 100))); };
    return c.app.tr.format("staff.rollout.figures",
                           {{"bookings", std::to_string(r.bookings)},
                            {"no_show", std::to_string(r.no_show)},
                            {"no_show_rate", pct(no_show_rate(r))},
                            {"utilisation", pct(utilisation(r))}});
}

// One group of bars per phase, scaled to the largest figure of any phase.
void chart(Controller& c, ui::Column& col, const RolloutReport& report) {
    int most = 1;
    for (const PhaseFigures& p : report.phases) {
        for (const PhaseBar& b : kPhaseBars) most = std::max(most, p.total.*(b.value));
    }
    const float bar_h = 12, label_w = std::min(200.0f, col.width() * 0.35f);
    for (const PhaseFigures& p : report.phases) {
        const std::string date = format_date(p.date);
        const std::string name = date_long(c.app.tr, p.date);
        ImRect line = col.take(3 * (bar_h + 3));
        ui::draw_text_in(col.piece(line, 0, label_w), name, ui::TextStyle::small, ui::colour::text,
                         ui::Align::start, label_w);
        const float room = col.width() - label_w - 12;
        float y = line.Min.y;
        for (const PhaseBar& b : kPhaseBars) {
            float w = room * static_cast<float>(p.total.*(b.value)) / static_cast<float>(most);
            ImRect slot(line.Min.x, y, line.Max.x, y + bar_h);
            ImRect bar = col.piece(slot, label_w + 12, std::max(w, 2.0f));
            ui::context().draw->AddRectFilled(bar.Min, bar.Max, b.colour, 3);
            y += bar_h + 3;
        }
        ui::note("staff/rollout/chart/" + date, line, name + ": " + figures_text(c, p.total),
                 "image");
        col.gap(6);
        for (const CentreFigures& centre : p.centres) {
            info_row(col, "staff/rollout/figures/" + centre.centre, centre_name(c, centre.centre),
                     figures_text(c, centre.figures), "");
        }
        col.gap(6);
    }
}

void figures(Controller& c, ui::Column& col) {
    const Strings& tr = c.app.tr;
    ui::heading(col, "staff/rollout/report-title", tr("staff.rollout.report_title"));
    const bool on = c.app.online && !c.rollout_report_busy;
    int a = button_row(col,
                       {{"staff/rollout/report", tr("staff.report.show")},
                        {"staff/rollout/csv", tr("staff.report.csv")}},
                       {on, on});
    if (a == 0) c.load_rollout_report();
    if (a == 1) c.export_rollout_csv();
    message(c, col, "staff/rollout/report-message", c.rollout_report_message);
    if (c.rollout_figures) chart(c, col, *c.rollout_figures);
}

}  // namespace

void rollout(Controller& c, ui::Column& col) {
    const Strings& tr = c.app.tr;
    ui::paragraph(col, "staff/rollout/intro", tr("staff.rollout.intro"), ui::TextStyle::small,
                  ui::colour::muted);
    auto today = parse_date(c.today());
    if (!c.app.catalog || !today) {
        ui::paragraph(col, "staff/rollout/loading", tr("common.loading"), ui::TextStyle::body,
                      ui::colour::muted);
        return;
    }
    if (c.rollout_phase.empty()) message(c, col, "staff/rollout/message", c.rollout_message);
    const auto phases = rollout_phases(*c.app.catalog, *today);
    if (phases.empty()) {
        ui::notice(col, "staff/rollout/none", tr("staff.rollout.none"), ui::Tone::info);
        return;
    }
    for (const RolloutPhase& phase : phases) {
        const std::string date = format_date(phase.date);
        std::string title =
            date_long(tr, phase.date) + " · " +
            tr.count("staff.rollout.centres", static_cast<long long>(phase.centres.size()));
        const bool open = c.rollout_phase == date;
        if (ui::row(col, "staff/rollout/" + date, title, centre_names(c, phase.centres),
                    tr(phase.live ? "staff.rollout.live" : "staff.rollout.planned"),
                    c.app.online, open)) {
            c.open_phase(phase);
        }
        if (open) editor(c, col, phase);
    }
    figures(c, col);
}

}  // namespace mawid::client::staff::screens
