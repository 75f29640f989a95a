#include "messages/plurals.hpp"

#include <unicode/locid.h>
#include <unicode/plurrule.h>
#include <unicode/unistr.h>

#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace mawid::server {
namespace {

constexpr std::array<std::string_view, 6> kCategories = {"zero", "one", "two",
                                                         "few",  "many", "other"};

// ICU's rules of `lang`, made once per language (null when ICU has none).
const icu::PluralRules* rules_of(const std::string& lang) {
    static std::mutex mutex;
    static std::map<std::string, std::unique_ptr<icu::PluralRules>> cache;
    std::lock_guard lock(mutex);
    auto found = cache.find(lang);
    if (found != cache.end()) return found->second.get();
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale locale(lang.c_str());
    std::unique_ptr<icu::PluralRules> rules(icu::PluralRules::forLocale(locale, status));
    // An unknown language gets the root rules ("other" for everything): the same answer.
    if (U_FAILURE(status)) rules.reset();
    return cache.emplace(lang, std::move(rules)).first->second.get();
}

}  // namespace

std::string_view icu_plural_category(std::string_view lang, long long n) {
    const icu::PluralRules* rules = rules_of(std::string(lang));
    if (!rules) return "other";
    std::string keyword;
    rules->select(static_cast<double>(n)).toUTF8String(keyword);
    for (std::string_view category : kCategories) {
        if (category == keyword) return category;
    }
    return "other";
}

}  // namespace mawid::server
