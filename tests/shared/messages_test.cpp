// SMS texts and their segment counts: GSM-7 for Latin text, UCS-2 as soon as one character
// (Arabic, an emoji) is outside the GSM alphabet.
#include <doctest/doctest.h>
#include <mawid/messages.hpp>

#include <fstream>
#include <map>
#include <sstream>

using namespace mawid;

namespace {

Strings table(const std::string& lang) {
    std::ifstream file(std::string(MAWID_ASSETS) + "/i18n/" + lang + ".json");
    std::stringstream text;
    text << file.rdbuf();
    Strings strings;
    REQUIRE(strings.load(lang, text.str()));
    return strings;
}

constexpr const char* kLanguages[] = {"ar", "en", "ur", "hi", "bn", "fa"};

// Every fact a message can name, each recognisable in its text.
MessageFacts full_facts() {
    return {"K7M4QX9TZ", "Isa Town", "Passport", "2026-12-08 08:00", "Old passport",
            "https://mawid.bh/?c=isa&s=pp"};
}

MessageFacts typical() {
    return {"K7M4QX9TZ", "", "", "2026-12-08 08:00", ""};
}

}  // namespace

TEST_SUITE("messages") {
    TEST_CASE("GSM-7: 160 septets in one SMS, 153 per part after; extension characters count two") {
        CHECK(sms_segments("") == 0);
        CHECK(sms_segments(std::string(160, 'a')) == 1);
        CHECK(sms_segments(std::string(161, 'a')) == 2);
        CHECK(sms_segments(std::string(306, 'a')) == 2);
        CHECK(sms_segments(std::string(307, 'a')) == 3);
        CHECK(sms_segments(std::string(80, '[')) == 1);  // 160 septets
        CHECK(sms_segments(std::string(81, '[')) == 2);
        CHECK(sms_segments("Café £5 @ Ä") == 1);
    }

    TEST_CASE("UCS-2: one Arabic letter makes the whole text 70 per SMS, 67 per part") {
        std::string arabic;
        for (int i = 0; i < 70; ++i) arabic += "م";
        CHECK(sms_segments(arabic) == 1);
        CHECK(sms_segments(arabic + "م") == 2);
        CHECK(sms_segments(std::string(69, 'a') + "م") == 1);
        CHECK(sms_segments(std::string(70, 'a') + "م") == 2);
        CHECK(sms_segments(std::string(68, 'a') + "😀") == 1);  // a surrogate pair: two units
        CHECK(sms_segments(std::string(69, 'a') + "😀") == 2);
    }

    TEST_CASE("every message is written from its table, with every placeholder filled") {
        for (const std::string lang : kLanguages) {
            Strings strings = table(lang);
            MessageFacts facts = full_facts();
            for (auto kind : {MessageKind::confirmation, MessageKind::reminder_evening,
                              MessageKind::reminder_soon, MessageKind::cancellation,
                              MessageKind::move, MessageKind::closure, MessageKind::turn_near,
                              MessageKind::verification, MessageKind::reopened}) {
                std::string text = sms_text(strings, kind, facts);
                CAPTURE(lang);
                CAPTURE(text);
                CHECK(text.find("K7M4QX9TZ") != std::string::npos);
                CHECK(text.find('{') == std::string::npos);
                CHECK(parse_message_kind(message_kind_name(kind)) == kind);
            }
            CHECK(sms_text(strings, MessageKind::confirmation, facts).find("Old passport") !=
                  std::string::npos);
            CHECK(sms_text(strings, MessageKind::closure, facts).ends_with(facts.link));
        }
    }

    TEST_CASE("as few segments as the words allow: one in English, two in Arabic") {
        MessageFacts facts = typical();
        facts.centre = "Isa Town Service Centre";
        facts.service = "Smart card renewal";
        std::string english = sms_text(table("en"), MessageKind::confirmation, facts);
        CHECK(sms_segments(english) == 1);  // GSM-7: nothing in it needs UCS-2
        facts.centre = "مركز خدمات مدينة عيسى";
        facts.service = "تجديد البطاقة الذكية";
        std::string arabic = sms_text(table("ar"), MessageKind::confirmation, facts);
        CHECK(sms_segments(arabic) == 2);
    }

    // Issue 13: SMS texts in the four new tables are kept as short as the Arabic one, so a
    // confirmation costs no more segments in Urdu, Hindi, Bengali or Persian (UCS-2).
    TEST_CASE("a confirmation is two SMS at most in every language that needs UCS-2") {
        const std::map<std::string, std::pair<std::string, std::string>> names = {
            {"ar", {"مركز خدمات مدينة عيسى", "تجديد البطاقة الذكية"}},
            {"ur", {"عیسیٰ ٹاؤن سروس سینٹر", "شناختی کارڈ کی تجدید"}},
            {"hi", {"ईसा टाउन सेवा केंद्र", "पहचान पत्र का नवीनीकरण"}},
            {"bn", {"ঈসা টাউন সেবা কেন্দ্র", "পরিচয়পত্র নবায়ন"}},
            {"fa", {"مرکز خدمات شهر عیسی", "تمدید کارت شناسایی"}},
        };
        for (const auto& entry : names) {
            const std::string lang = entry.first;  // a plain variable: CAPTURE is a lambda
            MessageFacts facts = typical();
            facts.centre = entry.second.first;
            facts.service = entry.second.second;
            Strings strings = table(lang);
            facts.when = strings.digits(facts.when);
            std::string text = sms_text(strings, MessageKind::confirmation, facts);
            CAPTURE(lang);
            CAPTURE(text);
            CHECK(sms_segments(text) <= 2);
            CHECK(sms_segments(sms_text(strings, MessageKind::turn_near, facts)) <= 2);
            CHECK(sms_segments(sms_text(strings, MessageKind::verification, facts)) <= 2);
            CHECK(sms_segments(sms_text(strings, MessageKind::reopened, facts)) <= 2);
        }
    }

    TEST_CASE("a closure notice with its link: two SMS in English, three in Arabic") {
        MessageFacts facts = typical();
        facts.link = "https://mawid.bh/?c=isa-town-service-centre&s=smart-card-renewal";
        facts.centre = "Isa Town Service Centre";
        facts.service = "Smart card renewal";
        CHECK(sms_segments(sms_text(table("en"), MessageKind::closure, facts)) == 2);
        CHECK(sms_segments(sms_text(table("en"), MessageKind::turn_near, facts)) == 1);
        facts.centre = "مركز خدمات مدينة عيسى";
        facts.service = "تجديد البطاقة الذكية";
        CHECK(sms_segments(sms_text(table("ar"), MessageKind::closure, facts)) == 3);
        CHECK(sms_segments(sms_text(table("ar"), MessageKind::turn_near, facts)) == 2);
    }

    TEST_CASE("every e-mail has a one-line subject and a body from its table, all filled") {
        for (const std::string lang : kLanguages) {
            Strings strings = table(lang);
            MessageFacts facts = full_facts();
            for (auto kind : {MessageKind::confirmation, MessageKind::reminder_evening,
                              MessageKind::reminder_soon, MessageKind::cancellation,
                              MessageKind::move, MessageKind::closure, MessageKind::reopened}) {
                EmailText email = email_text(strings, kind, facts);
                CAPTURE(lang);
                CAPTURE(email.subject);
                CAPTURE(email.body);
                CHECK(email.subject.find('\n') == std::string::npos);
                CHECK(email.subject.rfind("email.", 0) == std::string::npos);  // not a bare key
                CHECK(email.body.find("K7M4QX9TZ") != std::string::npos);
                CHECK(email.body.find("Isa Town") != std::string::npos);
                CHECK((email.subject + email.body).find('{') == std::string::npos);
                CHECK(email.body.find(strings("email.footer")) != std::string::npos);
                CHECK(email.body.back() == '\n');
            }
            CHECK(email_text(strings, MessageKind::confirmation, facts).body.find("Old passport") !=
                  std::string::npos);
            CHECK(email_text(strings, MessageKind::cancellation, facts).body.find("Old passport") ==
                  std::string::npos);
        }
        MessageFacts facts = typical();
        CHECK(email_text(table("en"), MessageKind::move, facts).subject ==
              "Booking K7M4QX9TZ is moved to 2026-12-08 08:00");
        CHECK(email_text(table("ar"), MessageKind::cancellation, facts).subject ==
              "أُلغي الحجز K7M4QX9TZ");
    }
}
