#include "containers/config/user_lookup.h"

#include <algorithm>
#include <charconv>
#include <optional>

namespace berth::containers::config {
namespace {

constexpr long long kMaxId = 2147483647; // runc's maxID: 1<<31 - 1

struct PasswdEntry {
    std::string name;
    long long uid = 0;
    long long gid = 0;
    std::string home;
};

struct GroupEntry {
    std::string name;
    long long gid = 0;
    std::vector<std::string> members;
};

std::string_view trim(std::string_view s) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> split(std::string_view s, char separator) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    for (;;) {
        size_t at = s.find(separator, start);
        parts.push_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
        if (at == std::string_view::npos) break;
        start = at + 1;
    }
    return parts;
}

// Go's strconv.Atoi: an optional sign and decimal digits.
std::optional<long long> parse_number(std::string_view s) {
    if (s.empty()) return std::nullopt;
    std::string_view digits = s;
    if (digits.front() == '+') digits.remove_prefix(1);
    long long value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) return std::nullopt;
    return value;
}

// runc's parseLine: fields past the end are empty, numeric fields that do not
// parse are 0. Blank lines are skipped; so are comments, which runc would read
// as a user named "#...".
template <typename Visit>
void for_each_line(std::string_view text, Visit visit) {
    for (std::string_view raw : split(text, '\n')) {
        std::string_view line = trim(raw);
        if (line.empty() || line.front() == '#') continue;
        visit(split(line, ':'));
    }
}

std::string_view field(const std::vector<std::string_view>& fields, size_t i) {
    return i < fields.size() ? fields[i] : std::string_view{};
}

std::vector<PasswdEntry> parse_passwd(std::string_view text) {
    std::vector<PasswdEntry> entries;
    for_each_line(text, [&](const std::vector<std::string_view>& f) {
        entries.push_back({std::string(field(f, 0)), parse_number(field(f, 2)).value_or(0),
                           parse_number(field(f, 3)).value_or(0), std::string(field(f, 5))});
    });
    return entries;
}

std::vector<GroupEntry> parse_group(std::string_view text) {
    std::vector<GroupEntry> entries;
    for_each_line(text, [&](const std::vector<std::string_view>& f) {
        GroupEntry entry{std::string(field(f, 0)), parse_number(field(f, 2)).value_or(0), {}};
        if (!field(f, 3).empty())
            for (std::string_view member : split(field(f, 3), ',')) entry.members.emplace_back(member);
        entries.push_back(std::move(entry));
    });
    return entries;
}

std::unexpected<Error> out_of_range() {
    return fail(ErrorCategory::Invalid, "uids and gids must be in range 0-{}", kMaxId);
}

} // namespace

Result<ExecUser> resolve_exec_user(std::string_view spec, std::string_view passwd, std::string_view group) {
    ExecUser user;
    // "user[:group]"; like runc, anything after a second ':' is ignored.
    auto parts = split(spec, ':');
    std::string_view user_arg = parts[0];
    std::string_view group_arg = parts.size() > 1 ? parts[1] : std::string_view{};
    auto uid_arg = parse_number(user_arg);
    auto gid_arg = parse_number(group_arg);

    const PasswdEntry* match = nullptr;
    auto users = parse_passwd(passwd);
    for (const auto& entry : users) {
        bool matches = user_arg.empty() ? entry.uid == 0 : uid_arg ? entry.uid == *uid_arg : entry.name == user_arg;
        if (matches) {
            match = &entry; // the first entry wins
            break;
        }
    }
    if (match) {
        if (match->uid < 0 || match->uid > kMaxId || match->gid < 0 || match->gid > kMaxId) return out_of_range();
        user.uid = static_cast<uid_t>(match->uid);
        user.gid = static_cast<gid_t>(match->gid);
        // runc leaves HOME empty for an entry without one; the runtime then sets "/".
        if (!match->home.empty()) user.home = match->home;
    } else if (!user_arg.empty()) {
        if (!uid_arg)
            return fail(ErrorCategory::Invalid, "unable to find user {}: no matching entries in passwd file", user_arg);
        if (*uid_arg < 0 || *uid_arg > kMaxId) return out_of_range();
        user.uid = static_cast<uid_t>(*uid_arg);
    }

    std::string matched_name = match ? match->name : std::string();
    if (group_arg.empty() && matched_name.empty()) return user;

    auto groups = parse_group(group);
    if (!group_arg.empty()) {
        const GroupEntry* found = nullptr;
        for (const auto& entry : groups) {
            if (gid_arg ? entry.gid == *gid_arg : entry.name == group_arg) {
                found = &entry;
                break;
            }
        }
        long long gid = 0;
        if (found) {
            gid = found->gid;
        } else {
            if (!gid_arg)
                return fail(ErrorCategory::Invalid, "unable to find group {}: no matching entries in group file",
                            group_arg);
            gid = *gid_arg;
        }
        if (gid < 0 || gid > kMaxId) return out_of_range();
        user.gid = static_cast<gid_t>(gid);
        return user;
    }
    // Supplementary groups only in the implicit form (no group named).
    for (const auto& entry : groups) {
        if (std::ranges::find(entry.members, matched_name) == entry.members.end()) continue;
        if (entry.gid < 0 || entry.gid > kMaxId) return out_of_range();
        user.supplementary_gids.push_back(static_cast<gid_t>(entry.gid));
    }
    return user;
}

Result<std::vector<gid_t>> resolve_additional_groups(const std::vector<std::string>& wanted, std::string_view group) {
    auto groups = parse_group(group);
    std::vector<gid_t> gids;
    auto add = [&](gid_t gid) {
        if (std::ranges::find(gids, gid) == gids.end()) gids.push_back(gid);
    };
    for (const auto& name : wanted) {
        const GroupEntry* found = nullptr;
        for (const auto& entry : groups) {
            if (entry.name == name || std::to_string(entry.gid) == name) {
                found = &entry;
                break;
            }
        }
        long long gid = 0;
        if (found) {
            gid = found->gid;
        } else {
            auto number = parse_number(name);
            if (!number)
                return fail(ErrorCategory::Invalid, "Unable to find group {}: no matching entries in group file", name);
            gid = *number;
        }
        if (gid < 0 || gid > kMaxId) return out_of_range();
        add(static_cast<gid_t>(gid));
    }
    return gids;
}

Result<ProcessUser> resolve_process_user(std::string_view spec, const std::vector<std::string>& group_add,
                                         std::string_view passwd, std::string_view group) {
    auto exec_user = resolve_exec_user(spec, passwd, group);
    if (!exec_user) return std::unexpected(exec_user.error());
    ProcessUser user{exec_user->uid, exec_user->gid, {exec_user->gid}, exec_user->home};
    for (gid_t gid : exec_user->supplementary_gids) user.additional_gids.push_back(gid);
    if (!group_add.empty()) {
        auto extra = resolve_additional_groups(group_add, group);
        if (!extra) return std::unexpected(extra.error());
        for (gid_t gid : *extra) user.additional_gids.push_back(gid);
    }
    return user;
}

} // namespace berth::containers::config
