// An admin's change to an account (POST /api/v1/staff/users/{username}): role and centre under
// the rules of account creation, disabling and enabling, a forced password change; the rules
// that keep an admin in charge, the sessions a change ends, and its lines in the audit trail.
// Beast-free; the writer runs run_account_change.
#pragma once

#include <mawid/catalog.hpp>
#include <mawid/errors.hpp>
#include <mawid/staff.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "http/http_types.hpp"
#include "storage/store.hpp"

namespace mawid::server {

// The rule of account creation and change: an admin has no centre (""), anyone else one
// centre of the catalogue. bad_request or unknown_centre, naming "centre".
Status check_member_centre(const StaffMember& member, const Catalog& catalog);

// What an admin asked to change; what is absent stays as it is.
struct AccountChange {
    std::optional<Role> role;
    std::optional<std::string> centre;  // "" for null (an admin's)
    std::optional<bool> disabled;
    std::optional<bool> must_change_password;
};

// Reads the body {"role"?, "centre"?, "disabled"?, "must_change_password"?}: bad_request
// naming the field at fault, or when it names nothing to change.
Result<AccountChange> read_account_change(std::string_view body);

struct AccountChangeWork {
    std::string admin;     // who asks
    std::string username;  // whose account
    AccountChange change;
    UnixSeconds now = 0;
};

// Inside the writer's transaction: checks the change against the account as it is now (404
// not_found, the centre rule, 409 own_account when an admin would disable themselves, 409
// last_admin when no enabled admin would be left), writes it, ends the sessions of a changed
// role or centre and of an account enabled again (disabled ones are refused as they come),
// and records each kind of change in the audit trail. 200 the account as it now is.
HttpResponse run_account_change(WriteStore& store, const AccountChangeWork& work,
                                const Catalog& catalog);

}  // namespace mawid::server
