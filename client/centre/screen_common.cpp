// Pieces shared by the centre app's screens.
#include <mawid/catalog.hpp>

#include "format.hpp"
#include "staff_screens.hpp"
#include "widget_registry.hpp"

namespace mawid::client::staff::screens {

int button_row(ui::Column& col, const std::vector<std::pair<std::string, std::string>>& items,
               const std::vector<bool>& enabled) {
    if (items.empty()) return -1;
    const float gap = 8;
    float w = (col.width() - gap * static_cast<float>(items.size() - 1)) /
              static_cast<float>(items.size());
    // A label too wide for its share of the row (a phone, a long translation): one under
    // the other, full width, instead.
    bool fits = true;
    for (const auto& item : items) {
        fits &= ui::measure(item.second, ui::TextStyle::body_bold).x <= w - 16;
    }
    int pressed = -1;
    if (!fits) {
        for (size_t i = 0; i < items.size(); ++i) {
            bool on = i >= enabled.size() || enabled[i];
            if (ui::button(col, items[i].first, items[i].second, ui::Kind::secondary, on)) {
                pressed = static_cast<int>(i);
            }
        }
        return pressed;
    }
    ImRect line = col.take(ui::fit(ui::TextStyle::body_bold, 52, 16));
    for (size_t i = 0; i < items.size(); ++i) {
        ImRect r = col.piece(line, static_cast<float>(i) * (w + gap), w);
        bool on = i >= enabled.size() || enabled[i];
        if (ui::tile(items[i].first, r, items[i].second, items[i].second, on, false,
                     ui::TextStyle::body_bold)) {
            pressed = static_cast<int>(i);
        }
    }
    col.gap(12);
    return pressed;
}

void info_row(ui::Column& col, const std::string& id, const std::string& title,
              const std::string& detail, const std::string& trailing) {
    float trailing_w = ui::measure(trailing, ui::TextStyle::small).x;
    float text_w = col.width() - 2 * ui::kPad - trailing_w - 12;
    ImVec2 t = ui::measure(title, ui::TextStyle::body_bold, text_w);
    ImVec2 d = ui::measure(detail, ui::TextStyle::small, text_w);
    ImRect r = col.take(std::max(64.0f, t.y + d.y + 24));
    ui::context().draw->AddRectFilled(r.Min, r.Max, ui::colour::card, 10);
    ImRect text = col.piece(r, ui::kPad, text_w);
    float top = r.GetCenter().y - (t.y + d.y) / 2;
    ui::draw_text_in(ImRect(text.Min.x, top, text.Max.x, top + t.y), title,
                     ui::TextStyle::body_bold, ui::colour::text, ui::Align::start, text_w);
    ui::draw_text_in(ImRect(text.Min.x, top + t.y, text.Max.x, top + t.y + d.y), detail,
                     ui::TextStyle::small, ui::colour::muted, ui::Align::start, text_w);
    ui::draw_text_in(col.piece(r, col.width() - ui::kPad - trailing_w, trailing_w), trailing,
                     ui::TextStyle::small, ui::colour::text, ui::Align::end);
    ui::note(id, r, title, "text");
    ui::context().registry->set_detail(detail + " · " + trailing);
    col.gap(8);
}

void message(const Controller& c, ui::Column& col, const std::string& id, const Message& m) {
    if (!m.key.empty()) ui::notice(col, id, c.text(m), m.tone);
}

std::string service_name(const Controller& c, const std::string& id) {
    const Service* s = c.app.catalog ? find_service(*c.app.catalog, id) : nullptr;
    return s ? std::string(localized(s->name, c.app.tr.chain())) : id;
}

std::string centre_name(const Controller& c, const std::string& id) {
    const Centre* s = c.app.catalog ? find_centre(*c.app.catalog, id) : nullptr;
    return s ? std::string(localized(s->name, c.app.tr.chain())) : id;
}

std::string booking_title(const Controller& c, const DayBooking& b) {
    return time_text(b.minute) + " · " + service_name(c, b.service);
}

std::string booking_detail(const Controller& c, const DayBooking& b) {
    std::string detail = c.app.tr.format("staff.booking.detail", {{"code", ltr(code_text(b.code))},
                                                                  {"phone", ltr(b.phone_last4)},
                                                                  {"cpr", ltr(b.cpr_masked)}});
    if (!b.handled_by.empty()) {
        detail +=
            " · " + c.app.tr.format("staff.booking.handled_by", {{"name", ltr(b.handled_by)}});
    }
    std::string delivery = delivery_text(c, b);
    return delivery.empty() ? detail : detail + "\n" + delivery;
}

namespace {

// The mark before a delivery's words: a shape for each state, so colour is never the only cue.
const char* delivery_mark(const std::string& state) {
    if (state == "delivered") return "\u2713 ";  // check mark
    if (state == "failed") return "\u2715 ";     // multiplication x
    if (state == "pending") return "\u25CB ";    // white circle: on its way
    return "";
}

// "✓ SMS delivered": the channel's name (its id when the table has none) in the state's words.
std::string channel_delivery(const Strings& tr, const std::string& channel,
                             const std::string& state) {
    std::string key = "staff.delivery.channel." + channel;
    std::string name = tr(key) == key ? channel : tr(key);
    return delivery_mark(state) + tr.format("staff.delivery." + state, {{"channel", name}});
}

}  // namespace

std::string delivery_text(const Controller& c, const DayBooking& b) {
    const Strings& tr = c.app.tr;
    if (b.messages.empty()) return {};
    if (b.message_channels.empty()) return tr("staff.delivery.none");
    // SMS first: every booking has one, so the line starts alike on every row.
    std::string text;
    auto add = [&](const std::string& channel, const std::string& state) {
        if (state == "none") return;
        text += (text.empty() ? "" : " · ") + channel_delivery(tr, channel, state);
    };
    auto sms = b.message_channels.find("sms");
    if (sms != b.message_channels.end()) add(sms->first, sms->second);
    for (const auto& [channel, state] : b.message_channels) {
        if (channel != "sms") add(channel, state);
    }
    return text.empty() ? tr("staff.delivery.none") : text;
}

std::string status_label(const Controller& c, const DayBooking& b) {
    std::string s = c.app.tr("status." + b.status);
    if (b.queued) s += " · " + c.app.tr("staff.status.queued");
    return s;
}

void sync_notice(Controller& c, ui::Column& col) {
    const Strings& tr = c.app.tr;
    if (c.day && (c.day_from_device || !c.app.online)) {
        std::string text = tr("staff.offline.banner");
        if (c.day_as_of_ms > 0) {
            text +=
                "\n" + tr.format("staff.offline.as_of", {{"when", as_of_text(tr, c.day_as_of_ms)}});
        }
        ui::notice(col, "staff/offline", text, ui::Tone::warning);
    }
    if (!c.queue.empty()) {
        ui::notice(col, "staff/queue",
                   tr.count("staff.queue.waiting", static_cast<long long>(c.queue.size())),
                   ui::Tone::warning);
        if (c.app.online && !c.flushing &&
            ui::button(col, "staff/queue/send", tr("staff.queue.send"), ui::Kind::secondary)) {
            c.flush_queue();
        }
    }
    for (size_t i = 0; i < c.conflicts.size(); ++i) {
        ui::notice(col, "staff/conflict/" + c.conflicts[i].code, c.text(c.conflicts[i].message),
                   ui::Tone::error);
    }
    if (!c.conflicts.empty() &&
        ui::button(col, "staff/conflicts/dismiss", tr("staff.conflict.dismiss"), ui::Kind::quiet)) {
        c.conflicts.clear();
    }
}

bool service_chips(Controller& c, ui::Column& col, const std::string& id, std::string& chosen) {
    const Centre* centre = c.app.catalog ? find_centre(*c.app.catalog, c.centre_id) : nullptr;
    if (!centre) return false;
    bool changed = false;
    ui::Flow flow(col, 44);
    for (const std::string& s : centre->services) {
        if (flow.chip(id + "/" + s, service_name(c, s), s == chosen)) {
            changed = chosen != s;
            chosen = s;
        }
    }
    flow.end();
    return changed;
}

}  // namespace mawid::client::staff::screens
