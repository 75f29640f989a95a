// Staff sign in with a user name and password (real HTML inputs; the password one is
// type=password, so the browser masks it and may offer to save it).
#include "staff_screens.hpp"

namespace mawid::client::staff::screens {

void signin(Controller& c, ui::Column& col) {
    const Strings& tr = c.app.tr;
    ui::title(col, "staff/signin/title", tr("staff.signin.heading"));
    ui::paragraph(col, "staff/signin/intro", tr("staff.signin.intro"), ui::TextStyle::body,
                  ui::colour::muted);
    if (!c.app.online)
        ui::notice(col, "staff/signin/offline", tr("staff.signin.offline"), ui::Tone::warning);
    ui::field(col, kUser, tr("staff.signin.username"), platform::InputKind::text, c.input(kUser),
              {});
    ui::field(col, kPassword, tr("staff.signin.password"), platform::InputKind::password,
              c.input(kPassword), {});
    message(c, col, "staff/signin/message", c.signin_message);
    if (ui::button(col, "staff/signin/go", tr("staff.signin.go"), ui::Kind::primary,
                   !c.signin_busy)) {
        c.sign_in();
    }
    if (!c.queue.empty()) {
        ui::notice(col, "staff/queue",
                   tr.count("staff.queue.waiting", static_cast<long long>(c.queue.size())),
                   ui::Tone::warning);
    }
}

}  // namespace mawid::client::staff::screens
