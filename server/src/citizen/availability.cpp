#include "citizen/availability.hpp"

#include "http/json_responses.hpp"
#include "http/answer_text.hpp"

namespace mawid::server {

// Keys in nlohmann's sorted order, as availability_to_json(...).dump() writes them.
std::string availability_text(const std::string& centre, const std::string& service,
                              const std::vector<Slot>& slots, const Occupancy& taken,
                              int offset_minutes) {
    std::string out;
    out.reserve(64 + slots.size() * 72);
    out += "{\"centre\":";
    out += to_text(Json(centre));
    out += ",\"service\":";
    out += to_text(Json(service));
    out += ",\"slots\":[";
    for (std::size_t i = 0; i < slots.size(); ++i) {
        const Slot& slot = slots[i];
        if (i) out += ',';
        out += "{\"capacity\":";
        out += std::to_string(slot.capacity);
        out += ",\"free\":";
        out += std::to_string(free_seats(slot, taken));
        out += ",\"start\":\"";
        append_rfc3339(out, slot.start, offset_minutes);
        out += "\"}";
    }
    out += "]}";
    return out;
}

AvailabilityCache::Shard& AvailabilityCache::shard_for(const std::string& text) {
    return shards_[std::hash<std::string>{}(text) % shards_.size()];
}

std::shared_ptr<const PreparedAnswer> AvailabilityCache::find(const Key& key,
                                                               std::uint64_t generation) {
    Shard& shard = shard_for(key.text);
    std::lock_guard lock(shard.mutex);
    auto it = shard.entries.find(key.text);
    if (it == shard.entries.end() || it->second.generation != generation ||
        it->second.minute != key.minute ||
        std::chrono::steady_clock::now() - it->second.made > trust_) {
        return nullptr;
    }
    return it->second.answer;
}

void AvailabilityCache::store(const Key& key, std::uint64_t generation,
                              std::shared_ptr<const PreparedAnswer> answer) {
    // 16 shards of 4 MB of bodies (their gzip forms add about a twentieth): at most 64 MB of
    // answers. A full shard starts again empty: simple, and a popular answer is back after
    // one request.
    constexpr std::size_t kMaxBytesPerShard = 4 * 1024 * 1024;
    Shard& shard = shard_for(key.text);
    std::lock_guard lock(shard.mutex);
    const std::size_t size = answer->body().size();
    if (shard.bytes + size > kMaxBytesPerShard) {
        shard.entries.clear();
        shard.bytes = 0;
    }
    Entry& entry = shard.entries[key.text];
    if (entry.answer) shard.bytes -= entry.answer->body().size();
    shard.bytes += size;
    entry = Entry{generation, key.minute, std::chrono::steady_clock::now(), std::move(answer)};
}

}  // namespace mawid::server
