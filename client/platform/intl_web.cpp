// The browser side of the platform seam's language rules (platform.hpp): plural categories
// from Intl.PluralRules and Gregorian month and weekday names from Intl.DateTimeFormat.
// Only EM_JS, no bridge: the client's unit tests (under Node.js, which has Intl too) link it.
#include <emscripten.h>

#include <array>
#include <string>

#include "platform.hpp"

// clang-format off
// The index of n's category in kCategories, or -1 when the browser has no rules for `lang`
// (an Intl without that locale would answer with another language's rules).
EM_JS(int, mawid_js_plural, (const char* lang, double n), {
    var tag = UTF8ToString(lang);
    var cache = Module.mawidPluralRules || (Module.mawidPluralRules = {});
    try {
        if (!(tag in cache)) {
            cache[tag] = Intl.PluralRules.supportedLocalesOf([tag]).length
                ? new Intl.PluralRules(tag) : null;
        }
        var rules = cache[tag];
        return rules ? ['zero', 'one', 'two', 'few', 'many', 'other'].indexOf(rules.select(n)) : -1;
    } catch (e) {
        return -1;
    }
});
// The names as JSON in `out` (at most `size` bytes); its length, 0 without Intl for `lang`.
// The first use of Intl's dates loads the browser's locale data: 50-150 ms of the main
// thread at start on this machine, more on a phone. So the names are kept on the device,
// with the browser that made them (a newer browser may name things differently).
EM_JS(int, mawid_js_calendar_names, (const char* lang, char* out, int size), {
    var tag = UTF8ToString(lang);
    var store = typeof localStorage === 'object' ? localStorage : null;
    var key = 'mawid.calendar.' + tag;
    var put = function(json) {
        if (lengthBytesUTF8(json) + 1 > size) return 0;
        stringToUTF8(json, out, size);
        return lengthBytesUTF8(json);
    };
    try {
        var kept = store && JSON.parse(store.getItem(key) || 'null');
        if (kept && kept.browser === navigator.userAgent) return put(kept.names);
    } catch (e) { /* storage blocked or spoilt: ask Intl */ }
    try {
        if (!Intl.DateTimeFormat.supportedLocalesOf([tag]).length) return 0;
        var names = function(options, dates) {
            options.calendar = 'gregory';
            options.timeZone = 'UTC';
            var format = new Intl.DateTimeFormat(tag, options);
            return dates.map(function(d) { return format.format(d); });
        };
        var months = [], days = [];
        for (var m = 0; m < 12; ++m) months.push(Date.UTC(2024, m, 15));
        for (var d = 0; d < 7; ++d) days.push(Date.UTC(2024, 0, 7 + d));  // 7 January 2024: a Sunday
        var json = JSON.stringify({
            month: names({month: 'long'}, months), month_short: names({month: 'short'}, months),
            weekday: names({weekday: 'long'}, days), weekday_short: names({weekday: 'short'}, days)});
        try {
            if (store) store.setItem(key, JSON.stringify({browser: navigator.userAgent, names: json}));
        } catch (e) { /* full or private mode: asked again next time */ }
        return put(json);
    } catch (e) {
        return 0;
    }
});
// clang-format on

namespace mawid::client::platform {

namespace {
constexpr std::array<std::string_view, 6> kCategories = {"zero", "one", "two",
                                                         "few",  "many", "other"};
}  // namespace

std::string_view plural_category(std::string_view lang, long long n) {
    std::string tag(lang);
    int index = mawid_js_plural(tag.c_str(), static_cast<double>(n));
    return index < 0 ? "other" : kCategories[static_cast<std::size_t>(index)];
}

std::string calendar_names(std::string_view lang) {
    std::string tag(lang);
    std::string out(8192, '\0');
    int length = mawid_js_calendar_names(tag.c_str(), out.data(), static_cast<int>(out.size()));
    out.resize(static_cast<std::size_t>(length));
    return out;
}

}  // namespace mawid::client::platform
