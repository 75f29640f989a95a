#include "i18n.hpp"

#include <mawid/codec.hpp>

namespace mawid::client {

bool Strings::load(std::string_view lang, std::string_view json) {
    Json table = Json::parse(json, nullptr, /*allow_exceptions=*/false);
    if (table.is_discarded() || !table.is_object()) return false;
    std::unordered_map<std::string, std::string> texts;
    bool rtl = false;
    for (auto it = table.begin(); it != table.end(); ++it) {
        if (it.key() == "_meta") {
            const Json& meta = it.value();
            rtl = meta.is_object() && meta.value("dir", std::string("ltr")) == "rtl";
        } else if (it.value().is_string()) {
            texts.emplace(it.key(), it.value().get<std::string>());
        }
    }
    texts_ = std::move(texts);
    lang_ = std::string(lang);
    rtl_ = rtl;
    return true;
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
    std::string text = (*this)(key);
    for (const auto& [name, value] : args) {
        std::string token = "{" + std::string(name) + "}";
        for (size_t at = text.find(token); at != std::string::npos;
             at = text.find(token, at + value.size())) {
            text.replace(at, token.size(), value);
        }
    }
    return text;
}

}  // namespace mawid::client
