#include "compose/cli/cp_command.h"

#include "base/base64.h"
#include "compose/cli/flag_reader.h"
#include "compose/cli/local_archive.h"
#include "compose/cli/project_or_report.h"
#include "compose/converge/labels.h"
#include "compose/converge/progress.h"

#include <iostream>
#include <iterator>
#include <unistd.h>

namespace berth::compose::cli {
namespace {

namespace fs = std::filesystem;
using converge::ObservedContainer;

struct CopyRequest {
    int index = 0; // 0: every running container (to), the first (from)
    bool keep_owners = false;
    std::string service;
    std::string source, destination; // without "SERVICE:"
    bool from_service = false;
};

// "web:/etc/hosts" → {"web", "/etc/hosts"}; a local path (one starting with "/" or ".", or without ':') → {"", path}.
std::pair<std::string, std::string> split_argument(const std::string& word) {
    auto colon = word.find(':');
    if (colon == std::string::npos || word.starts_with("/") || word.starts_with("."))
        return {"", word};
    return {word.substr(0, colon), word.substr(colon + 1)};
}

std::optional<CopyRequest> parse(const std::vector<std::string>& args, std::ostream& err) {
    CopyRequest request;
    std::vector<std::string> words;
    FlagReader reader(args);
    std::string error;
    while (!reader.done() && error.empty()) {
        if (auto index = reader.value("index", "", error)) {
            request.index = std::atoi(index->c_str());
        } else if (auto archive = reader.boolean("archive", "a")) {
            request.keep_owners = *archive;
        } else if (reader.boolean("follow-link", "L") || reader.boolean("all", "")) {
        } else if (!error.empty()) {
        } else if (!reader.peek().starts_with("-") || reader.peek() == "-") {
            words.push_back(reader.peek());
            reader.skip();
        } else {
            error = unknown_word(reader.peek(), "cp");
        }
    }
    if (error.empty() && words.size() != 2)
        error = "\"compose cp\" requires exactly 2 arguments.";
    if (FlagReader::reported(error, err))
        return std::nullopt;
    auto [source_service, source] = split_argument(words[0]);
    auto [destination_service, destination] = split_argument(words[1]);
    if (!source_service.empty() && !destination_service.empty())
        error = "copying between services is not supported";
    else if (source_service.empty() && destination_service.empty())
        error = "unknown copy direction";
    if (FlagReader::reported(error, err))
        return std::nullopt;
    request.from_service = !source_service.empty();
    request.service = request.from_service ? source_service : destination_service;
    request.source = source;
    request.destination = destination;
    return request;
}

// The container's stat of `path` (X-Docker-Container-Path-Stat), nullopt when it is not there.
Result<std::optional<nlohmann::json>> stat_in_container(api::EngineClient& client, const std::string& id,
                                                        const std::string& path) {
    auto response = client.request("HEAD", "/containers/" + id + "/archive?path=" + converge::url_escape(path));
    if (!response)
        return std::unexpected(response.error());
    if (response->status == 404)
        return std::optional<nlohmann::json>();
    if (response->status / 100 != 2)
        return std::unexpected(api::error_from_response(*response));
    auto decoded = base64_decode(response->header("x-docker-container-path-stat"));
    return std::optional<nlohmann::json>(nlohmann::json::parse(decoded.value_or("{}"), nullptr, false));
}

bool is_directory_mode(const nlohmann::json& stat) {
    return (stat.value("mode", uint64_t{0}) & (uint64_t{1} << 31)) != 0; // Go's os.ModeDir
}

// The last element docker's archive names the top entry after: "hosts" for "/etc/hosts", "." for "dir/.".
std::string top_name(const std::string& path) {
    if (path.ends_with("/.") || path == ".")
        return ".";
    std::string trimmed = path;
    while (trimmed.size() > 1 && trimmed.ends_with("/"))
        trimmed.pop_back();
    auto name = fs::path(trimmed).filename().string();
    return name.empty() ? "/" : name;
}

Result<> copy_from(api::EngineClient& client, const ObservedContainer& container, const CopyRequest& request,
                   std::ostream& out) {
    auto response = client.request("GET", "/containers/" + container.id + "/archive?path=" +
                                              converge::url_escape(request.source));
    if (!response)
        return std::unexpected(response.error());
    if (response->status / 100 != 2)
        return std::unexpected(api::error_from_response(*response));
    if (request.destination == "-") {
        out << response->body << std::flush;
        return {};
    }
    std::string source_top = top_name(request.source);
    fs::path destination = request.destination;
    std::error_code missing;
    auto status = fs::status(destination, missing);
    if (!missing && fs::is_directory(status))
        return unpack_into(response->body, destination, "", "", request.keep_owners);
    if (request.destination.ends_with("/"))
        return fail(ErrorCategory::NotFound, "destination directory {} does not exist", request.destination);
    auto stat = nlohmann::json::parse(
        base64_decode(response->header("x-docker-container-path-stat")).value_or("{}"), nullptr, false);
    if (!missing && fs::exists(status) && stat.is_object() && is_directory_mode(stat))
        return fail(ErrorCategory::Invalid, "cannot copy a directory to a file: {}", request.destination);
    fs::path parent = destination.has_parent_path() ? destination.parent_path() : fs::path(".");
    return unpack_into(response->body, parent, source_top == "." ? "" : source_top, destination.filename().string(),
                       request.keep_owners);
}

Result<> copy_to(api::EngineClient& client, const ObservedContainer& container, const CopyRequest& request,
                 const std::string& stdin_tar) {
    std::string target = request.destination;
    std::string tar;
    if (request.source == "-") {
        tar = stdin_tar;
    } else {
        auto stat = stat_in_container(client, container.id, request.destination);
        if (!stat)
            return std::unexpected(stat.error());
        std::string name = top_name(request.source);
        if (!*stat || !is_directory_mode(**stat)) {
            // Not a directory there: the copy takes the destination's name, in its parent.
            if (request.destination.ends_with("/"))
                return fail(ErrorCategory::NotFound, "destination directory {} does not exist", request.destination);
            fs::path path = request.destination;
            target = path.has_parent_path() ? path.parent_path().string() : "/";
            name = path.filename().string();
        }
        auto packed = pack_path(request.source, name);
        if (!packed)
            return std::unexpected(packed.error());
        tar = std::move(*packed);
    }
    auto response = client.request("PUT", "/containers/" + container.id + "/archive?path=" + converge::url_escape(target),
                                   tar, "application/x-tar");
    if (!response)
        return std::unexpected(response.error());
    if (response->status / 100 != 2)
        return std::unexpected(api::error_from_response(*response));
    return {};
}

// docker's daemon words without our client's "Error response from daemon (404): " status.
std::string plain_words(const std::string& message) {
    constexpr std::string_view kPrefix = "Error response from daemon (";
    auto end = message.find("): ");
    return message.starts_with(kPrefix) && end != std::string::npos
               ? "Error response from daemon: " + message.substr(end + 3)
               : message;
}

} // namespace

int run_cp(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
           std::ostream& out, std::ostream& err) {
    auto request = parse(args, err);
    if (!request)
        return 1;
    api::EngineClient client(host);
    auto selection = load_containers_or_report(options, {request->service}, client, err);
    if (!selection)
        return selection.error();
    auto& containers = selection->containers;
    std::erase_if(containers, [&](const ObservedContainer& container) {
        return container.state != "running" || (request->index > 0 && container.number != request->index);
    });
    if (containers.empty()) {
        if (request->index > 0)
            err << "service \"" << request->service << "\" is not running container #" << request->index << "\n";
        else
            err << "no container found for service \"" << request->service << "\"\n";
        return 1;
    }
    if (request->from_service)
        containers.resize(1); // from several replicas, docker compose copies the first's
    std::string stdin_tar;
    if (!request->from_service && request->source == "-")
        stdin_tar.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    converge::Progress progress(err);
    for (const auto& container : containers) {
        std::string what = request->from_service
                               ? "copy " + container.name + ":" + request->source + " to " + request->destination
                               : "copy " + request->source + " to " + container.name + ":" + request->destination;
        progress.service_event(container.name, what, "Copying");
        auto copied = request->from_service ? copy_from(client, container, *request, out)
                                            : copy_to(client, container, *request, stdin_tar);
        if (!copied) {
            err << plain_words(copied.error().message()) << "\n";
            return 1;
        }
        progress.service_event(container.name, what, "Copied");
    }
    return 0;
}

} // namespace berth::compose::cli
