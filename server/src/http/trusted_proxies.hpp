// Who a request really comes from behind a reverse proxy. Only the proxies named with
// --trusted-proxy may say so (X-Forwarded-For, X-Forwarded-Proto); from anyone else these
// headers are ignored, or every client could pick its own address and escape its limits.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mawid::server {

struct ForwardedClient {
    std::string address;  // the client's address: rate limits and throttles key on it
    bool https = false;   // the scheme the client used
};

class TrustedProxies {
public:
    // Adds "10.0.0.0/8", "::1/128" or a bare address; false when it is not one.
    bool add(std::string_view cidr);
    bool empty() const { return networks_.empty(); }
    bool contains(std::string_view address) const;

    // The client of a request from `peer`: when the peer is trusted, the right-most address
    // of X-Forwarded-For that is not itself a trusted proxy, and X-Forwarded-Proto's scheme;
    // otherwise the peer itself, over plain HTTP.
    ForwardedClient resolve(const std::string& peer, std::string_view forwarded_for,
                            std::string_view forwarded_proto) const;

private:
    struct Network {
        std::vector<std::uint8_t> bytes;  // 4 (IPv4) or 16 (IPv6)
        int prefix = 0;
    };
    std::vector<Network> networks_;
};

}  // namespace mawid::server
