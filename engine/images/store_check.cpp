#include "images/store_check.h"

#include "base/digest.h"
#include "base/log.h"
#include "images/reference.h"

#include <nlohmann/json.hpp>

namespace berth::images {
namespace {

std::string names_of(const ImageService& service, const std::string& id) {
    std::string out;
    for (const auto& text : service.references_to(id)) {
        auto reference = parse_reference(text);
        out += (out.empty() ? "" : ", ") + (reference ? reference->familiar() : text);
    }
    return out.empty() ? "<none>" : out;
}

// Why the config blob cannot describe the image, or "" when it can.
std::string config_problem(const ImageService& service, const store::ImageRecord& record) {
    const auto& content = service.content();
    if (!content.has(record.id)) return std::format("its config blob {} is missing", record.id);
    auto text = content.read(record.id);
    if (!text) return std::format("its config blob cannot be read: {}", text.error().message());
    if (digest_of(*text) != record.id) return std::format("its config blob reads as {}", digest_of(*text));
    auto config = nlohmann::json::parse(*text, nullptr, false);
    if (config.is_discarded() || !config.is_object()) return "its config blob is not a JSON object";
    nlohmann::json diff_ids = config.value("rootfs", nlohmann::json::object()).value("diff_ids", nlohmann::json::array());
    if (diff_ids != nlohmann::json(record.diff_ids)) return "its config names other layers than its record";
    return "";
}

void check_image(ImageService& service, const store::ImageRecord& record, std::vector<StoreProblem>& problems) {
    auto report = [&](StoreProblem::Outcome outcome, std::string problem) {
        problems.push_back({record.id, names_of(service, record.id), std::move(problem), outcome});
    };
    if (auto problem = config_problem(service, record); !problem.empty()) {
        service.mark_damaged(record.id, problem);
        report(StoreProblem::Outcome::Damaged, problem);
        return;
    }
    auto chain = store::chain_ids(record.diff_ids);
    for (size_t i = 0; i < chain.size(); ++i) {
        auto kept = service.layer_source(record.diff_ids[i]);
        std::string source = kept ? service.content().path(kept->digest) : "";
        if (service.has_snapshot(chain[i])) {
            if (source.empty())
                report(StoreProblem::Outcome::Warning,
                       std::format("the layer {} is kept neither as a tar nor compressed: the image runs but cannot be "
                                   "saved or pushed",
                                   record.diff_ids[i]));
            continue;
        }
        std::string missing = std::format("the snapshot of its layer {} ({}) is missing", record.diff_ids[i], chain[i]);
        if (source.empty()) {
            std::string problem = missing + ", and the layer is not in the content store to unpack it again";
            service.mark_damaged(record.id, problem);
            report(StoreProblem::Outcome::Damaged, problem);
            return;
        }
        auto reader = read_from_file(source);
        auto remade = reader ? service.add_snapshot(*reader, chain[i], record.diff_ids[i], [] { return Result<>(); })
                             : Result<uint64_t>(std::unexpected(reader.error()));
        if (!remade) {
            std::string problem = std::format("{}, and unpacking it again failed: {}", missing, remade.error().message());
            service.mark_damaged(record.id, problem);
            report(StoreProblem::Outcome::Damaged, problem);
            return;
        }
        report(StoreProblem::Outcome::Repaired, missing + ": unpacked again from the content store");
    }
}

} // namespace

std::vector<StoreProblem> check_image_store(ImageService& service) {
    std::vector<StoreProblem> problems;
    auto records = service.records();
    for (const auto& record : records) check_image(service, record, problems);
    for (const auto& problem : problems) {
        switch (problem.outcome) {
        case StoreProblem::Outcome::Repaired:
            log::warn("image store: image {} ({}): {}", problem.image_id, problem.names, problem.problem);
            break;
        case StoreProblem::Outcome::Warning:
            log::warn("image store: image {} ({}): {}", problem.image_id, problem.names, problem.problem);
            break;
        case StoreProblem::Outcome::Damaged:
            log::error("image store: image {} ({}) is damaged and hidden until removed (docker rmi): {}",
                       problem.image_id, problem.names, problem.problem);
            break;
        }
    }
    log::info("image store: {} images checked, {} problems", records.size(), problems.size());
    return problems;
}

} // namespace berth::images
