// Plural forms of the server's messages by ICU's CLDR rules (libicu), so an SMS counts in
// the grammar of its language exactly as the apps do with the browser's Intl.PluralRules.
#pragma once

#include <string_view>

namespace mawid::server {

// The CLDR plural category of `n` in `lang` ("zero", "one", "two", "few", "many", "other");
// "other" when ICU has no rules for `lang`. Safe from any thread.
std::string_view icu_plural_category(std::string_view lang, long long n);

}  // namespace mawid::server
