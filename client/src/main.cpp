// Mawid citizen app: entry point. Everything else lives in App.
#include "app.hpp"

namespace {
mawid::client::App g_app;
void frame() {
    g_app.frame();
}
}  // namespace

int main() {
    if (!g_app.start()) return 1;
    mawid::client::platform::run_main_loop(frame);
    return 0;
}
