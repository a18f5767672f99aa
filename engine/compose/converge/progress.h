#pragma once
// docker compose's progress lines as it prints them when stderr is not a
// terminal: " Network demo_default  Created", " Container demo-web-1  Started",
// " web Pulling". One line per event, written at once.

#include <mutex>
#include <ostream>
#include <string>

namespace berth::compose::converge {

class Progress {
public:
    explicit Progress(std::ostream& out) : out_(out) {}
    // `resource` is "Network demo_default", "Volume \"demo_data\"", "Container demo-web-1" or a service name.
    void event(const std::string& resource, const std::string& text) {
        std::lock_guard lock(mutex_); // services converge side by side: whole lines
        out_ << ' ' << resource << "  " << text << '\n' << std::flush;
    }
    // A service's own line, as docker compose prints it: " web Pulling " (status text last, maybe empty).
    void service_event(const std::string& service, const std::string& text, const std::string& status = "") {
        std::lock_guard lock(mutex_);
        out_ << ' ' << service << ' ' << text << ' ' << status << '\n' << std::flush;
    }
    // A warning line as docker compose prints it: "WARN[0000] <text>" (text may hold newlines).
    void warn(const std::string& text) {
        std::lock_guard lock(mutex_);
        out_ << "WARN[0000] " << text << '\n' << std::flush;
    }

private:
    std::ostream& out_;
    std::mutex mutex_;
};

inline std::string container_resource(const std::string& name) { return "Container " + name; }
inline std::string network_resource(const std::string& name) { return "Network " + name; }

} // namespace berth::compose::converge
