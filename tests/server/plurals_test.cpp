// Issue 13: the server's messages count by ICU's CLDR plural rules (libicu), the same rules
// the apps take from the browser's Intl.PluralRules, and every table has every form its
// language needs.
#include <doctest/doctest.h>

#include <unicode/locid.h>
#include <unicode/plurrule.h>
#include <unicode/strenum.h>

#include <mawid/codec.hpp>
#include <mawid/messages.hpp>

#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>

#include "messages/plurals.hpp"
#include "messages/sender.hpp"

using namespace mawid;
using mawid::server::icu_plural_category;

namespace {

constexpr const char* kLanguages[] = {"ar", "en", "ur", "hi", "bn", "fa"};
constexpr long long kCounts[] = {0, 1, 2, 3, 11, 100, 101};

// The categories ICU's rules for `lang` use: the forms a table of that language needs.
std::set<std::string> categories_of(const std::string& lang) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::PluralRules> rules(icu::PluralRules::forLocale(icu::Locale(lang.c_str()), status));
    REQUIRE(U_SUCCESS(status));
    std::unique_ptr<icu::StringEnumeration> keywords(rules->getKeywords(status));
    std::set<std::string> out;
    while (const char* keyword = keywords->next(nullptr, status)) out.insert(keyword);
    return out;
}

Json table_json(const std::string& lang) {
    std::ifstream file(std::string(MAWID_I18N) + "/" + lang + ".json");
    std::stringstream text;
    text << file.rdbuf();
    return Json::parse(text.str());
}

}  // namespace

TEST_SUITE("plurals") {
    TEST_CASE("ICU gives Arabic its six categories and the others one and other") {
        const char* arabic[] = {"zero", "one", "two", "few", "many", "other", "other"};
        for (std::size_t i = 0; i < std::size(kCounts); ++i) {
            CAPTURE(kCounts[i]);
            CHECK(icu_plural_category("ar", kCounts[i]) == arabic[i]);
        }
        CHECK(icu_plural_category("ar", 10) == "few");
        CHECK(icu_plural_category("ar", 99) == "many");
        CHECK(icu_plural_category("ar", 103) == "few");
        for (const char* lang : {"en", "ur"}) {  // one is exactly 1
            CHECK(icu_plural_category(lang, 0) == "other");
            CHECK(icu_plural_category(lang, 1) == "one");
            CHECK(icu_plural_category(lang, 2) == "other");
        }
        for (const char* lang : {"hi", "bn", "fa"}) {  // one is 0 and 1
            CHECK(icu_plural_category(lang, 0) == "one");
            CHECK(icu_plural_category(lang, 1) == "one");
            CHECK(icu_plural_category(lang, 2) == "other");
        }
        CHECK(categories_of("ar") ==
              std::set<std::string>{"zero", "one", "two", "few", "many", "other"});
        CHECK(icu_plural_category("qq", 1) == "other");  // no rules: the general form
    }

    TEST_CASE("every plural text has exactly its language's forms, each with the same placeholders") {
        const Json en = table_json("en");
        for (const std::string lang : kLanguages) {
            const Json table = table_json(lang);
            const std::set<std::string> needed = categories_of(lang);
            int plurals = 0;
            for (auto it = en.begin(); it != en.end(); ++it) {
                if (!it.value().is_object() || it.key() == "_meta") continue;
                ++plurals;
                const std::string key = it.key();
                CAPTURE(lang);
                CAPTURE(key);
                REQUIRE(table.contains(key));
                REQUIRE(table[key].is_object());
                std::set<std::string> forms;
                for (auto form = table[key].begin(); form != table[key].end(); ++form) {
                    forms.insert(form.key());
                    CHECK(form.value().is_string());
                }
                CHECK(forms == needed);
            }
            CHECK(plurals >= 10);
        }
    }

    TEST_CASE("the verification SMS counts its minutes in the grammar of each language") {
        auto tables = server::load_translations(MAWID_I18N);  // installs ICU's rules
        const Strings& ar = tables.at("ar");
        const char* expected[] = {"أقل من دقيقة", "دقيقة واحدة", "دقيقتين", "3 دقائق",
                                  "11 دقيقة", "100 دقيقة", "101 دقيقة"};
        for (std::size_t i = 0; i < std::size(kCounts); ++i) {
            MessageFacts facts;
            facts.code = "123456";
            facts.count = kCounts[i];
            std::string text = sms_text(ar, MessageKind::verification, facts);
            CAPTURE(text);
            CHECK(text == std::string("رمز موعد: 123456. صالح لمدة ") + expected[i] +
                              ". لا تشاركه مع أحد؛ موظفو موعد لا يطلبونه أبدًا.");
        }
        MessageFacts facts;
        facts.code = "123456";
        facts.count = 1;
        CHECK(sms_text(tables.at("en"), MessageKind::verification, facts).find("in 1 minute.") !=
              std::string::npos);
        facts.count = 5;
        CHECK(sms_text(tables.at("en"), MessageKind::verification, facts).find("in 5 minutes.") !=
              std::string::npos);
        CHECK(sms_text(tables.at("ur"), MessageKind::verification, facts).find("۵ منٹ") !=
              std::string::npos);
        CHECK(sms_text(tables.at("bn"), MessageKind::verification, facts).find("৫ মিনিটে") !=
              std::string::npos);
        CHECK(sms_text(tables.at("fa"), MessageKind::verification, facts).find("۵ دقیقه") !=
              std::string::npos);
        CHECK(sms_text(tables.at("hi"), MessageKind::verification, facts).find("5 मिनट") !=
              std::string::npos);
        // Every form of every plural text in every table for every count: no placeholder left.
        for (const auto& [lang, table] : tables) {
            for (long long n : kCounts) {
                facts.count = n;
                std::string text = sms_text(table, MessageKind::verification, facts);
                CAPTURE(lang);
                CAPTURE(text);
                CHECK(text.find('{') == std::string::npos);
                CHECK(text.find("123456") != std::string::npos);
            }
        }
    }
}
