// The image store under random sequences of what users do (issue 14, part 1):
// import, commit, a pull of a pushed image (the same layers, its tars listed as
// the pull's blobs), tag, rmi with and without force, by name, ID and ID prefix,
// prune, save, load, and containers made and removed, over a few images that
// share layers. After every step every image is whole (config, snapshots and
// layer tars present, and it saves), and what a container was made from stays
// whole too: its image, or (deleted by a forced rmi while the container was
// stopped, as Docker allows) the record the container holds, which it can
// still start and commit from; at the end, with everything removed and
// pruned, nothing is left on disk.
//
// A real ImageService over a real temporary store (the unpacker chroots: root).
// The suite runs three fixed seeds, the same sequences every time (the
// store's clock is the test's, so image IDs replay too); BERTH_MODEL_SEED picks
// one sequence instead ("random" for a fresh one, printed to replay it), and
// BERTH_MODEL_STEPS its length: the nightly job (dev.sh fuzz) runs random
// seeds, longer.
#include "base/digest.h"
#include "images/image_archive.h"
#include "images/image_service.h"
#include "images/store_check.h"
#include "image_service_fixture.h"

#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <set>
#include <gtest/gtest.h>
#include <random>
#include <unistd.h>

namespace berth::images {
namespace {

namespace fs = std::filesystem;

uint64_t env_number(const char* name, uint64_t fallback) {
    const char* text = std::getenv(name);
    return text && *text ? std::strtoull(text, nullptr, 10) : fallback;
}

using testing_support::one_file_tar;

// What a pull of two gzipped layers records, as from a registry: the base is
// one an import may have unpacked already (then, as the puller does, neither
// the blob is fetched nor a tar kept: the image relies on another's copy of
// the layer). Returns the image's ID.
std::string pull_compressed_layers(testing_support::ImageStoreFixture& fixture, const std::string& base,
                                   const std::string& top, const std::string& label) {
    auto& service = fixture.service();
    std::vector<std::string> tars = {one_file_tar("base", base), one_file_tar("pulled", top)};
    std::vector<std::string> diff_ids;
    for (const auto& tar : tars) diff_ids.push_back(digest_of(tar));
    auto chain = store::chain_ids(diff_ids);
    nlohmann::json layers = nlohmann::json::array();
    store::ImageRecord record;
    for (size_t i = 0; i < tars.size(); ++i) {
        std::string gz = testing_support::gzipped(tars[i]);
        std::string gz_digest = digest_of(gz);
        if (!service.has_snapshot(chain[i])) {
            auto added = service.add_snapshot(read_from_memory(gz), chain[i], diff_ids[i], [] { return Result<>(); });
            EXPECT_TRUE(added) << added.error().message();
            EXPECT_TRUE(fixture.content().put(gz));
        }
        layers.push_back({{"mediaType", "application/vnd.oci.image.layer.v1.tar+gzip"},
                          {"digest", gz_digest}, {"size", gz.size()}});
        record.blobs.push_back(gz_digest);
        record.size += tars[i].size();
    }
    nlohmann::json config = {{"architecture", "amd64"}, {"os", "linux"},
                             {"config", {{"Labels", {{"pull", label}}}}},
                             {"rootfs", {{"type", "layers"}, {"diff_ids", diff_ids}}},
                             {"history", {{{"created_by", "base"}}, {{"created_by", "pulled"}}}}};
    auto id = fixture.content().put(config.dump());
    EXPECT_TRUE(id);
    nlohmann::json manifest = {{"schemaVersion", 2},
                               {"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                               {"config", {{"mediaType", "application/vnd.oci.image.config.v1+json"},
                                           {"digest", *id}, {"size", config.dump().size()}}},
                               {"layers", layers}};
    auto manifest_digest = fixture.content().put(manifest.dump());
    EXPECT_TRUE(manifest_digest);
    record.id = *id;
    record.diff_ids = diff_ids;
    record.blobs.insert(record.blobs.begin(), *manifest_digest);
    auto added = service.add_pulled(record, {"registry.test/p:1"});
    EXPECT_TRUE(added) << added.error().message();
    return *id;
}

// The random user of an ImageStoreFixture.
class ImageStoreModel : public testing_support::ImageStoreFixture {
public:
    explicit ImageStoreModel(uint64_t seed) : random_(seed) {
        // Image IDs hash `created`: a clock of its own makes them, and so the
        // sequence a seed picks over them, the same at every replay.
        service().set_clock([this] { return clock_ += 1'000'000'000; });
    }

    // One random step; returns what it did, for the failure message.
    std::string step() {
        switch (pick(13)) {
        case 12: return pull_compressed();
        case 0: return import_step();
        case 1:
        case 2: return commit();
        case 3: return pull_of_push();
        case 4:
        case 5: return tag();
        case 6:
        case 7: return rmi();
        case 8: return prune();
        case 9: return save_and_load();
        case 10: return run();
        default: return rm();
        }
    }

    // The invariants: every image whole and saveable, every container's image there.
    void check(const std::string& context) {
        auto records = service().records();
        for (const auto& record : records) {
            ASSERT_TRUE(content().has(record.id)) << context << ": config of " << record.id;
            for (const auto& chain_id : store::chain_ids(record.diff_ids))
                ASSERT_TRUE(service().has_snapshot(chain_id)) << context << ": snapshot " << chain_id << " of " << record.id;
        }
        // Each layer's tar, or the compressed blob it was pulled as, is there
        // and reads as its DiffID: the save writes and hashes every one.
        if (!records.empty()) {
            std::vector<std::string> ids;
            for (const auto& record : records) ids.push_back(record.id);
            std::string archive;
            auto saved = save_images(service(), ids, [&](std::string_view data) {
                archive.append(data);
                return true;
            });
            ASSERT_TRUE(saved) << context << ": save of every image: " << saved.error().message();
        }
        // A push sends the manifest it was pulled with, or one over the
        // layers as they are kept: the same lookup the save made, for each.
        for (const auto& record : records) {
            if (service().pulled_manifest(record, true)) continue;
            for (const auto& diff_id : record.diff_ids)
                ASSERT_TRUE(service().layer_source(diff_id)) << context << ": push of " << record.id << ": layer " << diff_id;
        }
        for (const auto& c : containers()) {
            ASSERT_TRUE(service().layer_paths(c.image_id)) << context << ": the image of container " << c.id;
            auto held = service().stored_record(c.image_id);
            ASSERT_TRUE(held) << context << ": the record of container " << c.id << "'s image";
            ASSERT_TRUE(content().has(c.image_id)) << context << ": the config of container " << c.id << "'s image";
            for (const auto& chain_id : store::chain_ids(held->diff_ids))
                ASSERT_TRUE(service().has_snapshot(chain_id)) << context << ": snapshot " << chain_id << " of container "
                                                              << c.id;
        }
    }

private:
    size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(random_); }
    bool coin() { return pick(2) == 0; }

    std::string any_name() {
        static const char* names[] = {"a:1", "a:2", "b:1", "c:latest", "registry.test/b:1"};
        return names[pick(std::size(names))];
    }
    std::optional<std::string> any_image() {
        auto records = service().records();
        if (records.empty()) return std::nullopt;
        return records[pick(records.size())].id;
    }

    std::string import_step() {
        // Three base layers: imports of the same one share it.
        std::string base = std::to_string(pick(3));
        ImportOptions options;
        if (coin()) options.repository = any_name();
        auto id = import(base, options.repository);
        EXPECT_TRUE(id) << id.error().message();
        return "import base " + base + " as " + (options.repository.empty() ? "<none>" : options.repository);
    }

    std::string commit() {
        // Sometimes a container's commit: its image may be one a forced rmi deleted.
        auto parent = !containers().empty() && coin() ? std::optional(containers()[pick(containers().size())].image_id)
                                                      : any_image();
        if (!parent) return import_step();
        // A few possible changes, some empty: commits of the same change on the
        // same parent share the layer and the snapshot.
        size_t change = pick(4);
        std::string layer = change == 0 ? std::string(1024, '\0') : one_file_tar("change", std::to_string(change));
        CommitOptions options;
        if (coin()) options.repository = any_name();
        options.container_config = {{"Cmd", {"sh"}}};
        options.comment = std::to_string(counter_++); // a distinct config, so a distinct image
        auto id = service().commit(*parent, [&](const std::function<bool(std::string_view)>& sink) -> Result<> {
            sink(layer);
            return {};
        }, options);
        EXPECT_TRUE(id) << id.error().message();
        return std::format("commit change {} on {} as {}", change, *parent,
                           options.repository.empty() ? "<none>" : options.repository);
    }

    // What a pull of a pushed image records: another config over the same
    // layers, owning a manifest and the layers' blobs, which for a pushed
    // imported or committed image are the plain tars other images use too.
    std::string pull_of_push() {
        auto source = any_image();
        if (!source) return import_step();
        auto record = service().record(*source);
        auto config = nlohmann::json::parse(*content().read(*source));
        config["config"]["Labels"] = {{"pulled", std::to_string(counter_++)}};
        auto id = content().put(config.dump());
        EXPECT_TRUE(id);
        nlohmann::json layers = nlohmann::json::array();
        for (const auto& diff_id : record->diff_ids)
            layers.push_back({{"mediaType", "application/vnd.oci.image.layer.v1.tar"}, {"digest", diff_id},
                              {"size", *content().size(diff_id)}});
        nlohmann::json manifest = {{"schemaVersion", 2},
                                   {"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                                   {"config", {{"mediaType", "application/vnd.oci.image.config.v1+json"},
                                               {"digest", *id}, {"size", config.dump().size()}}},
                                   {"layers", layers}};
        auto manifest_digest = content().put(manifest.dump());
        EXPECT_TRUE(manifest_digest);
        store::ImageRecord pulled{*id, record->diff_ids, record->size, "", {*manifest_digest}};
        pulled.blobs.insert(pulled.blobs.end(), record->diff_ids.begin(), record->diff_ids.end());
        auto added = service().add_pulled(pulled, {"registry.test/b:1", "registry.test/b@" + *manifest_digest});
        EXPECT_TRUE(added) << added.error().message();
        return "pull of a push of " + *source;
    }

    std::string pull_compressed() {
        std::string base = std::to_string(pick(3));
        std::string top = std::to_string(pick(3));
        auto id = pull_compressed_layers(*this, base, top, std::to_string(counter_++));
        return "pull of compressed layers as " + id;
    }

    std::string tag() {
        auto id = any_image();
        if (!id) return import_step();
        std::string name = any_name();
        EXPECT_TRUE(service().tag(*id, name, ""));
        return "tag " + *id + " " + name;
    }

    std::string rmi() {
        auto references = service().references();
        auto id = any_image();
        if (!id) return "rmi of nothing";
        std::string name;
        switch (pick(3)) {
        case 0: name = *id; break;
        case 1: name = id->substr(7, 12); break;
        default:
            if (references.empty()) name = *id;
            else name = std::next(references.begin(), static_cast<long>(pick(references.size())))->first;
        }
        bool force = coin();
        auto target = service().resolve(name).value_or("");
        bool running = std::ranges::any_of(containers(), [&](const auto& c) { return c.image_id == target && c.running; });
        bool used = !users_of(target).empty();
        auto removed = service().remove(name, force);
        // An image a running container uses stays; one only stopped ones use
        // goes with force alone (check() finds their layers still there).
        if (running) {
            EXPECT_TRUE(service().record(target)) << "rmi of " << name << " took a running container's image";
        }
        if (used && !force) {
            EXPECT_TRUE(service().record(target)) << "rmi of " << name << " without -f took a used image";
        }
        return std::format("rmi{} {}: {}", force ? " -f" : "", name, removed ? "done" : removed.error().message());
    }

    std::string users_of(const std::string& id) {
        for (const auto& c : containers())
            if (c.image_id == id) return c.id;
        return "";
    }

    std::string prune() {
        bool all = coin();
        auto filters = api::Filters::parse(all ? R"({"dangling":["false"]})" : "");
        auto pruned = service().prune(*filters);
        EXPECT_TRUE(pruned) << pruned.error().message();
        return all ? "prune -a" : "prune";
    }

    std::string save_and_load() {
        if (!archives_.empty() && coin()) {
            const std::string& archive = archives_[pick(archives_.size())];
            auto loaded = load_images(service(), ArchiveSource{archive, ""});
            EXPECT_TRUE(loaded) << loaded.error().message();
            return "load";
        }
        auto id = any_image();
        if (!id) return "save of nothing";
        std::string archive;
        auto saved = save_images(service(), {*id}, [&](std::string_view data) {
            archive.append(data);
            return true;
        });
        EXPECT_TRUE(saved) << saved.error().message();
        if (archives_.size() == 3) archives_.erase(archives_.begin());
        archives_.push_back(std::move(archive));
        return "save " + *id;
    }

    std::string run() {
        auto id = any_image();
        if (!id) return "run of nothing";
        containers().push_back({std::format("c{:063}", counter_++), *id, coin()});
        return "run " + *id;
    }

    std::string rm() {
        if (containers().empty()) return "rm of nothing";
        auto gone = containers().begin() + static_cast<long>(pick(containers().size()));
        std::string image_id = gone->image_id;
        containers().erase(gone);
        service().release_held(image_id); // as ContainerService::remove does
        return "rm of a container of " + image_id;
    }

    std::mt19937_64 random_;
    int64_t clock_ = 1'700'000'000'000'000'000;
    std::vector<std::string> archives_;
    int counter_ = 0;
};

size_t entries(const std::string& dir) {
    std::error_code ec;
    size_t n = 0;
    for (auto it = fs::directory_iterator(dir, ec); it != fs::directory_iterator(); ++it) ++n;
    return n;
}

// One sequence of `steps` from `seed`, checked after every step and at the end.
void run_sequence(uint64_t seed, uint64_t steps) {
    std::cout << "BERTH_MODEL_SEED=" << seed << " BERTH_MODEL_STEPS=" << steps << std::endl;
    ImageStoreModel model(seed);
    std::vector<std::string> recent;
    for (uint64_t i = 0; i < steps; ++i) {
        recent.push_back(std::format("step {}: {}", i, model.step()));
        if (recent.size() > 8) recent.erase(recent.begin());
        std::string context = std::format("seed {}, last steps:\n  {}", seed, [&] {
            std::string joined;
            for (const auto& line : recent) joined += line + "\n  ";
            return joined;
        }());
        ASSERT_NO_FATAL_FAILURE(model.check(context));
        if (::testing::Test::HasFailure()) FAIL() << context;
    }
    // The check at start finds nothing wrong in what the sequence left.
    EXPECT_TRUE(check_image_store(model.service()).empty());
    // Everything removed and pruned: nothing is left on disk. The containers
    // go as if berthd was killed before releasing their deleted images: the
    // start's release takes those.
    model.containers().clear();
    model.service().release_unused_held();
    // Children first: a parent cannot go while images made on it are there.
    for (int round = 0; round < 100 && !model.service().records().empty(); ++round)
        for (const auto& record : model.service().records()) (void)model.service().remove(record.id, true);
    auto pruned = model.service().prune(*api::Filters::parse(R"({"dangling":["false"]})"));
    ASSERT_TRUE(pruned) << pruned.error().message();
    EXPECT_TRUE(model.service().records().empty());
    EXPECT_EQ(model.content().list().size(), 0u) << "blobs left after the final prune (seed " << seed << ")";
    EXPECT_EQ(entries(model.root() + "/snapshots"), 0u) << "snapshots left after the final prune (seed " << seed << ")";
}

TEST(ImageStoreModel, RandomSequencesLoseNothingAndLeaveNothing) {
    if (geteuid() != 0) GTEST_SKIP() << "unpacking layers needs root (chroot, chown)";
    std::vector<uint64_t> seeds = {1, 2, 3};
    if (const char* chosen = std::getenv("BERTH_MODEL_SEED"); chosen && *chosen)
        seeds = {std::string_view(chosen) == "random" ? std::random_device{}() : std::strtoull(chosen, nullptr, 10)};
    uint64_t steps = env_number("BERTH_MODEL_STEPS", 1000);
    for (uint64_t seed : seeds) {
        ASSERT_NO_FATAL_FAILURE(run_sequence(seed, steps));
        if (HasFailure()) return; // the next seed's steps would stop at once on this failure
    }
}

// Work in flight (a pull, push, save...) holds a lease: an rmi meanwhile
// deletes the image's record, not its snapshots and blobs; the next prune does.
TEST(ImageStoreModel, DeletionsWhileALeaseIsHeldLeaveTheFilesToTheNextPrune) {
    if (geteuid() != 0) GTEST_SKIP() << "unpacking layers needs root (chroot, chown)";
    ImageStoreModel model(1);
    auto id = model.import("leased", "leased:1");
    ASSERT_TRUE(id) << id.error().message();
    auto record = *model.service().record(*id);
    {
        ImageService::Busy lease(model.service());
        ASSERT_TRUE(model.service().remove("leased:1", false));
        EXPECT_FALSE(model.service().record(*id));
        EXPECT_TRUE(model.service().has_snapshot(record.diff_ids[0]));
        EXPECT_TRUE(model.content().has(record.diff_ids[0]));
        EXPECT_TRUE(model.service().prune(*api::Filters::parse("")));
        EXPECT_TRUE(model.content().has(record.diff_ids[0])) << "prune swept while a lease was held";
    }
    ASSERT_TRUE(model.service().prune(*api::Filters::parse("")));
    EXPECT_FALSE(model.service().has_snapshot(record.diff_ids[0]));
    EXPECT_EQ(model.content().list().size(), 0u);
}

std::string saved_archive(ImageService& service, const std::vector<std::string>& ids) {
    std::string archive;
    auto saved = save_images(service, ids, [&](std::string_view data) {
        archive.append(data);
        return true;
    });
    EXPECT_TRUE(saved) << saved.error().message();
    return archive;
}

// Seed 3158279173's loss: a pulled image kept its layers only compressed; a
// forced rmi while a stopped container used it held its record; a load of its
// save made it an image again, naming no blobs, and dropped the held record:
// the compressed blobs lost their owner and the image could not be saved.
TEST(ImageStoreModel, ALoadOfAHeldImageOwnsWhatTheHeldRecordOwned) {
    if (geteuid() != 0) GTEST_SKIP() << "unpacking layers needs root (chroot, chown)";
    ImageStoreModel model(4);
    auto& service = model.service();
    std::string id = pull_compressed_layers(model, "0", "0", "held");
    std::string archive = saved_archive(service, {"registry.test/p:1"}); // by name: the load tags it again
    model.containers().push_back({"c1", id, false});
    ASSERT_TRUE(service.remove(id, true));
    ASSERT_TRUE(service.stored_record(id));
    ASSERT_TRUE(load_images(service, ArchiveSource{archive, ""}));
    model.containers().clear();
    service.release_held(id);
    ASSERT_TRUE(service.prune(*api::Filters::parse(""))); // sweeps what nothing owns
    auto loaded = service.record(id);
    ASSERT_TRUE(loaded);
    for (const auto& diff_id : loaded->diff_ids)
        EXPECT_TRUE(service.layer_source(diff_id)) << "the layer " << diff_id << " lost its last copy";
    saved_archive(service, {id});
    ASSERT_TRUE(service.remove(id, true));
    ASSERT_TRUE(service.prune(*api::Filters::parse("")));
    EXPECT_EQ(model.content().list().size(), 0u);
}

// An image pulled with compressed layers, and another image over the same
// layers that owns no copy of them, as berthd recorded a load or pull that
// found the layers unpacked before such work owned the copy it relied on
// (ImageService::own_copy): the pulled image's blobs are the only copies of
// the layers the other stacks. Returns {pulled, other}.
std::pair<std::string, std::string> pulled_and_relying_without_a_copy(ImageStoreModel& model) {
    auto& service = model.service();
    std::string pulled = pull_compressed_layers(model, "1", "1", "here");
    auto record = service.record(pulled);
    EXPECT_TRUE(record);
    if (!record) return {pulled, ""};
    auto config = nlohmann::json::parse(*model.content().read(pulled));
    config["config"]["Labels"] = {{"relying", "yes"}};
    auto id = model.content().put(config.dump());
    EXPECT_TRUE(id);
    auto added = service.add_pulled({*id, record->diff_ids, record->size, ""}, {"registry.test/other:1"});
    EXPECT_TRUE(added) << added.error().message();
    for (const auto& diff_id : record->diff_ids)
        EXPECT_FALSE(model.content().has(diff_id)) << "a plain tar is there: these tests need none";
    return {pulled, *id};
}

// The loaded image's layers all kept: save and push would find them.
void expect_layers_kept(ImageStoreModel& model, const std::string& id) {
    auto record = model.service().record(id);
    ASSERT_TRUE(record);
    for (const auto& diff_id : record->diff_ids) {
        auto kept = model.service().layer_source(diff_id);
        ASSERT_TRUE(kept) << "the layer " << diff_id << " is kept by no blob";
        EXPECT_TRUE(fs::exists(model.content().path(kept->digest))) << kept->digest;
    }
    saved_archive(model.service(), {id});
}

// A load (as a pull) that finds its layers unpacked and kept compressed by
// another image fetches no copy of its own, and owns the one it relies on: an
// rmi of the other image (here while a lease is held, so nothing is deleted
// at once) leaves the loaded image its copies for good.
// An image pulled through two manifests (by two tags, or once gzip and once
// zstd) whose first names a layer blob no longer here: the copy kept under the
// second is found, for save and push alike. It was not, when only the first
// manifest was looked at.
TEST(ImageStoreModel, ALayersCopyIsFoundUnderAnyOfTheImagesManifests) {
    testing_support::ImageStoreFixture fixture;
    std::string tar = one_file_tar("f", "two manifests");
    std::string diff_id = digest_of(tar);
    nlohmann::json config = {{"architecture", "amd64"}, {"os", "linux"},
                             {"rootfs", {{"type", "layers"}, {"diff_ids", {diff_id}}}}};
    auto id = fixture.content().put(config.dump());
    ASSERT_TRUE(id);
    auto manifest_naming = [&](const std::string& layer_digest, size_t size) {
        nlohmann::json manifest = {{"schemaVersion", 2},
                                   {"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                                   {"config", {{"mediaType", "application/vnd.oci.image.config.v1+json"},
                                               {"digest", *id}, {"size", config.dump().size()}}},
                                   {"layers", {{{"mediaType", "application/vnd.oci.image.layer.v1.tar+gzip"},
                                                {"digest", layer_digest}, {"size", size}}}}};
        return *fixture.content().put(manifest.dump());
    };
    std::string gz = testing_support::gzipped(tar);
    std::string kept = *fixture.content().put(gz);
    std::string gone = "sha256:" + std::string(64, 'e'); // named by the first manifest, never here
    store::ImageRecord record;
    record.id = *id;
    record.diff_ids = {diff_id};
    record.blobs = {manifest_naming(gone, 42), manifest_naming(kept, gz.size()), kept};

    auto& service = fixture.service();
    EXPECT_EQ(service.pulled_manifests(record).size(), 2u);
    auto copy = service.compressed_copy(record, diff_id);
    ASSERT_TRUE(copy) << "the copy under the second manifest was not found";
    EXPECT_EQ(copy->digest, kept);
    EXPECT_TRUE(copy->compressed);
    auto complete = service.pulled_manifest(record, true);
    ASSERT_TRUE(complete);
    EXPECT_EQ(complete->manifest.layers.at(0).digest, kept);
}

TEST(ImageStoreModel, ALoadThatFindsItsLayersKeptOwnsTheCopy) {
    if (geteuid() != 0) GTEST_SKIP() << "unpacking layers needs root (chroot, chown)";
    ImageStoreModel elsewhere(6);
    pull_compressed_layers(elsewhere, "1", "1", "elsewhere");
    std::string archive = saved_archive(elsewhere.service(), {"registry.test/p:1"});

    ImageStoreModel model(10);
    auto& service = model.service();
    std::string pulled = pull_compressed_layers(model, "1", "1", "here"); // the same layers, another image
    auto manifest = service.pulled_manifest(*service.record(pulled), true);
    ASSERT_TRUE(manifest);
    auto loaded = load_images(service, ArchiveSource{archive, ""});
    ASSERT_TRUE(loaded) << loaded.error().message();
    std::string id = *service.resolve("registry.test/p:1"); // the name moved to the loaded image
    ASSERT_NE(id, pulled);
    auto record = service.record(id);
    ASSERT_TRUE(record);
    ASSERT_EQ(record->layer_blobs.size(), record->diff_ids.size());
    for (size_t i = 0; i < record->diff_ids.size(); ++i) {
        EXPECT_FALSE(model.content().has(record->diff_ids[i])) << "the load kept a tar of its own";
        EXPECT_EQ(record->layer_blobs.at(record->diff_ids[i]).digest, manifest->manifest.layers[i].digest);
    }
    {
        ImageService::Busy lease(service);
        ASSERT_TRUE(service.remove(pulled, true));
    }
    ASSERT_TRUE(service.prune(*api::Filters::parse("")));
    expect_layers_kept(model, id);
    ASSERT_TRUE(service.remove(id, true));
    ASSERT_TRUE(service.prune(*api::Filters::parse("")));
    EXPECT_EQ(model.content().list().size(), 0u);
}

// A deletion while work is in flight leaves the blobs to a later prune, whose
// sweep knows no manifest: the compressed blobs of layers other images still
// stack are given to one of them at the deletion, not judged at the sweep.
TEST(ImageStoreModel, ADeletionUnderALeaseGivesTheBlobsOthersStack) {
    if (geteuid() != 0) GTEST_SKIP() << "unpacking layers needs root (chroot, chown)";
    ImageStoreModel model(5);
    auto [pulled, id] = pulled_and_relying_without_a_copy(model);
    ASSERT_FALSE(HasFailure());
    {
        ImageService::Busy lease(model.service());
        ASSERT_TRUE(model.service().remove(pulled, true));
    }
    ASSERT_TRUE(model.service().prune(*api::Filters::parse("")));
    expect_layers_kept(model, id);
}

// The only copy of a layer others stack is the deleted image's compressed
// blob: it is given to the loaded image as it is, compressed. Decompressing it
// into a plain tar instead (as berthd did) held every pull, push, save and
// load behind the rmi for as long as a layer of gigabytes took; and the record
// survives a restart.
TEST(ImageStoreModel, ADeletionGivesTheCompressedBlobNotADecompressedCopy) {
    if (geteuid() != 0) GTEST_SKIP() << "unpacking layers needs root (chroot, chown)";
    ImageStoreModel model(7);
    auto [pulled, id] = pulled_and_relying_without_a_copy(model);
    ASSERT_FALSE(HasFailure());
    auto manifest = model.service().pulled_manifest(*model.service().record(pulled), true);
    ASSERT_TRUE(manifest);
    ASSERT_TRUE(model.service().remove(pulled, true));
    auto record = model.service().record(id);
    ASSERT_TRUE(record);
    for (size_t i = 0; i < record->diff_ids.size(); ++i) {
        const std::string& diff_id = record->diff_ids[i];
        EXPECT_FALSE(model.content().has(diff_id)) << "the layer " << diff_id << " was decompressed at the rmi";
        auto kept = model.service().layer_source(diff_id);
        ASSERT_TRUE(kept) << diff_id;
        EXPECT_TRUE(kept->compressed);
        EXPECT_EQ(kept->digest, manifest->manifest.layers[i].digest);
        EXPECT_EQ(kept->media_type, manifest->manifest.layers[i].media_type);
    }
    auto reopened = store::ImageStore::open(model.root() + "/image/index.json");
    ASSERT_TRUE(reopened);
    auto stored = (*reopened)->get(id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->layer_blobs, record->layer_blobs);
    EXPECT_EQ(stored->layer_blobs.size(), std::set(record->diff_ids.begin(), record->diff_ids.end()).size());
}

// The rmi cannot make a plain tar (here: no scratch directory, as on a full
// disk): the image that stacks the layer must still own its one copy, so that
// a prune afterwards does not sweep it (berthd kept the blob then, but owned
// by nothing, and the prune took it: data loss).
TEST(ImageStoreModel, APruneAfterTheRmiOfTheOnlyCopysOwnerKeepsTheLayer) {
    if (geteuid() != 0) GTEST_SKIP() << "unpacking layers needs root (chroot, chown)";
    ImageStoreModel model(8);
    auto [pulled, id] = pulled_and_relying_without_a_copy(model);
    ASSERT_FALSE(HasFailure());
    std::string scratch = model.root() + "/tmp/images";
    fs::remove_all(scratch);
    { std::ofstream(scratch) << "in the way"; }
    ASSERT_TRUE(model.service().remove(pulled, true));
    fs::remove(scratch);
    fs::create_directories(scratch);
    ASSERT_TRUE(model.service().prune(*api::Filters::parse("")));
    expect_layers_kept(model, id);
    // The blobs given go with the last image that stacks them.
    ASSERT_TRUE(model.service().remove(id, true));
    ASSERT_TRUE(model.service().prune(*api::Filters::parse("")));
    EXPECT_EQ(model.content().list().size(), 0u);
}

// A given blob passes on: the image it was given to goes while another still
// stacks the layer (here a container's held record, then released).
TEST(ImageStoreModel, AGivenBlobIsGivenOnAgain) {
    if (geteuid() != 0) GTEST_SKIP() << "unpacking layers needs root (chroot, chown)";
    ImageStoreModel model(9);
    auto& service = model.service();
    auto [pulled, id] = pulled_and_relying_without_a_copy(model);
    ASSERT_FALSE(HasFailure());
    auto record = service.record(id);
    ASSERT_TRUE(record);
    // A third image over the same layers: a commit on the loaded one.
    CommitOptions options;
    options.container_config = {{"Cmd", {"sh"}}};
    auto child = service.commit(id, [](const std::function<bool(std::string_view)>& sink) -> Result<> {
        sink(testing_support::one_file_tar("child", "1"));
        return {};
    }, options);
    ASSERT_TRUE(child) << child.error().message();
    ASSERT_TRUE(service.remove(pulled, true));
    model.containers().push_back({"c1", *child, false});
    ASSERT_TRUE(service.remove(*child, true)); // held by its container
    ASSERT_TRUE(service.remove(id, true));     // no child image left: it goes, giving the blobs on
    ASSERT_TRUE(service.prune(*api::Filters::parse("")));
    for (const auto& diff_id : record->diff_ids) {
        auto kept = service.layer_source(diff_id);
        ASSERT_TRUE(kept) << "the layer " << diff_id << " of the held record lost its last copy";
        EXPECT_TRUE(kept->compressed);
    }
    model.containers().clear();
    service.release_held(*child);
    ASSERT_TRUE(service.prune(*api::Filters::parse("")));
    EXPECT_EQ(model.content().list().size(), 0u);
}

// The store check at start: a snapshot gone is unpacked again from the layer's
// tar; an image whose config is gone is damaged: hidden, unusable, removable.
TEST(ImageStoreModel, TheCheckAtStartRepairsSnapshotsAndHidesWhatItCannotRepair) {
    if (geteuid() != 0) GTEST_SKIP() << "unpacking layers needs root (chroot, chown)";
    ImageStoreModel model(2);
    auto& service = model.service();
    auto first = model.import("one", "one:1");
    auto second = model.import("two", "two:1");
    ASSERT_TRUE(first && second);
    std::string snapshot = service.snapshot_path(service.record(*first)->diff_ids[0]);
    fs::remove_all(snapshot);
    ASSERT_TRUE(model.content().remove(*second));

    auto problems = check_image_store(service);
    ASSERT_EQ(problems.size(), 2u);
    for (const auto& problem : problems) {
        if (problem.image_id == *first) {
            EXPECT_EQ(problem.outcome, StoreProblem::Outcome::Repaired) << problem.problem;
        } else {
            EXPECT_EQ(problem.outcome, StoreProblem::Outcome::Damaged) << problem.problem;
            EXPECT_EQ(problem.names, "two:1");
            EXPECT_NE(problem.problem.find("config blob"), std::string::npos) << problem.problem;
        }
    }
    EXPECT_TRUE(fs::exists(snapshot + "/fs/f"));
    EXPECT_TRUE(service.layer_paths(*first));

    auto listed = service.list(*api::Filters::parse(""));
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ((*listed)[0]["Id"], *first);
    EXPECT_EQ(service.disk_usage()["Images"].size(), 1u);
    auto inspected = service.inspect("two:1");
    ASSERT_FALSE(inspected);
    EXPECT_NE(inspected.error().message().find("is damaged"), std::string::npos) << inspected.error().message();
    EXPECT_FALSE(service.layer_paths(*second));
    auto saved = save_images(service, {"two:1"}, [](std::string_view) { return true; });
    EXPECT_FALSE(saved);
    EXPECT_TRUE(service.remove("two:1", false));
    EXPECT_FALSE(service.record(*second));
}

// docker save checks every blob before the first byte: a layer tar that reads
// otherwise is an error answered before any of the archive is sent.
TEST(ImageStoreModel, SaveRefusesADamagedLayerBeforeSendingAnything) {
    if (geteuid() != 0) GTEST_SKIP() << "unpacking layers needs root (chroot, chown)";
    ImageStoreModel model(3);
    auto id = model.import("content", "img:1");
    ASSERT_TRUE(id);
    std::string layer = model.service().record(*id)->diff_ids[0];
    std::string path = model.content().path(layer);
    fs::permissions(path, fs::perms::owner_write, fs::perm_options::add);
    {
        std::FILE* file = std::fopen(path.c_str(), "r+b");
        ASSERT_NE(file, nullptr);
        std::fseek(file, 600, SEEK_SET);
        std::fputc('X', file);
        std::fclose(file);
    }
    size_t sent = 0;
    auto saved = save_images(model.service(), {"img:1"}, [&](std::string_view data) {
        sent += data.size();
        return true;
    });
    ASSERT_FALSE(saved);
    EXPECT_EQ(sent, 0u);
    EXPECT_NE(saved.error().message().find("content store is damaged"), std::string::npos) << saved.error().message();

    ASSERT_TRUE(model.content().remove(layer));
    saved = save_images(model.service(), {"img:1"}, [&](std::string_view data) {
        sent += data.size();
        return true;
    });
    ASSERT_FALSE(saved);
    EXPECT_EQ(sent, 0u);
    EXPECT_EQ(saved.error().category(), ErrorCategory::NotFound) << saved.error().message();
}

} // namespace
} // namespace berth::images
