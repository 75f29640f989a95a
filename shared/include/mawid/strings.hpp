// Translation tables (assets/i18n/<tag>.json): every string a person sees or receives, in
// the apps and in the messages the server sends.
// A table is a flat JSON object of "key": "text" plus "_meta": {name, dir, digits?,
// fallback?}. "fallback" lists the languages to read a catalogue name in when the
// catalogue lacks this table's language, before English and Arabic.
// "digits" names the digits numbers are written with: "latn" (0-9, the default), "arab"
// (٠-٩), "arabext" (۰-۹, Persian and Urdu), "deva" (०-९) or "beng" (০-৯).
// Texts may hold named placeholders: "{count} free".
// A text that counts something is an object of CLDR plural forms instead of a string:
// {"one": "{count} free place", "other": "{count} free places"} (Arabic has all six:
// zero, one, two, few, many, other). The number that picks the form is always {count}.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace mawid {

// The CLDR plural category ("zero", "one", "two", "few", "many" or "other") of the count
// `n` in language `lang`. Shared code knows no rules of its own: the apps install the
// browser's Intl.PluralRules, the server ICU's PluralRules.
using PluralRule = std::string_view (*)(std::string_view lang, long long n);

// The rule every table picks its plural forms by (set once, before any thread reads a
// table); until one is set, every count takes the "other" form.
void set_plural_rule(PluralRule rule);

class Strings {
public:
    // Replaces the table; false (and the old table kept) when the JSON is not a table.
    bool load(std::string_view lang, std::string_view json);

    bool loaded() const { return !lang_.empty(); }
    const std::string& lang() const { return lang_; }
    bool rtl() const { return rtl_; }
    // The languages to read a catalogue text in, best first: this table's, its
    // "_meta.fallback" list, English, Arabic (see localized() in catalog.hpp).
    const std::vector<std::string>& chain() const { return chain_; }

    // Sets the text of `key` (the apps put the browser's names of months and weekdays).
    void put(std::string key, std::string text) { texts_[std::move(key)] = std::move(text); }

    // The text for `key`; the key itself when the table lacks it (visible in tests).
    const std::string& operator()(std::string_view key) const;

    // ASCII digits in `text` written with the table's digits (times, dates, counts;
    // never codes, phone or CPR numbers, which stay as they are typed and read).
    std::string digits(std::string_view text) const;
    std::string number(long long n) const { return digits(std::to_string(n)); }

    // The text for `key` with {name} placeholders replaced.
    std::string format(std::string_view key,
                       std::initializer_list<std::pair<std::string_view, std::string>> args) const;

    // True when `key` is a plural object (its text depends on a count).
    bool plural(std::string_view key) const;
    // The form of plural `key` for the count `n` (placeholders unfilled): the category the
    // plural rule gives, else "other"; the plain text when `key` is not plural.
    const std::string& form(std::string_view key, long long n) const;
    // The form of `key` for `n` with {count} as `n` in the table's digits and the other
    // placeholders replaced: "3 أماكن متاحة", "11 مكانًا متاحًا".
    std::string count(std::string_view key, long long n,
                      std::initializer_list<std::pair<std::string_view, std::string>> args = {}) const;

private:
    std::string lang_;
    bool rtl_ = false;
    std::vector<std::string> chain_;
    std::string zero_;  // UTF-8 of the digit zero; empty for ASCII
    std::unordered_map<std::string, std::string> texts_;  // plural keys: their "other" form
    std::unordered_map<std::string, std::unordered_map<std::string, std::string>> plurals_;
    mutable std::string missing_;
};

}  // namespace mawid
