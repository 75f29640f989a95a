// Translation tables (assets/i18n/<tag>.json): every string the person sees.
// A table is a flat JSON object of "key": "text" plus "_meta": {name, dir}.
// Texts may hold named placeholders: "{count} free".
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace mawid::client {

class Strings {
public:
    // Replaces the table; false (and the old table kept) when the JSON is not a table.
    bool load(std::string_view lang, std::string_view json);

    bool loaded() const { return !lang_.empty(); }
    const std::string& lang() const { return lang_; }
    bool rtl() const { return rtl_; }

    // The text for `key`; the key itself when the table lacks it (visible in tests).
    const std::string& operator()(std::string_view key) const;

    // The text for `key` with {name} placeholders replaced.
    std::string format(std::string_view key,
                       std::initializer_list<std::pair<std::string_view, std::string>> args) const;

private:
    std::string lang_;
    bool rtl_ = false;
    std::unordered_map<std::string, std::string> texts_;
    mutable std::string missing_;
};

}  // namespace mawid::client
