#include "mawid/messages.hpp"

#include <array>
#include <utility>
#include <vector>

namespace mawid {
namespace {

constexpr std::array<std::pair<MessageKind, std::string_view>, 9> kKindNames = {{
    {MessageKind::confirmation, "confirmation"},
    {MessageKind::reminder_evening, "reminder_evening"},
    {MessageKind::reminder_soon, "reminder_soon"},
    {MessageKind::cancellation, "cancellation"},
    {MessageKind::move, "move"},
    {MessageKind::closure, "closure"},
    {MessageKind::turn_near, "turn_near"},
    {MessageKind::verification, "verification"},
    {MessageKind::reopened, "reopened"},
}};

// GSM 03.38: the basic alphabet (one septet each) and the extension table (an escape
// septet plus one). Every other character makes the whole message UCS-2.
constexpr std::u32string_view kGsmBasic =
    U"@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    U"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
constexpr std::u32string_view kGsmExtension = U"^{}\\[~]|€\f";

// The code points of a UTF-8 text; a malformed byte counts as U+FFFD (not GSM).
std::vector<char32_t> code_points(std::string_view text) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < text.size();) {
        auto byte = static_cast<unsigned char>(text[i]);
        int length = byte < 0x80 ? 1 : (byte >> 5) == 6 ? 2 : (byte >> 4) == 14 ? 3
                                     : (byte >> 3) == 30 ? 4 : 0;
        if (length == 0 || i + length > text.size()) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        char32_t c = length == 1 ? byte : byte & (0x7F >> length);
        for (int k = 1; k < length; ++k) c = (c << 6) | (text[i + k] & 0x3F);
        out.push_back(c);
        i += length;
    }
    return out;
}

int parts(int units, int single, int each) {
    if (units == 0) return 0;
    return units <= single ? 1 : (units + each - 1) / each;
}

std::string_view sms_key(MessageKind kind) {
    switch (kind) {
        case MessageKind::confirmation: return "sms.confirmation";
        case MessageKind::reminder_evening: return "sms.reminder_evening";
        case MessageKind::reminder_soon: return "sms.reminder_soon";
        case MessageKind::cancellation: return "sms.cancellation";
        case MessageKind::move: return "sms.move";
        case MessageKind::closure: return "sms.closure";
        case MessageKind::turn_near: return "sms.turn_near";
        case MessageKind::verification: return "sms.verification";
        case MessageKind::reopened: return "sms.reopened";
    }
    return "sms.confirmation";
}

}  // namespace

std::string_view message_kind_name(MessageKind kind) {
    for (const auto& [k, name] : kKindNames) {
        if (k == kind) return name;
    }
    return "confirmation";
}

std::optional<MessageKind> parse_message_kind(std::string_view name) {
    for (const auto& [kind, n] : kKindNames) {
        if (n == name) return kind;
    }
    return std::nullopt;
}

std::string sms_text(const Strings& table, MessageKind kind, const MessageFacts& facts) {
    std::string text = table.count(sms_key(kind), facts.count,
                                   {{"code", facts.code},
                                    {"centre", facts.centre},
                                    {"service", facts.service},
                                    {"when", table.digits(facts.when)},
                                    {"link", facts.link}});
    if (kind == MessageKind::confirmation && !facts.bring.empty()) {
        text += table.format("sms.bring", {{"bring", facts.bring}});
    }
    return text;
}

EmailText email_text(const Strings& table, MessageKind kind, const MessageFacts& facts) {
    const std::string prefix = "email." + std::string(message_kind_name(kind));
    const std::initializer_list<std::pair<std::string_view, std::string>> values = {
        {"code", facts.code},
        {"centre", facts.centre},
        {"service", facts.service},
        {"when", table.digits(facts.when)},
        {"link", facts.link}};
    EmailText email;
    email.subject = table.format(prefix + ".subject", values);
    email.body = table.format(prefix + ".body", values) + "\n";
    if (kind == MessageKind::confirmation && !facts.bring.empty()) {
        email.body += "\n" + table.format("email.bring", {{"bring", facts.bring}}) + "\n";
    }
    email.body += "\n" + table("email.footer") + "\n";
    return email;
}

int sms_segments(std::string_view text) {
    std::vector<char32_t> points = code_points(text);
    int septets = 0;
    bool gsm = true;
    for (char32_t c : points) {
        if (kGsmBasic.find(c) != std::u32string_view::npos) {
            septets += 1;
        } else if (kGsmExtension.find(c) != std::u32string_view::npos) {
            septets += 2;
        } else {
            gsm = false;
            break;
        }
    }
    if (gsm) return parts(septets, 160, 153);
    int units = 0;
    for (char32_t c : points) units += c > 0xFFFF ? 2 : 1;
    return parts(units, 70, 67);
}

}  // namespace mawid
