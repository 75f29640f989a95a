#include "mawid/strings.hpp"

#include <mawid/codec.hpp>

#include <algorithm>

namespace mawid {

namespace {

PluralRule g_plural_rule = nullptr;

// Replaces every {name} of `args` in `text`.
std::string fill(std::string text,
                 std::initializer_list<std::pair<std::string_view, std::string>> args) {
    for (const auto& [name, value] : args) {
        std::string token = "{" + std::string(name) + "}";
        for (size_t at = text.find(token); at != std::string::npos;
             at = text.find(token, at + value.size())) {
            text.replace(at, token.size(), value);
        }
    }
    return text;
}

// The code point of zero in each digit system a table may ask for.
char32_t zero_of(const std::string& digits) {
    if (digits == "arab") return 0x0660;
    if (digits == "arabext") return 0x06F0;
    if (digits == "deva") return 0x0966;
    if (digits == "beng") return 0x09E6;
    return U'0';
}

std::string utf8(char32_t c) {
    std::string out;
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
    return out;
}

// `lang`, then the table's own fallback list, then English, then Arabic, each once.
std::vector<std::string> chain_of(std::string_view lang, const Json& meta) {
    std::vector<std::string> chain{std::string(lang)};
    auto add = [&chain](const std::string& tag) {
        if (!tag.empty() && std::find(chain.begin(), chain.end(), tag) == chain.end()) {
            chain.push_back(tag);
        }
    };
    if (meta.is_object() && meta.contains("fallback") && meta["fallback"].is_array()) {
        for (const Json& tag : meta["fallback"]) {
            if (tag.is_string()) add(tag.get<std::string>());
        }
    }
    add("en");
    add("ar");
    return chain;
}

}  // namespace

void set_plural_rule(PluralRule rule) {
    g_plural_rule = rule;
}

bool Strings::load(std::string_view lang, std::string_view json) {
    Json table = Json::parse(json, nullptr, /*allow_exceptions=*/false);
    if (table.is_discarded() || !table.is_object()) return false;
    std::unordered_map<std::string, std::string> texts;
    std::unordered_map<std::string, std::unordered_map<std::string, std::string>> plurals;
    bool rtl = false;
    char32_t zero = U'0';
    Json meta_of_table;
    for (auto it = table.begin(); it != table.end(); ++it) {
        if (it.key() == "_meta") {
            const Json& meta = it.value();
            meta_of_table = meta;
            rtl = meta.is_object() && meta.value("dir", std::string("ltr")) == "rtl";
            if (meta.is_object()) zero = zero_of(meta.value("digits", std::string("latn")));
        } else if (it.value().is_string()) {
            texts.emplace(it.key(), it.value().get<std::string>());
        } else if (it.value().is_object()) {
            auto& forms = plurals[it.key()];
            for (auto form = it.value().begin(); form != it.value().end(); ++form) {
                if (form.value().is_string()) forms[form.key()] = form.value().get<std::string>();
            }
            // Read as a plain text (a count not given), the key shows its general form.
            if (forms.count("other")) texts.emplace(it.key(), forms["other"]);
        }
    }
    texts_ = std::move(texts);
    plurals_ = std::move(plurals);
    lang_ = std::string(lang);
    chain_ = chain_of(lang, meta_of_table);
    rtl_ = rtl;
    zero_ = zero == U'0' ? std::string() : utf8(zero);
    return true;
}

std::string Strings::digits(std::string_view text) const {
    if (zero_.empty()) return std::string(text);
    // Every digit system above is ten consecutive code points, so the last byte of the
    // UTF-8 of zero plus the digit's value is the digit (none of them crosses a 64 boundary).
    std::string out;
    for (char c : text) {
        if (c < '0' || c > '9') {
            out += c;
            continue;
        }
        std::string d = zero_;
        d.back() = static_cast<char>(d.back() + (c - '0'));
        out += d;
    }
    return out;
}

const std::string& Strings::operator()(std::string_view key) const {
    auto it = texts_.find(std::string(key));
    if (it != texts_.end()) return it->second;
    missing_ = std::string(key);
    return missing_;
}

std::string Strings::format(
    std::string_view key,
    std::initializer_list<std::pair<std::string_view, std::string>> args) const {
    return fill((*this)(key), args);
}

bool Strings::plural(std::string_view key) const {
    return plurals_.count(std::string(key)) > 0;
}

const std::string& Strings::form(std::string_view key, long long n) const {
    auto forms = plurals_.find(std::string(key));
    if (forms == plurals_.end()) return (*this)(key);
    if (g_plural_rule) {
        auto chosen = forms->second.find(std::string(g_plural_rule(lang_, n)));
        if (chosen != forms->second.end()) return chosen->second;
    }
    return (*this)(key);  // the "other" form
}

std::string Strings::count(
    std::string_view key, long long n,
    std::initializer_list<std::pair<std::string_view, std::string>> args) const {
    return fill(fill(form(key, n), {{"count", number(n)}}), args);
}

}  // namespace mawid
