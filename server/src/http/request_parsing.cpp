#include "http/request_parsing.hpp"

#include <cctype>
#include <charconv>

namespace mawid::server {

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '+' && plus_is_space) {
            out += ' ';
        } else if (c == '%') {
            if (i + 2 >= text.size()) return std::nullopt;
            unsigned value = 0;
            auto [end, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
            if (ec != std::errc() || end != text.data() + i + 3) return std::nullopt;
            out += static_cast<char>(value);
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

std::optional<std::string> query_param(std::string_view query, std::string_view name) {
    std::optional<std::string> found;
    while (!query.empty()) {
        std::size_t amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        std::size_t eq = pair.find('=');
        if (pair.substr(0, eq) == name) {
            std::string_view value = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
            found = percent_decode(value, true).value_or(std::string(1, '\0'));
        }
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return found;
}

bool is_json_media_type(std::string_view content_type) {
    std::string_view type = content_type.substr(0, content_type.find(';'));
    while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
    constexpr std::string_view kJson = "application/json";
    if (type.size() != kJson.size()) return false;
    for (std::size_t i = 0; i < type.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(type[i])) != kJson[i]) return false;
    }
    return true;
}

Result<Json> object_body(std::string_view body) {
    auto json = parse_json(body);
    if (!json) return json.error();
    if (!json->is_object()) {
        return make_error(ErrorCode::bad_request, "", "Expected a JSON object.");
    }
    return json;
}

std::optional<Error> unknown_field(const Json& object, std::initializer_list<const char*> known) {
    for (const auto& item : object.items()) {
        bool ok = false;
        for (const char* name : known) ok = ok || item.key() == name;
        if (!ok) return make_error(ErrorCode::bad_request, item.key(), "Unknown field.");
    }
    return std::nullopt;
}

bool changes_state(std::string_view method) {
    return method == "POST" || method == "PUT" || method == "DELETE" || method == "PATCH";
}

Result<Date> date_member(const Json& body, const char* field) {
    auto text = string_field(body, field);
    if (!text) return text.error();
    auto date = parse_date(*text);
    if (!date)
        return make_error(ErrorCode::bad_request, field, "Expected a real date as YYYY-MM-DD.");
    return *date;
}

Result<bool> dry_run_member(const Json& body) {
    if (!body.contains("dry_run")) return false;
    if (!body["dry_run"].is_boolean()) {
        return make_error(ErrorCode::bad_request, "dry_run", "Expected true or false.");
    }
    return body["dry_run"].get<bool>();
}

}  // namespace mawid::server
