// The citizen app's wasm (dist/mawid.wasm): the shell hosting the citizen app.
#include "citizen_app.hpp"
#include "shell.hpp"

namespace {
mawid::client::Shell g_shell;
mawid::client::CitizenApp g_app(g_shell);
void frame() {
    g_shell.frame();
}
}  // namespace

int main() {
    g_shell.start(g_app, frame);
    return 0;
}
