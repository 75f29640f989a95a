// Translation tables (assets/i18n/<tag>.json): every string a person sees or receives, in
// the apps and in the messages the server sends.
// A table is a flat JSON object of "key": "text" plus "_meta": {name, dir, digits?,
// fallback?}. "fallback" lists the languages to read a catalogue name in when the
// catalogue lacks this table's language, before English and Arabic.
// "digits" names the digits numbers are written with: "latn" (0-9, the default), "arab"
// (٠-٩), "arabext" (۰-۹, Persian and Urdu), "deva" (०-९) or "beng" (০-৯).
// Texts may hold named placeholders: "{count} free".
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace mawid {

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

    // The text for `key`; the key itself when the table lacks it (visible in tests).
    const std::string& operator()(std::string_view key) const;

    // ASCII digits in `text` written with the table's digits (times, dates, counts;
    // never codes, phone or CPR numbers, which stay as they are typed and read).
    std::string digits(std::string_view text) const;
    std::string number(long long n) const { return digits(std::to_string(n)); }

    // The text for `key` with {name} placeholders replaced.
    std::string format(std::string_view key,
                       std::initializer_list<std::pair<std::string_view, std::string>> args) const;

private:
    std::string lang_;
    bool rtl_ = false;
    std::vector<std::string> chain_;
    std::string zero_;  // UTF-8 of the digit zero; empty for ASCII
    std::unordered_map<std::string, std::string> texts_;
    mutable std::string missing_;
};

}  // namespace mawid
