#include "http/request_parsing.hpp"

#include <cctype>
#include <charconv>

namespace mawid::server {

std::string_view trim_blanks(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

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

Result<int> page_size_param(std::string_view query) {
    auto text = query_param(query, "limit");
    if (!text) return kDefaultPageSize;
    auto limit = parse_page_size(*text);
    if (!limit) return make_error(ErrorCode::bad_request, "limit", "Expected 1 to 1000.");
    return *limit;
}

Result<PageRequest<BookingCursor>> booking_page_param(std::string_view query) {
    auto limit = page_size_param(query);
    if (!limit) return limit.error();
    PageRequest<BookingCursor> page{*limit, {}};
    if (auto text = query_param(query, "after")) {
        auto cursor = parse_booking_cursor(*text);
        if (!cursor) {
            return make_error(ErrorCode::bad_request, "after",
                              "Expected the next_after of the previous page.");
        }
        page.after = std::move(*cursor);
    }
    return page;
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
    auto json = parse_json_once_each(body);
    if (!json) return json.error();
    if (!json->is_object()) {
        return make_error(ErrorCode::bad_request, "", "Expected a JSON object.");
    }
    return json;
}

namespace {

Error bad(const char* field, const char* message) {
    return make_error(ErrorCode::bad_request, field, message);
}

}  // namespace

Result<BodyFields> read_body(std::string_view body, std::initializer_list<FieldSpec> fields) {
    auto json = object_body(body);
    if (!json) return json.error();
    BodyFields out;
    out.json_ = std::move(json).value();
    for (const auto& item : out.json_.items()) {
        bool known = false;
        for (const FieldSpec& field : fields) known = known || item.key() == field.name;
        if (!known) return make_error(ErrorCode::bad_request, item.key(), "Unknown field.");
    }
    for (const FieldSpec& field : fields) {
        const bool present = out.json_.contains(field.name);
        if (!present && !field.required && field.type != FieldType::boolean) continue;
        const Json* value = present ? &out.json_[field.name] : nullptr;
        switch (field.type) {
            case FieldType::any:
                break;
            case FieldType::boolean:
                if (!value) {
                    out.flags_[field.name] = false;
                } else if (!value->is_boolean()) {
                    return bad(field.name, "Expected true or false.");
                } else {
                    out.flags_[field.name] = value->get<bool>();
                }
                break;
            case FieldType::string:
            case FieldType::date:
            case FieldType::instant: {
                auto text = string_field(out.json_, field.name);
                if (!text) return text.error();
                if (field.type == FieldType::string) {
                    out.texts_[field.name] = std::move(text).value();
                } else if (field.type == FieldType::date) {
                    auto date = parse_date(*text);
                    if (!date) return bad(field.name, "Expected a real date as YYYY-MM-DD.");
                    out.dates_[field.name] = *date;
                } else {
                    auto time = parse_rfc3339(*text);
                    if (!time) {
                        return bad(field.name,
                                   "Expected an RFC 3339 time in whole seconds, such as "
                                   "2026-12-06T09:30:00+03:00.");
                    }
                    out.instants_[field.name] = time->instant;
                }
                break;
            }
        }
    }
    return out;
}

bool changes_state(std::string_view method) {
    return method == "POST" || method == "PUT" || method == "DELETE" || method == "PATCH";
}

}  // namespace mawid::server
