// The browser side of the centre app's part of the platform seam (platform_centre.hpp):
// the camera scanner (web/staff.js), which hands a code it reads to the app as if typed
// into the field (mawid_on_input).
#include <emscripten.h>

#include "platform_centre.hpp"

// clang-format off
EM_JS(int, mawid_js_can_scan, (), {
    return window.MawidStaff && window.MawidStaff.canScan() ? 1 : 0;
});
EM_JS(void, mawid_js_scan_start, (int field), {
    if (window.MawidStaff) window.MawidStaff.scan(function(text) {
        Module._mawid_on_input(field, MawidShell.cstr(text));
    });
});
EM_JS(void, mawid_js_pick_file, (int field), {
    if (window.MawidStaff) window.MawidStaff.pickFile(function(text) {
        Module._mawid_on_input(field, MawidShell.cstr(text));
    });
});
EM_JS(void, mawid_js_scan_stop, (), {
    if (window.MawidStaff) window.MawidStaff.stopScan();
});
// clang-format on

namespace mawid::client::platform {

bool can_scan() {
    return mawid_js_can_scan() != 0;
}
void scan_start(int field) {
    mawid_js_scan_start(field);
}
void scan_stop() {
    mawid_js_scan_stop();
}
void pick_file(int field) {
    mawid_js_pick_file(field);
}

}  // namespace mawid::client::platform
