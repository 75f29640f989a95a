// The centre app's wasm (dist/staff/mawid-staff.wasm): the shell hosting the centre app.
#include "shell.hpp"
#include "staff.hpp"

namespace {
mawid::client::Shell g_shell;
mawid::client::staff::Controller g_app(g_shell);
void frame() {
    g_shell.frame();
}
}  // namespace

int main() {
    g_shell.start(g_app, frame);
    return 0;
}
