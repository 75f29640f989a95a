#include "session.hpp"

#include "json_read.hpp"

namespace mawid::client {

namespace {
bool flag(const Json& j, const char* field) {
    if (!j.is_object()) return false;
    auto it = j.find(field);
    return it != j.end() && it->is_boolean() && it->get<bool>();
}
}  // namespace

void read_config(CitizenSession& session, int status, const std::string& body) {
    Json j = parse(body);
    if (status != 200 || !j.is_object() || !j.contains("verification")) return;
    session.verification = flag(j, "verification");
    session.identity_offered = flag(j, "identity");
}

void read_me(CitizenSession& session, int status, const std::string& body) {
    if (status == 401) return forget_session(session);
    if (status != 200) return;
    Json j = parse(body);
    session.phone = str(j, "phone");
    session.identity = flag(j, "identity");  // a national identity's session has no phone
}

void forget_session(CitizenSession& session) {
    session.phone.clear();
    session.identity = false;
}

bool signed_in(const CitizenSession& session) {
    return session.identity || !session.phone.empty();
}

bool must_verify(const CitizenSession& session, const std::string& phone) {
    return session.verification.value_or(false) && !session.identity && session.phone != phone;
}

bool needs_session(const CitizenSession& session) {
    return session.verification.value_or(false) && !signed_in(session);
}

bool asks_cpr(const CitizenSession& session) {
    return !session.identity;
}

bool offers_identity(const CitizenSession& session) {
    return session.verification.value_or(false) && session.identity_offered;
}

}  // namespace mawid::client
