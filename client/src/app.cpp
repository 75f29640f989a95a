#include "app.hpp"

#include <GLES3/gl3.h>

#include <algorithm>
#include <cmath>

#include <mawid/codec.hpp>

#include "api.hpp"
#include "format.hpp"
#include "ics.hpp"
#include "imgui_impl_opengl3.h"
#include "screens/screens.hpp"
#include "staff/staff.hpp"

namespace mawid::client {

namespace {
constexpr float kHeaderHeight = 56.0f;
constexpr float kMaxContentWidth = 560.0f;
constexpr float kMaxStaffWidth = 880.0f;  // the centre app: counter PCs and tablets
constexpr const char* kCatalogKey = "catalog";

std::string str(const Json& j, const char* field) {
    if (!j.is_object()) return {};
    auto it = j.find(field);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

double number(const Json& j, const char* field) {
    if (!j.is_object()) return 0;
    auto it = j.find(field);
    return it != j.end() && it->is_number() ? it->get<double>() : 0;
}
}  // namespace

// ---------------------------------------------------------------- start and frame

bool App::start() {
    if (!platform::init(&queue_, this)) {
        platform::show_fatal("error.no_webgl");
        return false;
    }
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // nothing to remember between visits but what we store ourselves
    io.LogFilename = nullptr;
    ImGui::GetStyle().WindowPadding = ImVec2(0, 0);
    ImGui::GetStyle().WindowBorderSize = 0;
    ImGui_ImplOpenGL3_Init("#version 300 es");
    online = platform::online();
    bookings.load();
    if (platform::staff_page()) {
        staff = new staff::Controller(*this);
        staff->start();
    }
    platform::load_table("");  // the stored choice, else the browser's language
    idb_pending_[next_request_] = IdbPurpose::catalog;
    platform::idb_get(next_request_++, kCatalogKey);
    return true;
}

void App::frame() {
    bool moving = fling_ != 0 || screen == Screen::loading;  // loading: the bar pulses
    if (!queue_.empty() || moving) wake(moving ? 1 : 3);
    if (frames_left_ <= 0 || gl_lost_) return;  // nothing changed: no frame, no battery spent
    --frames_left_;
    double t0 = platform::monotonic_ms();
    double dt = last_frame_ms_ > 0 ? std::min(t0 - last_frame_ms_, 100.0) : 16.0;
    last_frame_ms_ = t0;

    platform::Viewport vp = platform::sync_viewport();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(vp.width, vp.height);
    io.DisplayFramebufferScale = ImVec2(vp.dpr, vp.dpr);
    io.DeltaTime = static_cast<float>(std::max(dt, 1.0) / 1000.0);
    text_.set_dpr(vp.dpr);
    ScrollInput scroll = queue_.feed(io);
    apply_scroll(scroll, dt);
    if (queue_.take_back_key()) back();

    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    draw();
    ImGui::Render();
    // Submitting draw calls is timed apart: with a software GPU (SwiftShader in the test
    // machine's headless Chromium) it mostly waits for the previous frame's rasterisation.
    double t_submit = platform::monotonic_ms();
    render(vp);
    double t_end = platform::monotonic_ms();
    after_frame(vp, scroll);
    double t_done = platform::monotonic_ms();
    platform::report_frame_time((t_submit - t0) + (t_done - t_end), t_end - t_submit);
}

void App::apply_scroll(const ScrollInput& scroll, double dt) {
    scroll_ += scroll.delta;
    if (scroll.dragging) fling_ = 0;
    if (scroll.fling != 0) fling_ = scroll.fling;
    if (fling_ != 0) {  // inertia: the content glides on and slows down
        scroll_ += fling_ * static_cast<float>(dt);
        fling_ *= static_cast<float>(std::pow(0.996, dt));
        if (std::fabs(fling_) < 0.02f) fling_ = 0;
    }
}

void App::render(const platform::Viewport& vp) {
    glViewport(0, 0, static_cast<int>(vp.width * vp.dpr), static_cast<int>(vp.height * vp.dpr));
    glClearColor(244 / 255.0f, 246 / 255.0f, 245 / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void App::after_frame(const platform::Viewport& vp, const ScrollInput& scroll) {
    text_.end_frame(vp.dpr);
    // Publishing while the content glides would rebuild the mirror every frame.
    if (fling_ == 0 && !scroll.dragging) {
        std::string widgets = registry_.take_changes();
        if (!widgets.empty()) platform::publish_widgets(widgets);
    }
    if (!interactive_marked_ && screen != Screen::loading) {
        interactive_marked_ = true;
        platform::mark_interactive();
    }
}

void App::draw() {
    ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("##mawid", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground |
                     ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBringToFrontOnFocus);
    registry_.begin_frame();
    platform::input_begin_frame();
    ui::FrameContext ctx;
    ctx.draw = ImGui::GetWindowDrawList();
    ctx.text = &text_;
    ctx.registry = &registry_;
    ctx.rtl = tr.rtl();
    ctx.dpr = io.DisplayFramebufferScale.x;
    ctx.focused_field = focused_field_;
    ctx.activate_id = std::move(activate_id_);
    activate_id_.clear();

    ImRect view(0, kHeaderHeight, io.DisplaySize.x, io.DisplaySize.y);
    ctx.view = view;
    ui::begin_frame(ctx);
    // The header is drawn after the content but must describe the same screen, even when
    // a tap in the content has just moved on (the next frame draws the new screen).
    Screen drawn = screen;
    draw_content(view);
    ui::context().view = ImRect(0, 0, io.DisplaySize.x, kHeaderHeight);
    draw_header(drawn, io.DisplaySize.x, kHeaderHeight);
    if (ui::context().scroll_fix != 0) {
        scroll_ += ui::context().scroll_fix;
        wake();
    }
    platform::input_end_frame();
    ImGui::End();
}

void App::draw_content(const ImRect& view) {
    float max_width = screen == Screen::staff ? kMaxStaffWidth : kMaxContentWidth;
    float width = std::min(view.GetWidth() - 2 * ui::kPad, max_width);
    float left = (view.GetWidth() - width) / 2;
    float max_scroll = std::max(0.0f, content_height_ - view.GetHeight());
    scroll_ = std::clamp(scroll_, 0.0f, max_scroll);
    if (scroll_ == 0 || scroll_ == max_scroll) fling_ = 0;

    ImGui::PushClipRect(view.Min, view.Max, true);
    ui::context().draw->PushClipRect(view.Min, view.Max, true);
    float top = view.Min.y + 20 - scroll_;
    ui::Column col(left, width, top);
    switch (screen) {
        case Screen::loading:
            screens::loading(*this, col);
            break;
        case Screen::home:
            screens::home(*this, col);
            break;
        case Screen::services:
            screens::services(*this, col);
            break;
        case Screen::centres:
            screens::centres(*this, col);
            break;
        case Screen::days:
            screens::days(*this, col);
            break;
        case Screen::times:
            screens::times(*this, col);
            break;
        case Screen::details:
            screens::details(*this, col);
            break;
        case Screen::confirm:
            screens::confirm(*this, col);
            break;
        case Screen::done:
            screens::done(*this, col);
            break;
        case Screen::bookings:
            screens::bookings(*this, col);
            break;
        case Screen::booking:
            screens::booking(*this, col);
            break;
        case Screen::language:
            screens::language(*this, col);
            break;
        case Screen::staff:
            staff->draw(col);
            break;
    }
    content_height_ = col.y() - top + 40;
    ui::context().draw->PopClipRect();
    ImGui::PopClipRect();
}

void App::draw_header(Screen drawn, float width, float height) {
    ImDrawList* dl = ui::context().draw;
    ImRect bar(0, 0, width, height);
    dl->AddRectFilled(bar.Min, bar.Max, ui::colour::primary);
    if (drawn == Screen::loading) return;
    ui::Column line(0, width, 0);
    ImRect row = line.take(height);
    bool has_back = drawn == Screen::staff ? staff->can_go_back() : drawn != Screen::home;
    float from = 4;
    if (has_back) {
        ImRect b = line.piece(row, 4, ui::kTouch);
        b.Min.y += 4, b.Max.y -= 4;
        if (ui::hit("nav/back", b, tr("nav.back"), "button")) back();
        ui::draw_back_arrow(b, ui::colour::on_primary);
        from += ui::kTouch + 4;
    } else {
        from = ui::kPad;
    }
    // The language switch sits at the trailing edge; the title fills what is between.
    // Two languages: the button names the other one and switches. More: it opens the list.
    std::string lang_label = language_count > 2 ? tr("language.title") : tr("lang.switch");
    float lang_w = ui::measure(lang_label, ui::TextStyle::body_bold).x + 24;
    ImRect l = line.piece(row, width - lang_w - 4, lang_w);
    l.Min.y += 6, l.Max.y -= 6;
    if (ui::hit("nav/lang", l, lang_label, "button")) switch_language();
    dl->AddRect(l.Min, l.Max, IM_COL32(255, 255, 255, 140), 8);
    ui::draw_text_in(l, lang_label, ui::TextStyle::body_bold, ui::colour::on_primary,
                     ui::Align::centre);
    const std::string& title =
        tr(drawn == Screen::staff ? staff->title_key() : screens::title_key(drawn));
    ImRect t = line.piece(row, from, std::max(0.0f, width - from - lang_w - 12));
    // A title too long for one line on a narrow phone drops a size and wraps.
    ui::TextStyle style = ui::TextStyle::heading;
    float wrap = 0;
    if (ui::measure(title, style).x > t.GetWidth()) {
        style = ui::TextStyle::body_bold;
        wrap = t.GetWidth();
    }
    ImVec2 ts = ui::measure(title, style, wrap);
    ImRect tr_rect = line.piece(row, from, std::min(ts.x, t.GetWidth()));
    ui::draw_text_in(t, title, style, ui::colour::on_primary, ui::Align::start, wrap);
    ui::note("nav/title",
             ImRect(tr_rect.Min.x, row.GetCenter().y - ts.y / 2, tr_rect.Max.x,
                    row.GetCenter().y + ts.y / 2),
             title, "heading");
}

// ---------------------------------------------------------------- navigation

UnixSeconds App::now() const {
    return static_cast<UnixSeconds>(platform::now_ms() / 1000);
}

const Service* App::service() const {
    return catalog ? find_service(*catalog, flow.service) : nullptr;
}

const Centre* App::centre() const {
    return catalog ? find_centre(*catalog, flow.centre) : nullptr;
}

std::string App::input(int field) const {
    auto it = inputs.find(field);
    return it == inputs.end() ? std::string() : it->second;
}

std::string App::outcome_message() const {
    if (outcome.error_key.empty()) return {};
    if (outcome.error_key == "error.rate_limited" && outcome.retry_after > 0) {
        return tr.format("error.rate_limited_wait", {{"seconds", tr.number(outcome.retry_after)}});
    }
    return tr(outcome.error_key);
}

void App::set_input(int field, std::string value) {
    // Different details are a different request: a retry must not reuse the old key
    // (the server would answer idempotency_mismatch).
    if ((field == kCpr || field == kPhone) && input(field) != value) flow.idempotency_key.clear();
    inputs[field] = std::move(value);
    wake();
}

void App::go(Screen next) {
    if (next == screen) return;
    if (screen != Screen::loading) {
        history_.push_back(screen);
        platform::history_push();
    }
    screen = next;
    scroll_ = 0;
    fling_ = 0;
    confirm_cancel = false;
    platform::blur_inputs();
    wake();
}

void App::back() {
    if (!history_.empty() || screen == Screen::staff) platform::history_back();
}

void App::on_back() {
    if (screen == Screen::staff) {  // the centre app keeps its own screen history
        staff->on_back();
        scroll_to_top();
        wake();
        return;
    }
    if (history_.empty()) return;
    screen = history_.back();
    history_.pop_back();
    scroll_ = 0;
    fling_ = 0;
    confirm_cancel = false;
    outcome.error_key.clear();
    platform::blur_inputs();
    wake();
}

void App::switch_language() {
    Json index = Json::parse(platform::language_index(), nullptr, false);
    if (!index.is_array() || index.size() < 2) return;
    if (index.size() > 2) return go(Screen::language);
    for (const Json& l : index) {
        if (str(l, "tag") != tr.lang()) return choose_language(str(l, "tag"));
    }
}

void App::choose_language(const std::string& tag) {
    platform::save("lang", tag);
    platform::load_table(tag);
}

void App::choose_service(const std::string& id) {
    if (flow.service != id) flow.centre.clear();
    flow.service = id;
    go(Screen::centres);
}

void App::choose_centre(const std::string& id) {
    flow.centre = id;
    flow.day.reset();
    flow.start = 0;
    load_availability();
    go(Screen::days);
}

void App::choose_day(const Date& day) {
    flow.day = day;
    go(Screen::times);
}

void App::choose_time(UnixSeconds start) {
    flow.start = start;
    flow.idempotency_key.clear();  // a new choice is a new attempt
    outcome = {};
    go(flow.reschedule_code.empty() ? Screen::details : Screen::confirm);
}

void App::locate() {
    locating = true;
    location_denied = false;
    platform::geolocate(next_request_++);
}

// ---------------------------------------------------------------- requests

int App::send(Purpose purpose, std::string key, const char* method, const std::string& url,
              const std::string& body, const std::string& headers) {
    int id = next_request_++;
    pending_[id] = {purpose, std::move(key)};
    platform::fetch(id, method, url, body, headers);
    return id;
}

void App::fetch_catalog(const std::string& etag) {
    Json headers = Json::object();
    if (!etag.empty()) headers["If-None-Match"] = etag;
    send(Purpose::catalog, {}, "GET", "/api/v1/catalog", {}, headers.dump());
}

void App::use_catalog_json(const std::string& json, bool from_cache, double as_of_ms) {
    auto parsed = parse_json(json);
    if (!parsed.ok()) return;
    auto cat = catalog_from_json(parsed.value());
    if (!cat.ok()) return;
    catalog = std::move(cat.value());
    catalog_from_cache = from_cache;
    catalog_as_of_ms = as_of_ms;
    wake();
}

std::string App::availability_url() const {
    const Service* s = service();
    const Centre* c = centre();
    Date today = to_local(now(), c->utc_offset_minutes).date;
    return "/api/v1/availability?centre=" + c->id + "&service=" + s->id +
           "&from=" + format_date(today) + "&days=" + std::to_string(availability_days(*s));
}

void App::load_availability() {
    calendar_year = calendar_month = 0;  // the calendar opens on the first month with seats
    availability = {};
    availability.centre = flow.centre;
    availability.service = flow.service;
    availability.loading = true;
    if (!service() || !centre()) return;
    send(Purpose::availability, flow.centre + "/" + flow.service, "GET", availability_url());
}

void App::use_availability_json(const std::string& json, double as_of_ms) {
    const Centre* c = centre();
    availability.slots = parse_availability(json, c ? c->utc_offset_minutes : 180);
    availability.loading = false;
    availability.loaded = true;
    availability.from_snapshot = false;
    availability.as_of_ms = as_of_ms;
    wake();
}

void App::save_occupancy(const std::string& key, const std::string& snapshot) {
    // Only the recently viewed centres are kept on the device, newest first.
    constexpr size_t kKeep = 12;
    Json recent = Json::parse(platform::load("recent_occupancy"), nullptr, false);
    if (!recent.is_array()) recent = Json::array();
    Json next = Json::array({key});
    for (const Json& k : recent) {
        if (!k.is_string() || k.get<std::string>() == key) continue;
        if (next.size() < kKeep) {
            next.push_back(k);
        } else {
            platform::idb_delete(k.get<std::string>());
        }
    }
    platform::save("recent_occupancy", next.dump());
    platform::idb_put(key, snapshot);
}

void App::use_occupancy_snapshot(const std::optional<std::string>& snapshot) {
    availability.loading = false;
    if (!snapshot || !catalog) return;  // nothing cached: the screen says so
    Json j = Json::parse(*snapshot, nullptr, false);
    availability.slots =
        offline_grid(*catalog, availability.centre, availability.service, str(j, "body"), now());
    availability.loaded = true;
    availability.from_snapshot = true;
    availability.as_of_ms = number(j, "as_of_ms");
    wake();
}

void App::book() {
    const Centre* c = centre();
    if (!c || outcome.pending) return;
    auto phone = normalize_phone(input(kPhone));
    if (!validate_cpr(input(kCpr)).ok() || !phone.ok()) return go(Screen::details);
    if (flow.idempotency_key.empty()) flow.idempotency_key = platform::random_key();
    outcome.pending = true;
    outcome.error_key.clear();
    Json headers = {{"Content-Type", "application/json"},
                    {"Idempotency-Key", flow.idempotency_key}};
    std::string start = format_rfc3339(flow.start, c->utc_offset_minutes);
    send(Purpose::book, {}, "POST", "/api/v1/bookings",
         booking_body(c->id, flow.service, start, input(kCpr), phone.value(), tr.lang()),
         headers.dump());
    wake();
}

void App::lookup(const std::string& code) {
    const SavedBooking* b = bookings.find(code);
    if (!b || outcome.pending) return;
    outcome = {};
    outcome.pending = true;
    send(Purpose::lookup, code, "POST", "/api/v1/bookings/lookup",
         Json{{"code", code}, {"cpr", b->cpr}}.dump(), R"({"Content-Type":"application/json"})");
}

void App::open_bookings() {
    go(Screen::bookings);
    for (const SavedBooking& b : bookings.all()) {
        if (b.status != "booked" && b.status != "checked_in" && !b.status.empty()) continue;
        send(Purpose::refresh, b.code, "POST", "/api/v1/bookings/lookup",
             Json{{"code", b.code}, {"cpr", b.cpr}}.dump(),
             R"({"Content-Type":"application/json"})");
    }
}

void App::open_booking(const SavedBooking& booking) {
    shown = booking;
    outcome = {};
    go(Screen::booking);
    lookup(booking.code);
}

std::optional<SavedBooking> App::next_booking() const {
    std::optional<SavedBooking> next;
    UnixSeconds next_start = 0;
    for (const SavedBooking& b : bookings.all()) {
        auto start = parse_rfc3339(b.start);
        if (!start || start->instant < now() || (b.status != "booked" && !b.status.empty())) {
            continue;
        }
        if (!next || start->instant < next_start) next = b, next_start = start->instant;
    }
    return next;
}

void App::cancel_shown() {
    if (!shown || outcome.pending) return;
    outcome = {};
    outcome.pending = true;
    send(Purpose::cancel, shown->code, "POST", "/api/v1/bookings/" + shown->code + "/cancel",
         cpr_body(shown->cpr), R"({"Content-Type":"application/json"})");
}

void App::remove_shown() {
    if (!shown) return;
    bookings.remove(shown->code);
    shown.reset();
    outcome = {};
    back();
}

void App::start_reschedule() {
    if (!shown) return;
    flow = {};
    flow.service = shown->service;
    flow.centre = shown->centre;
    flow.reschedule_code = shown->code;
    outcome = {};
    load_availability();
    go(Screen::days);
}

void App::reschedule() {
    const Centre* c = centre();
    const SavedBooking* b = bookings.find(flow.reschedule_code);
    if (!c || !b || outcome.pending) return;
    outcome.pending = true;
    outcome.error_key.clear();
    send(Purpose::reschedule, b->code, "POST", "/api/v1/bookings/" + b->code + "/reschedule",
         reschedule_body(b->cpr, format_rfc3339(flow.start, c->utc_offset_minutes)),
         R"({"Content-Type":"application/json"})");
    wake();
}

void App::find_alternatives() {
    if (!service() || !centre()) return;
    send(Purpose::alternatives, flow.centre + "/" + flow.service, "GET", availability_url());
}

// ---------------------------------------------------------------- answers

void App::on_fetch(int request, int status, std::string body, std::string etag, int retry_after) {
    if (staff && staff->on_fetch(request, status, body, retry_after)) {
        if (status != 0) online = true;
        return wake();
    }
    auto it = pending_.find(request);
    if (it == pending_.end()) return;
    Pending p = it->second;
    pending_.erase(it);
    wake();
    if (status != 0) online = true;  // an answer proves the network (status 0 proves nothing)
    switch (p.purpose) {
        case Purpose::catalog:
            return on_catalog_answer(status, body, etag);
        case Purpose::availability:
            return on_availability_answer(p.key, status, body);
        case Purpose::refresh:
            return on_refresh_answer(p.key, status, body);
        default:
            return on_booking_answer(p.purpose, status, body, retry_after);
    }
}

void App::on_catalog_answer(int status, const std::string& body, const std::string& etag) {
    if (status == 200) {
        double now_ms = platform::now_ms();
        use_catalog_json(body, false, now_ms);
        catalog_etag_ = etag;
        Json snapshot = {{"etag", etag}, {"as_of_ms", now_ms}, {"body", body}};
        platform::idb_put(kCatalogKey, snapshot.dump());
        catalog_refresh_failed = false;
        catalog_failed = false;
    } else if (status == 304 && catalog) {  // the cached catalogue is still current
        catalog_from_cache = false;
        catalog_refresh_failed = false;
        catalog_as_of_ms = platform::now_ms();
    } else if (!catalog) {
        catalog_failed = true;
    } else {
        catalog_refresh_failed = true;
    }
}

// A quiet status refresh for the list: failures change nothing and show nothing.
void App::on_refresh_answer(const std::string& code, int status, const std::string& body) {
    const SavedBooking* saved = bookings.find(code);
    auto answer = parse_booking(body);
    if (status != 200 || !saved || !answer || answer->code != code) return;
    answer->cpr = saved->cpr;
    bookings.put(*answer);
}

// Live times are saved for offline use; without an answer, the saved ones are used.
void App::on_availability_answer(const std::string& key, int status, const std::string& body) {
    if (availability.centre + "/" + availability.service != key) return;  // moved on since
    if (status == 200) {
        double now_ms = platform::now_ms();
        use_availability_json(body, now_ms);
        save_occupancy("occupancy/" + key, Json{{"as_of_ms", now_ms}, {"body", body}}.dump());
        return;
    }
    idb_pending_[next_request_] = IdbPurpose::occupancy;
    platform::idb_get(next_request_++, "occupancy/" + key);
}

void App::on_booking_answer(Purpose purpose, int status, const std::string& body, int retry_after) {
    outcome.pending = false;
    outcome.retry_after = retry_after;
    bool ok = status == 200 || status == 201;
    if (purpose == Purpose::alternatives) {
        if (status != 200) return;
        const Centre* c = centre();
        use_availability_json(body, platform::now_ms());
        outcome.alternatives.clear();
        for (const ViewSlot& s : parse_availability(body, c ? c->utc_offset_minutes : 180)) {
            if (s.free > 0 && s.start > flow.start) outcome.alternatives.push_back(s);
            if (outcome.alternatives.size() == 4) break;
        }
        return;
    }
    if (!ok) {
        outcome.error_key = error_key(status, body);
        if (error_code(body) == "slot_full") find_alternatives();
        return;
    }
    auto answer = parse_booking(body);
    if (!answer) {
        outcome.error_key = "error.internal_error";
        return;
    }
    const SavedBooking* saved = bookings.find(answer->code);
    answer->cpr = saved ? saved->cpr : input(kCpr);
    bookings.put(*answer);
    shown = *answer;
    if (purpose == Purpose::book || purpose == Purpose::reschedule) {
        last_was_move = purpose == Purpose::reschedule;
        flow.idempotency_key.clear();
        history_.clear();
        history_.push_back(Screen::home);
        screen = Screen::done;
        scroll_ = 0;
    }
    confirm_cancel = false;
}

void App::on_idb(int request, std::optional<std::string> value) {
    auto it = idb_pending_.find(request);
    if (it == idb_pending_.end()) return;
    IdbPurpose purpose = it->second;
    idb_pending_.erase(it);
    wake();
    if (purpose == IdbPurpose::catalog) {
        std::string etag;
        if (value) {
            Json j = Json::parse(*value, nullptr, false);
            etag = str(j, "etag");
            use_catalog_json(str(j, "body"), true, number(j, "as_of_ms"));
            catalog_etag_ = etag;
        }
        fetch_catalog(catalog ? etag : std::string());
    } else {
        use_occupancy_snapshot(value);
    }
}

void App::on_input(int field, std::string value) {
    set_input(field, std::move(value));
}

void App::on_gl_lost() {
    gl_lost_ = true;
}

void App::on_gl_restored() {
    // Everything on the GPU is gone: ImGui's font and buffers, and every text texture.
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplOpenGL3_Init("#version 300 es");
    text_.forget();
    gl_lost_ = false;
    wake();
}

void App::on_focus(int field) {
    focused_field_ = field;
    wake();
}

void App::on_activate(std::string widget_id) {
    activate_id_ = std::move(widget_id);
    wake();
}

void App::on_geo(int, bool ok, double lat, double lon) {
    locating = false;
    if (ok) {
        location = std::make_pair(lat, lon);
    } else {
        location_denied = true;
    }
    wake();
}

void App::on_online(bool is_online) {
    online = is_online;
    if (is_online && (catalog_refresh_failed || catalog_failed)) fetch_catalog(catalog_etag_);
    // Back online while looking at times computed from a snapshot: fetch the live ones.
    bool browsing = screen == Screen::days || screen == Screen::times;
    if (is_online && browsing && availability.from_snapshot) {
        auto keep_day = flow.day;
        load_availability();
        flow.day = keep_day;
    }
    if (staff) staff->on_online(is_online);
    wake();
}

void App::on_table(std::string lang, std::string json) {
    if (!tr.load(lang, json)) return;
    Json index = Json::parse(platform::language_index(), nullptr, false);
    language_count = index.is_array() ? static_cast<int>(index.size()) : 0;
    platform::set_document_language(tr.lang(), tr.rtl());
    if (screen == Screen::loading) screen = staff ? Screen::staff : Screen::home;
    if (screen == Screen::language) back();
    wake();
}

// ---------------------------------------------------------------- calendar and sharing

void App::download_ics() {
    if (!shown || !catalog) return;
    const Centre* c = find_centre(*catalog, shown->centre);
    const Service* s = find_service(*catalog, shown->service);
    auto start = parse_rfc3339(shown->start);
    if (!c || !s || !start) return;
    std::string centre_name(localized(c->name, tr.lang()));
    std::string service_name(localized(s->name, tr.lang()));
    CalendarEvent e;
    e.uid = shown->code + "@mawid.bh";
    e.start = start->instant;
    e.minutes = s->slot_minutes;
    e.stamp = now();
    e.summary = tr.format("ics.summary", {{"service", service_name}, {"centre", centre_name}});
    e.location = centre_name;
    e.description = tr.format("ics.description", {{"code", code_text(shown->code)}});
    e.lat = c->lat;
    e.lon = c->lon;
    platform::download("mawid-" + shown->code + ".ics", "text/calendar;charset=utf-8", make_ics(e));
}

void App::share_shown() {
    if (!shown || !catalog) return;
    const Centre* c = find_centre(*catalog, shown->centre);
    const Service* s = find_service(*catalog, shown->service);
    if (!c || !s) return;
    std::string text =
        tr.format("share.text", {{"service", std::string(localized(s->name, tr.lang()))},
                                 {"centre", std::string(localized(c->name, tr.lang()))},
                                 {"when", start_text(tr, shown->start)},
                                 {"code", code_text(shown->code)}});
    platform::share(tr("share.title"), text);
}

}  // namespace mawid::client
