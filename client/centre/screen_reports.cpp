// The centre's figures per service over a date range: a bar chart drawn with ImGui,
// the figures in words for screen readers, and the same rows as a CSV download.
#include <algorithm>
#include <cmath>

#include "staff_screens.hpp"

namespace mawid::client::staff::screens {

namespace {

struct Bar {
    const char* key;  // i18n key of the figure
    ImU32 colour;
    int ReportRow::*value;
};

const Bar kBars[] = {
    {"staff.report.bookings", ui::colour::primary, &ReportRow::bookings},
    {"staff.report.served", IM_COL32(46, 125, 196, 255), &ReportRow::served},
    {"staff.report.no_show", ui::colour::danger, &ReportRow::no_show},
    {"staff.report.walk_ins", IM_COL32(214, 140, 0, 255), &ReportRow::walk_ins},
};

void legend(Controller& c, ui::Column& col) {
    ImRect line = col.take(ui::fit(ui::TextStyle::small, 24, 4));
    float x = 0;
    for (const Bar& b : kBars) {
        std::string label = c.app.tr(b.key);
        float w = ui::measure(label, ui::TextStyle::small).x;
        ImRect swatch = col.piece(line, x, 14);
        ui::context().draw->AddRectFilled(ImVec2(swatch.Min.x, swatch.Min.y + 5),
                                          ImVec2(swatch.Max.x, swatch.Min.y + 19), b.colour, 3);
        ui::draw_text_in(col.piece(line, x + 20, w), label, ui::TextStyle::small, ui::colour::text);
        x += w + 36;
    }
    col.gap(12);
}

std::string figures_text(Controller& c, const ReportRow& r) {
    auto pct = [](double v) { return std::to_string(static_cast<int>(std::lround(v * 100))); };
    return c.app.tr.format("staff.report.row", {{"bookings", std::to_string(r.bookings)},
                                                {"checked_in", std::to_string(r.checked_in)},
                                                {"served", std::to_string(r.served)},
                                                {"no_show", std::to_string(r.no_show)},
                                                {"no_show_rate", pct(r.no_show_rate)},
                                                {"walk_ins", std::to_string(r.walk_ins)},
                                                {"utilisation", pct(r.utilisation)}});
}

void chart(Controller& c, ui::Column& col) {
    int most = 1;
    for (const ReportRow& r : c.report) {
        for (const Bar& b : kBars) most = std::max(most, r.*(b.value));
    }
    legend(c, col);
    const float bar_h = 12, label_w = std::min(200.0f, col.width() * 0.35f);
    for (const ReportRow& r : c.report) {
        std::string name = service_name(c, r.service);
        float h = std::max(ui::measure(name, ui::TextStyle::small, label_w).y, 4 * (bar_h + 3));
        ImRect line = col.take(h);
        ui::draw_text_in(col.piece(line, 0, label_w), name, ui::TextStyle::small, ui::colour::text,
                         ui::Align::start, label_w);
        float room = col.width() - label_w - 12;
        float y = line.Min.y;
        for (const Bar& b : kBars) {
            float w = room * static_cast<float>(r.*(b.value)) / static_cast<float>(most);
            ImRect slot(line.Min.x, y, line.Max.x, y + bar_h);
            ImRect bar = col.piece(slot, label_w + 12, std::max(w, 2.0f));
            ui::context().draw->AddRectFilled(bar.Min, bar.Max, b.colour, 3);
            y += bar_h + 3;
        }
        ui::note("staff/report/" + r.service, line, name + ": " + figures_text(c, r), "image");
        col.gap(6);
        ui::paragraph(col, "staff/report/text/" + r.service, figures_text(c, r),
                      ui::TextStyle::small, ui::colour::muted);
        col.gap(6);
    }
}

}  // namespace

void reports(Controller& c, ui::Column& col) {
    const Strings& tr = c.app.tr;
    ui::heading(col, "staff/report/centre", centre_name(c, c.centre_id));
    ui::field(col, kReportFrom, tr("staff.admin.from"), platform::InputKind::date,
              c.input(kReportFrom), {});
    ui::field(col, kReportTo, tr("staff.admin.to"), platform::InputKind::date, c.input(kReportTo),
              {});
    bool on = !c.report_busy && c.app.online;
    int a = button_row(col,
                       {{"staff/report/show", tr("staff.report.show")},
                        {"staff/report/csv", tr("staff.report.csv")}},
                       {on, on});
    if (a == 0) c.load_report();
    if (a == 1) c.export_csv();
    message(c, col, "staff/report/message", c.report_message);
    if (!c.report.empty()) chart(c, col);
}

}  // namespace mawid::client::staff::screens
