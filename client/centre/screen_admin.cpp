// Centre administration (supervisors, admins): closures and the week's hours and
// counters, each from a chosen date on. "Preview" asks the server what would be stranded
// without changing anything; "Apply" changes it. The stranded bookings stay listed so
// staff can call the citizens to move or cancel them: nothing is deleted.
#include <mawid/catalog.hpp>

#include "format.hpp"
#include "staff_screens.hpp"

namespace mawid::client::staff::screens {

namespace {

std::string stranded_title(const Controller& c, const DayBooking& b) {
    auto t = parse_rfc3339(b.start);
    std::string when = t ? date_short(c.app.tr, to_local(t->instant, t->offset_minutes).date) : "";
    return when + " · " + booking_title(c, b);
}

// "Cancel" asks once more before anything is sent: a cancelled booking cannot be taken back.
void stranded_cancel(Controller& c, ui::Column& col, const std::string& code, bool on) {
    const Strings& tr = c.app.tr;
    if (c.stranded_confirm != code) {
        if (ui::button(col, "staff/stranded/cancel/" + code, tr("staff.stranded.cancel"),
                       ui::Kind::quiet, on)) {
            c.stranded_confirm = code;
        }
        return;
    }
    int pressed = button_row(col,
                             {{"staff/stranded/confirm/" + code, tr("staff.stranded.confirm")},
                              {"staff/stranded/keep/" + code, tr("staff.stranded.keep")}},
                             {on, true});
    if (pressed == 0) c.cancel_stranded(code);
    if (pressed == 1) c.stranded_confirm.clear();
}

void stranded_list(Controller& c, ui::Column& col) {
    const Strings& tr = c.app.tr;
    message(c, col, "staff/admin/message", c.admin_message);
    if (c.stranded.empty()) return;
    ui::heading(col, "staff/stranded/title",
                tr.format(c.stranded_preview ? "staff.stranded.would" : "staff.stranded.are",
                          {{"count", std::to_string(c.stranded.size())}}));
    ui::paragraph(col, "staff/stranded/hint", tr("staff.stranded.hint"), ui::TextStyle::small,
                  ui::colour::muted);
    const bool on = !c.admin_busy && c.app.online;
    for (const DayBooking& b : c.stranded) {
        info_row(col, "staff/stranded/" + b.code, stranded_title(c, b), booking_detail(c, b),
                 c.app.tr("status." + b.status));
        if (c.stranded_preview) continue;  // nothing to do until the change is applied
        if (ui::button(col, "staff/stranded/move/" + b.code, tr("staff.move.open"),
                       ui::Kind::secondary, on)) {
            c.open_move(b);
        }
        stranded_cancel(c, col, b.code, on);
    }
    if (!c.stranded_next.empty() &&
        ui::button(col, "staff/stranded/more", tr("staff.list.more"), ui::Kind::secondary,
                   on && !c.stranded_more_busy)) {
        c.load_stranded(true);
    }
    col.gap(8);
}

void closure_section(Controller& c, ui::Column& col) {
    const Strings& tr = c.app.tr;
    ui::heading(col, "staff/admin/closure", tr("staff.admin.closure"));
    ui::field(col, kClosureFrom, tr("staff.admin.from"), platform::InputKind::date,
              c.input(kClosureFrom), {});
    ui::field(col, kClosureTo, tr("staff.admin.to"), platform::InputKind::date, c.input(kClosureTo),
              {});
    bool on = !c.admin_busy && c.app.online;
    using Kind = Controller::ClosureKind;
    int a = button_row(col,
                       {{"staff/closure/preview", tr("staff.admin.preview_closure")},
                        {"staff/closure/apply", tr("staff.admin.apply_closure")}},
                       {on, on});
    if (a >= 0) c.closure(Kind::close, a == 0);
    if (ui::button(col, "staff/closure/reopen", tr("staff.admin.reopen"), ui::Kind::quiet, on)) {
        c.closure(Kind::reopen, false);
    }
    if (!c.member || c.member->role != "admin") return;
    int h = button_row(col,
                       {{"staff/holiday/preview", tr("staff.admin.preview_holiday")},
                        {"staff/holiday/apply", tr("staff.admin.apply_holiday")}},
                       {on, on});
    if (h >= 0) c.closure(Kind::holiday, h == 0);
}

void schedule_section(Controller& c, ui::Column& col) {
    const Strings& tr = c.app.tr;
    const Centre* centre = c.app.catalog ? find_centre(*c.app.catalog, c.centre_id) : nullptr;
    if (!centre) return;
    ui::heading(col, "staff/admin/schedule", tr("staff.admin.schedule"));
    ui::field(col, kScheduleFrom, tr("staff.admin.from"), platform::InputKind::date,
              c.input(kScheduleFrom), {});
    for (int d = 0; d < 7; ++d) {
        std::string key(weekday_key(static_cast<Weekday>(d)));
        std::string typed = c.input(kHours + d);
        bool bad = !parse_hours_text(typed).has_value();
        ui::field(col, kHours + d, tr("weekday." + key), platform::InputKind::text, typed,
                  bad ? tr("staff.admin.bad_hours") : std::string(),
                  d == 0 ? tr("staff.admin.hours_hint") : std::string());
    }
    for (size_t i = 0; i < centre->services.size(); ++i) {
        ui::field(
            col, kCounters + static_cast<int>(i),
            tr.format("staff.admin.counters", {{"service", service_name(c, centre->services[i])}}),
            platform::InputKind::numeric, c.input(kCounters + static_cast<int>(i)), {});
    }
    int a = button_row(col,
                       {{"staff/schedule/preview", tr("staff.admin.preview_schedule")},
                        {"staff/schedule/apply", tr("staff.admin.apply_schedule")}},
                       {!c.admin_busy && c.app.online, !c.admin_busy && c.app.online});
    if (a >= 0) c.schedule(a == 0);
}

// Admins: the outbox's health for the whole country, a warning first when messages failed
// in the last hour or the oldest due one has waited too long (a gateway that stopped).
void outbox_section(Controller& c, ui::Column& col) {
    const Strings& tr = c.app.tr;
    if (!c.member || c.member->role != "admin") return;
    ui::heading(col, "staff/outbox/title", tr("staff.outbox.title"));
    message(c, col, "staff/outbox/message", c.outbox_message);
    if (c.outbox) {
        const OutboxHealth& h = *c.outbox;
        if (outbox_needs_attention(h)) {
            ui::notice(col, "staff/outbox/warning",
                       tr.count("staff.outbox.warning", kOutboxLateSeconds / 60),
                       ui::Tone::error);
        } else {
            ui::notice(col, "staff/outbox/ok", tr("staff.outbox.ok"), ui::Tone::success);
        }
        auto figure = [&](const char* id, const char* key, long long n) {
            info_row(col, std::string("staff/outbox/") + id, tr(key), "", tr.number(n));
        };
        figure("due", "staff.outbox.due", h.due);
        figure("retrying", "staff.outbox.retrying", h.retrying);
        figure("failed", "staff.outbox.failed", h.failed_last_hour);
        figure("sent", "staff.outbox.sent", h.sent_last_hour);
        std::string oldest =
            h.due == 0                    ? tr("staff.outbox.oldest_none")
            : h.oldest_due_seconds < 60 ? tr("staff.outbox.oldest_recent")
                                          : tr.count("staff.outbox.oldest_minutes", h.oldest_due_seconds / 60);
        info_row(col, "staff/outbox/oldest", tr("staff.outbox.oldest"), "", oldest);
    }
    if (ui::button(col, "staff/outbox/refresh",
                   tr(c.outbox_busy ? "common.loading" : "staff.outbox.refresh"), ui::Kind::quiet,
                   !c.outbox_busy && c.app.online)) {
        c.load_outbox();
    }
    col.gap(8);
}

}  // namespace

void admin(Controller& c, ui::Column& col) {
    ui::heading(col, "staff/admin/centre", centre_name(c, c.centre_id));
    if (!c.app.online) {
        ui::notice(col, "staff/admin/offline", c.app.tr("staff.needs_network"), ui::Tone::warning);
    }
    // The answer and the stranded list come first: they are what staff act on next.
    stranded_list(c, col);
    outbox_section(c, col);
    closure_section(c, col);
    schedule_section(c, col);
}

}  // namespace mawid::client::staff::screens
