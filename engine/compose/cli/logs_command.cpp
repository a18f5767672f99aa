#include "compose/cli/logs_command.h"

#include "compose/cli/flag_reader.h"
#include "compose/cli/project_or_report.h"
#include "compose/cli/log_printer.h"
#include "compose/converge/engine_calls.h"
#include "compose/converge/lifecycle.h"
#include "compose/converge/log_stream.h"
#include "compose/go_duration.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <regex>
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <memory>
#include <ostream>
#include <poll.h>
#include <pthread.h>
#include <sys/signalfd.h>
#include <thread>
#include <unistd.h>

namespace berth::compose::cli {
namespace {

struct Followed {
    std::string id;
    std::string name;    // the log prefix: "web-1"
    std::string service;
    bool tty = false;
};

// The project's containers of `services` (all when empty), one-off ones left out, by name.
Result<std::vector<Followed>> followed_containers(api::EngineClient& client, const std::string& project,
                                                  const std::set<std::string>& services) {
    auto observed = converge::project_containers(client, project);
    if (!observed)
        return std::unexpected(observed.error());
    std::vector<Followed> out;
    for (const auto& container : *observed) {
        if (container.oneoff || (!services.empty() && !services.contains(container.service)))
            continue;
        auto inspected = client.get_json("/containers/" + container.id + "/json");
        if (!inspected)
            return std::unexpected(inspected.error());
        bool tty = inspected->contains("Config") && (*inspected)["Config"].value("Tty", false);
        out.push_back({container.id, log_name(project, container.name), container.service, tty});
    }
    return out;
}

// One thread per container streaming its log into the printer; `ended` counts
// the streams that finished, with each container's exit code once it has exited.
class Followers {
public:
    Followers(std::string host, LogPrinter& printer, converge::LogRequest request)
        : host_(std::move(host)), printer_(printer), request_(std::move(request)) {}
    ~Followers() { stop(); }

    void start(const std::vector<Followed>& containers) {
        for (const auto& container : containers) {
            auto& slot = *slots_.emplace_back(std::make_unique<Slot>(container, host_));
            slot.thread = std::thread([this, &slot] { follow(slot); });
        }
    }
    size_t ended() const { return ended_.load(); }
    // No more "exited with code" lines: the project is being stopped on purpose (codes are still kept).
    void silence() { quiet_ = true; }
    // The first container (by end) that exited, and its code; nullopt while none has.
    std::optional<std::pair<std::string, int>> first_exit() const {
        std::lock_guard lock(mutex_);
        return first_exit_;
    }
    std::optional<int> exit_code_of(const std::string& service) const {
        std::lock_guard lock(mutex_);
        auto found = codes_.find(service);
        return found == codes_.end() ? std::nullopt : std::optional<int>(found->second);
    }
    void stop() {
        for (auto& slot : slots_)
            slot->client.cancel();
        for (auto& slot : slots_)
            if (slot->thread.joinable())
                slot->thread.join();
    }
    void join() {
        for (auto& slot : slots_)
            if (slot->thread.joinable())
                slot->thread.join();
    }

private:
    struct Slot {
        Slot(Followed followed, const std::string& host) : container(std::move(followed)), client(host) {}
        Followed container;
        api::EngineClient client;
        std::thread thread;
    };

    void follow(Slot& slot) {
        const auto& container = slot.container;
        auto streamed = converge::stream_container_logs(
            slot.client, container.id, container.tty, request_,
            [&](std::string_view line) { printer_.line(container.name, line); });
        if (request_.follow) {
            api::EngineClient inspector(host_);
            auto inspected = inspector.get_json("/containers/" + container.id + "/json");
            if (inspected && inspected->contains("State") && !(*inspected)["State"].value("Running", true)) {
                int code = (*inspected)["State"].value("ExitCode", 0);
                if (!quiet_)
                    printer_.status(container.name, "exited with code " + std::to_string(code));
                std::lock_guard lock(mutex_);
                codes_[container.service] = code;
                if (!first_exit_)
                    first_exit_ = std::pair{container.service, code};
            }
        }
        (void)streamed; // a stream cut by the engine ends this container's part, as docker compose's does
        ++ended_;
    }

    std::string host_;
    LogPrinter& printer_;
    converge::LogRequest request_;
    std::vector<std::unique_ptr<Slot>> slots_;
    std::atomic<size_t> ended_{0};
    std::atomic<bool> quiet_{false};
    mutable std::mutex mutex_;
    std::map<std::string, int> codes_;
    std::optional<std::pair<std::string, int>> first_exit_;
};

// SIGINT and SIGTERM blocked in every thread from here on and read from a signalfd.
class SignalWatch {
public:
    SignalWatch() {
        sigemptyset(&set_);
        sigaddset(&set_, SIGINT);
        sigaddset(&set_, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &set_, &previous_);
        fd_ = signalfd(-1, &set_, SFD_CLOEXEC);
    }
    ~SignalWatch() {
        if (fd_ >= 0)
            close(fd_);
        pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
    }
    SignalWatch(const SignalWatch&) = delete;
    SignalWatch& operator=(const SignalWatch&) = delete;
    // True when a signal arrived within `milliseconds`.
    bool wait(int milliseconds) {
        pollfd watched{fd_, POLLIN, 0};
        if (fd_ < 0 || poll(&watched, 1, milliseconds) <= 0)
            return false;
        signalfd_siginfo info{};
        return read(fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info);
    }

private:
    sigset_t set_{};
    sigset_t previous_{};
    int fd_ = -1;
};

// Stops the project's containers (dependency order reversed) on a thread of its
// own; a second Ctrl+C meanwhile kills them, as docker compose's "again to force".
Result<> stop_gracefully(const ComposeProject& project, const std::string& host, const std::set<std::string>& services,
                         const std::vector<Followed>& containers, SignalWatch& signals, std::ostream& err) {
    std::atomic<bool> done{false};
    Result<> stopped;
    std::thread stopper([&] {
        api::EngineClient client(host);
        converge::Progress progress(err);
        stopped = converge::change_state(client, project, converge::LifecycleAction::Stop, services, progress);
        done = true;
    });
    bool forced = false;
    while (!done)
        if (signals.wait(100) && !forced) {
            forced = true;
            api::EngineClient killer(host);
            for (const auto& container : containers)
                (void)converge::call(killer, "POST", "/containers/" + container.id + "/kill");
        }
    stopper.join();
    return stopped;
}

} // namespace

namespace {
// The process's --ansi choice: set once by the global flags before any verb runs.
std::string ansi_mode = "auto";
} // namespace

bool set_ansi_mode(const std::string& mode) {
    if (mode != "never" && mode != "always" && mode != "auto")
        return false;
    ansi_mode = mode;
    return true;
}

bool colour_wanted() {
    if (ansi_mode != "auto")
        return ansi_mode == "always";
    const char* no_color = std::getenv("NO_COLOR");
    return isatty(STDOUT_FILENO) && !(no_color && *no_color);
}

Result<std::string> api_timestamp(const std::string& value, int64_t now_seconds) {
    if (auto duration = parse_go_duration(value); value != "0" && duration)
        return std::to_string(now_seconds - *duration / 1'000'000'000);
    // RFC 3339 and the shorter forms the docker CLI takes; no zone is local time.
    static const std::regex kTime(
        R"(^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?)?(Z|z|[+-]\d{2}:\d{2})?$)");
    std::smatch parts;
    if (!std::regex_match(value, parts, kTime)) {
        if (value.find('-') == std::string::npos && !value.empty() &&
            value.find_first_not_of("0123456789.") == std::string::npos)
            return value; // already Unix seconds, as the API takes them
        return fail(ErrorCategory::Invalid, "failed to parse value as time or duration: \"{}\"", value);
    }
    auto field = [&](size_t i) { return parts[i].matched ? std::stoi(parts[i].str()) : 0; };
    std::tm broken{};
    broken.tm_year = field(1) - 1900;
    broken.tm_mon = field(2) - 1;
    broken.tm_mday = field(3);
    broken.tm_hour = field(4);
    broken.tm_min = field(5);
    broken.tm_sec = field(6);
    std::string fraction = parts[7].matched ? parts[7].str() : "";
    fraction.resize(9, '0');
    int64_t seconds = 0;
    if (!parts[8].matched) {
        broken.tm_isdst = -1;
        seconds = std::mktime(&broken);
    } else {
        seconds = timegm(&broken);
        std::string zone = parts[8].str();
        if (zone.size() == 6) {
            int offset = std::stoi(zone.substr(1, 2)) * 3600 + std::stoi(zone.substr(4, 2)) * 60;
            seconds -= zone[0] == '+' ? offset : -offset;
        }
    }
    return std::to_string(seconds) + "." + fraction;
}

int run_logs(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
             std::ostream& out, std::ostream& err) {
    converge::LogRequest request;
    std::set<std::string> services;
    bool colour = colour_wanted(), prefix = true;
    std::string since_given, until_given;
    FlagReader reader(args);
    std::string error;
    while (!reader.done() && error.empty()) {
        if (auto follow = reader.boolean("follow", "f")) {
            request.follow = *follow;
        } else if (auto timestamps = reader.boolean("timestamps", "t")) {
            request.timestamps = *timestamps;
        } else if (auto no_prefix = reader.boolean("no-log-prefix", "")) {
            prefix = !*no_prefix;
        } else if (auto no_colour = reader.boolean("no-color", "")) {
            colour = colour && !*no_colour;
        } else if (auto tail = reader.value("tail", "n", error)) {
            request.tail = *tail;
        } else if (auto since = reader.value("since", "", error)) {
            since_given = *since;
        } else if (auto until = reader.value("until", "", error)) {
            until_given = *until;
        } else {
            reader.take_word(services, "logs", error);
        }
    }
    if (FlagReader::reported(error, err))
        return 1;
    auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
    for (auto [given, field] : {std::pair{&since_given, &request.since}, std::pair{&until_given, &request.until}})
        if (!given->empty()) {
            auto converted = api_timestamp(*given, now.count());
            if (!converted)
                return report_error(converted.error(), err);
            *field = *converted;
        }
    auto project = load_project_or_report(options, err, services);
    if (!project)
        return project.error();
    api::EngineClient client(host);
    auto containers = followed_containers(client, project->name, services);
    if (!containers)
        return report_error(containers.error(), err);
    LogPrinter printer(out, colour, prefix);
    for (const auto& container : *containers)
        printer.add(container.name);
    Followers followers(host, printer, request);
    if (!request.follow) {
        for (const auto& container : *containers)
            if (auto ok = converge::stream_container_logs(client, container.id, container.tty, request,
                                                          [&](std::string_view line) {
                                                              printer.line(container.name, line);
                                                          });
                !ok) {
                return report_error(ok.error(), err);
            }
        return 0;
    }
    SignalWatch signals;
    followers.start(*containers);
    while (followers.ended() < containers->size())
        if (signals.wait(100)) {
            followers.stop();
            return 130;
        }
    followers.join();
    return 0;
}

int attach_project(const ComposeProject& project, const std::string& host, const AttachOptions& options,
                   std::ostream& out, std::ostream& err) {
    SignalWatch signals;
    api::EngineClient client(host);
    auto containers = followed_containers(client, project.name, options.attach.empty() ? options.services : options.attach);
    if (!containers)
        return report_error(containers.error(), err);
    std::erase_if(*containers, [&](const Followed& container) { return options.no_attach.contains(container.service); });
    LogPrinter printer(out, options.colour, options.prefix);
    std::string names;
    for (const auto& container : *containers) {
        printer.add(container.name);
        names += (names.empty() ? "" : ", ") + container.name;
    }
    out << "Attaching to " << names << "\n" << std::flush;
    converge::LogRequest request;
    request.follow = true;
    request.since = options.since;
    Followers followers(host, printer, request);
    followers.start(*containers);
    bool abort = options.abort_on_exit || !options.exit_code_from.empty();
    bool interrupted = false;
    while (followers.ended() < containers->size()) {
        if (signals.wait(100)) {
            interrupted = true;
            break;
        }
        if (abort && followers.first_exit())
            break;
    }
    if (followers.ended() < containers->size()) {
        // Stop what still runs; its streams end as its containers stop.
        out << (interrupted ? "Gracefully stopping... (press Ctrl+C again to force)\n" : "Aborting on container exit...\n")
            << std::flush;
        followers.silence();
        if (auto ok = stop_gracefully(project, host, options.services, *containers, signals, err); !ok) {
            err << ok.error().message() << "\n";
            followers.stop();
            return 1;
        }
    }
    followers.join();
    if (!options.exit_code_from.empty())
        return followers.exit_code_of(options.exit_code_from).value_or(0);
    if (interrupted) {
        err << "canceled\n"; // docker compose's last word after Ctrl+C
        return 130;
    }
    if (abort)
        if (auto first = followers.first_exit())
            return first->second;
    return 0;
}

} // namespace berth::compose::cli
