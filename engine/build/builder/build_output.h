#pragma once
// The classic builder's progress messages, as the docker CLI prints them:
//   {"stream":"Step 1/4 : FROM busybox\n"}   {"stream":" ---> 1a2b3c4d5e6f\n"}
//   {"stream":" ---> Running in 0123456789ab\n"}  the RUN's output as stream lines
//   {"aux":{"ID":"sha256:..."}}  {"stream":"Successfully built 1a2b3c4d5e6f\n"}
// With `q` only the aux message, the ID at the end and errors go out.

#include "build/builder/image_builder.h"

#include <string>
#include <string_view>

namespace berth::build {

class ProgressStream {
public:
    ProgressStream(const BuildOutput& output, bool quiet) : output_(output), quiet_(quiet) {}

    // A line (or part of one) for the terminal.
    bool say(std::string_view text) const {
        if (quiet_ || text.empty()) return !gone_;
        return send(nlohmann::json{{"stream", std::string(text)}});
    }
    // The client left (the CLI was interrupted): the build stops at the next step.
    bool gone() const { return gone_; }
    bool step(size_t number, size_t total, std::string_view text) const {
        return say(std::format("Step {}/{} : {}\n", number, total, text));
    }
    bool image(std::string_view id) const { return say(std::format(" ---> {}\n", short_id(id))); }
    bool aux_id(const std::string& id) const { return send(nlohmann::json{{"aux", {{"ID", id}}}}); }
    // What `q` leaves of the stream once the build succeeded: the ID alone, as dockerd sends it.
    bool quiet_result(const std::string& id) const {
        return !quiet_ || send(nlohmann::json{{"stream", id + "\n"}});
    }
    // A progress message from a pull, passed on as it is.
    bool raw(const nlohmann::json& message) const { return quiet_ ? !gone_ : send(message); }

    // What stage streams of the same build write to (ordered_output.h).
    const BuildOutput& output() const { return output_; }
    bool quiet() const { return quiet_; }

    static std::string short_id(std::string_view id) {
        if (id.starts_with("sha256:")) id.remove_prefix(7);
        return std::string(id.substr(0, 12));
    }

private:
    bool send(const nlohmann::json& message) const {
        if (!gone_ && !output_(message)) gone_ = true;
        return !gone_;
    }

    const BuildOutput& output_;
    bool quiet_;
    mutable bool gone_ = false;
};

} // namespace berth::build
