// The confirmation: code in large type, its QR code, where and when, what to bring,
// add to calendar and share.
#include <mawid/catalog.hpp>

#include "format.hpp"
#include "qr.hpp"
#include "screens.hpp"

namespace mawid::client::screens {

namespace {

void code_block(CitizenApp& app, ui::Column& col) {
    const Strings& tr = app.tr;
    const SavedBooking& b = *app.shown;
    ui::paragraph(col, "done/code-label", tr("done.code"), ui::TextStyle::small, ui::colour::muted,
                  ui::Align::centre);
    // Left to right in every language: "375-AXB-JNQ" must not become "AXB-JNQ-375".
    std::string code = ltr(code_text(b.code));
    ImVec2 size = ui::measure(code, ui::TextStyle::code);
    ImRect r = col.take(size.y);
    ui::draw_text_in(r, code, ui::TextStyle::code, ui::colour::text, ui::Align::centre);
    ui::note("done/code", r, code, "text");
    col.gap(12);
    float qr = std::min(200.0f, col.width());
    ImRect q = col.take(qr);
    ImVec2 at(q.GetCenter().x - qr / 2, q.Min.y);
    draw_qr(ui::context().draw, b.code, at, qr);
    ui::note("done/qr", ImRect(at, ImVec2(at.x + qr, at.y + qr)), tr("done.qr"), "image");
    col.gap(16);
}

void bring_list(CitizenApp& app, ui::Column& col, const Service& s) {
    const Strings& tr = app.tr;
    const std::vector<std::string>& bring = localized(s.bring, tr.chain());
    if (bring.empty()) return;
    ui::heading(col, "done/bring", tr("done.bring"));
    int i = 0;
    for (const std::string& item : bring) {
        ui::paragraph(col, "done/bring/" + std::to_string(i++),
                      tr.format("done.bullet", {{"item", item}}));
    }
    col.gap(8);
}

}  // namespace

void done(CitizenApp& app, ui::Column& col) {
    const Strings& tr = app.tr;
    if (!app.shown || !app.catalog) return;
    const SavedBooking& b = *app.shown;
    const Centre* c = find_centre(*app.catalog, b.centre);
    const Service* s = find_service(*app.catalog, b.service);
    ui::notice(col, "done/booked", tr(app.last_was_move ? "done.moved" : "done.booked"),
               ui::Tone::success);
    code_block(app, col);
    if (s)
        ui::paragraph(col, "done/service", localized(s->name, tr.chain()), ui::TextStyle::body_bold);
    if (c) ui::paragraph(col, "done/centre", localized(c->name, tr.chain()));
    ui::paragraph(col, "done/when", start_text(tr, b.start), ui::TextStyle::body_bold,
                  ui::colour::primary);
    col.gap(8);
    if (s) bring_list(app, col, *s);
    if (ui::button(col, "done/ics", tr("done.add_calendar"), ui::Kind::secondary))
        app.download_ics();
    if (ui::button(col, "done/share", tr("done.share"), ui::Kind::secondary)) app.share_shown();
    if (ui::button(col, "done/mine", tr("home.my_bookings"), ui::Kind::quiet)) {
        app.open_bookings();
    }
}

}  // namespace mawid::client::screens
