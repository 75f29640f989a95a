#include "http/trusted_proxies.hpp"

#include <boost/asio/ip/address.hpp>

#include <charconv>
#include <optional>

#include "http/request_parsing.hpp"

namespace mawid::server {

namespace {

// The bytes of an address (an IPv4-mapped IPv6 address as IPv4); nullopt when malformed.
std::optional<std::vector<std::uint8_t>> address_bytes(std::string_view text) {
    boost::system::error_code ec;
    auto address = boost::asio::ip::make_address(std::string(text), ec);
    if (ec) return std::nullopt;
    if (address.is_v6() && address.to_v6().is_v4_mapped()) {
        address = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
    }
    if (address.is_v4()) {
        auto b = address.to_v4().to_bytes();
        return std::vector<std::uint8_t>(b.begin(), b.end());
    }
    auto b = address.to_v6().to_bytes();
    return std::vector<std::uint8_t>(b.begin(), b.end());
}

}  // namespace

bool TrustedProxies::add(std::string_view cidr) {
    std::size_t slash = cidr.find('/');
    auto bytes = address_bytes(cidr.substr(0, slash));
    if (!bytes) return false;
    int bits = static_cast<int>(bytes->size()) * 8;
    int prefix = bits;
    if (slash != std::string_view::npos) {
        std::string_view digits = cidr.substr(slash + 1);
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
        if (ec != std::errc() || end != digits.data() + digits.size() || prefix < 0 ||
            prefix > bits) {
            return false;
        }
    }
    networks_.push_back({std::move(*bytes), prefix});
    return true;
}

bool TrustedProxies::contains(std::string_view address) const {
    auto bytes = address_bytes(trim_blanks(address));
    if (!bytes) return false;
    for (const Network& network : networks_) {
        if (network.bytes.size() != bytes->size()) continue;
        int whole = network.prefix / 8, rest = network.prefix % 8;
        bool inside =
            std::equal(network.bytes.begin(), network.bytes.begin() + whole, bytes->begin());
        if (inside && rest > 0) {
            auto mask = static_cast<std::uint8_t>(0xFF << (8 - rest));
            inside = (network.bytes[whole] & mask) == ((*bytes)[whole] & mask);
        }
        if (inside) return true;
    }
    return false;
}

ForwardedClient TrustedProxies::resolve(const std::string& peer, std::string_view forwarded_for,
                                        std::string_view forwarded_proto) const {
    if (!contains(peer)) return {peer, false};
    ForwardedClient client{peer, false};
    // Right to left: each trusted proxy appended the address it saw; the first one that is not
    // a trusted proxy is the client (anything left of it, the client could have written).
    std::string_view list = forwarded_for;
    while (!list.empty()) {
        std::size_t comma = list.rfind(',');
        std::string_view hop =
            trim_blanks(comma == std::string_view::npos ? list : list.substr(comma + 1));
        list = comma == std::string_view::npos ? std::string_view() : list.substr(0, comma);
        if (!address_bytes(hop)) break;  // malformed: believe nothing further left
        client.address = std::string(hop);
        if (!contains(hop)) break;
    }
    // The proxy nearest us writes the scheme last.
    std::size_t comma = forwarded_proto.rfind(',');
    std::string_view proto =
        trim_blanks(comma == std::string_view::npos ? forwarded_proto : forwarded_proto.substr(comma + 1));
    client.https = proto == "https";
    return client;
}

}  // namespace mawid::server
