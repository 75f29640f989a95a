#include "messages/channels.hpp"

#include <curl/curl.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>

namespace mawid::server {
namespace {

class OutboxFolder : public MessageChannel {
public:
    explicit OutboxFolder(std::string folder) : folder_(std::move(folder)) {
        std::filesystem::create_directories(folder_);
    }

    DeliveryOutcome send(const OutgoingMessage& message) override {
        const bool email = message.channel == "email";
        std::string name =
            std::to_string(message.id) + "-" + message.kind + (email ? ".eml" : ".txt");
        std::string path = folder_ + "/" + name;
        std::string temporary = path + ".partial";
        // An e-mail is its MIME message as it would be sent: a mail program opens it.
        std::string text = email ? message.body
                                 : "To: " + message.to + "\nKind: " + message.kind + "\n\n" +
                                       message.body + "\n";
        int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0) return {DeliveryOutcome::Result::retry, "cannot write the outbox folder"};
        bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fsync(fd) == 0;
        ::close(fd);
        if (!written || std::rename(temporary.c_str(), path.c_str()) != 0) {
            return {DeliveryOutcome::Result::retry, "cannot write the outbox folder"};
        }
        // The file's name only: the number, the address and the text stay out of the log.
        std::fprintf(stderr, "outbox: message %s written\n", name.c_str());
        return {};
    }

    void forget_older_than(std::chrono::seconds age) override {
        auto cutoff = std::filesystem::file_time_type::clock::now() - age;
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(folder_, ec)) {
            if (entry.last_write_time(ec) < cutoff) std::filesystem::remove(entry.path(), ec);
        }
    }

private:
    std::string folder_;
};

std::size_t discard(char*, std::size_t size, std::size_t count, void*) { return size * count; }

void start_curl() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

class SmsGateway : public MessageChannel {
public:
    SmsGateway(std::string url, std::string from, std::string credentials)
        : url_(std::move(url) + "/Messages"), from_(std::move(from)),
          credentials_(std::move(credentials)) {
        start_curl();
        curl_ = curl_easy_init();
    }
    ~SmsGateway() override { curl_easy_cleanup(curl_); }
    SmsGateway(const SmsGateway&) = delete;
    SmsGateway& operator=(const SmsGateway&) = delete;

    DeliveryOutcome send(const OutgoingMessage& sms) override {
        // One handle for every message: its connection (and TLS session) to the gateway is
        // kept between them, and reset() keeps it while clearing the last message's options.
        CURL* curl = curl_;
        if (!curl) return {DeliveryOutcome::Result::retry, "libcurl could not start"};
        curl_easy_reset(curl);
        std::string form = field(curl, "To", sms.to) + "&" + field(curl, "From", from_) + "&" +
                           field(curl, "Body", sms.body);
        std::string key = "Idempotency-Key: mawid-" + std::to_string(sms.id);
        curl_slist* headers = curl_slist_append(nullptr, key.c_str());
        curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form.c_str());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(form.size()));
        if (!credentials_.empty()) {
            curl_easy_setopt(curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
            curl_easy_setopt(curl, CURLOPT_USERPWD, credentials_.c_str());
        }
        curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
        curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 5L);
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
        CURLcode rc = curl_easy_perform(curl);
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        curl_slist_free_all(headers);
        if (rc != CURLE_OK) return {DeliveryOutcome::Result::retry, curl_easy_strerror(rc)};
        std::string why = "gateway answered " + std::to_string(status);
        if (status >= 200 && status < 300) return {};
        if (status == 408 || status == 429 || status >= 500) {
            return {DeliveryOutcome::Result::retry, why};
        }
        return {DeliveryOutcome::Result::permanent, why};
    }

private:
    static std::string field(CURL* curl, const char* name, const std::string& value) {
        char* escaped = curl_easy_escape(curl, value.c_str(), static_cast<int>(value.size()));
        std::string text = std::string(name) + "=" + (escaped ? escaped : "");
        curl_free(escaped);
        return text;
    }

    std::string url_;
    std::string from_;
    std::string credentials_;
    CURL* curl_ = nullptr;
};

// What libcurl reads the message from, a piece at a time.
struct Upload {
    std::string_view rest;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* data) {
    auto* upload = static_cast<Upload*>(data);
    std::size_t n = std::min(size * count, upload->rest.size());
    std::memcpy(buffer, upload->rest.data(), n);
    upload->rest.remove_prefix(n);
    return n;
}

class SmtpServer : public MessageChannel {
public:
    // The address is appended rather than "<" + from + ">", which GCC 12 warns about
    // wrongly (-Wrestrict).
    SmtpServer(std::string url, const std::string& from, const std::string& credentials)
        : url_(std::move(url)), from_(std::string("<").append(from).append(">")) {
        start_curl();
        std::size_t colon = credentials.find(':');
        if (!credentials.empty()) {
            user_ = credentials.substr(0, colon);
            if (colon != std::string::npos) secret_ = credentials.substr(colon + 1);
        }
    }

    DeliveryOutcome send(const OutgoingMessage& message) override {
        CURL* curl = curl_easy_init();
        if (!curl) return {DeliveryOutcome::Result::retry, "libcurl could not start"};
        std::string to = "<" + message.to + ">";
        curl_slist* recipients = curl_slist_append(nullptr, to.c_str());
        Upload upload{message.body};
        curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
        curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from_.c_str());
        curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
        curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_upload);
        curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
        curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
        if (!user_.empty()) {
            curl_easy_setopt(curl, CURLOPT_USERNAME, user_.c_str());
            curl_easy_setopt(curl, CURLOPT_PASSWORD, secret_.c_str());
        }
        // Credentials never cross the network in clear: with them, smtp:// must STARTTLS.
        curl_easy_setopt(curl, CURLOPT_USE_SSL,
                         user_.empty() ? static_cast<long>(CURLUSESSL_TRY)
                                       : static_cast<long>(CURLUSESSL_ALL));
        curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
        curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        CURLcode rc = curl_easy_perform(curl);
        long reply = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
        curl_slist_free_all(recipients);
        curl_easy_cleanup(curl);
        if (rc == CURLE_OK) return {};
        // The last reply says whose fault it is: 5xx will not change by trying again; a 4xx,
        // or no reply at all (refused, timed out, cut off), might.
        std::string why = reply > 0 ? "smtp server answered " + std::to_string(reply)
                                    : std::string(curl_easy_strerror(rc));
        if (reply >= 500 && reply < 600) return {DeliveryOutcome::Result::permanent, why};
        return {DeliveryOutcome::Result::retry, why};
    }

private:
    std::string url_;
    std::string from_;
    std::string user_;
    std::string secret_;
};

}  // namespace

std::unique_ptr<MessageChannel> outbox_folder(const std::string& folder) {
    return std::make_unique<OutboxFolder>(folder);
}

std::unique_ptr<MessageChannel> sms_gateway(const std::string& url, const std::string& from,
                                            const std::string& credentials) {
    return std::make_unique<SmsGateway>(url, from, credentials);
}

std::unique_ptr<MessageChannel> smtp_server(const std::string& url, const std::string& from,
                                            const std::string& credentials) {
    return std::make_unique<SmtpServer>(url, from, credentials);
}

}  // namespace mawid::server
