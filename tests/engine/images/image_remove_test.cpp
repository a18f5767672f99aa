// docker rmi's conflicts as moby decides them (ImageDelete, isSingleReference,
// checkImageDeleteConflict): several tags, a tag and its digest, two
// repositories, by ID and ID prefix, with and without force, with containers.
// A real ImageService over a real temporary store (the unpacker chroots: root).
#include "image_service_fixture.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <unistd.h>

namespace berth::images {
namespace {

constexpr const char* kContainer = "c0ffee00000000000000000000000000000000000000000000000000000000aa";

class ImageRemove : public ::testing::Test, public testing_support::ImageStoreFixture {
protected:
    void SetUp() override {
        if (geteuid() != 0) GTEST_SKIP() << "unpacking layers needs root (chroot, chown)";
        auto imported = import("content", "app:1");
        ASSERT_TRUE(imported) << imported.error().message();
        id = *imported;
        short_id = id.substr(7, 12);
    }
    void use(bool running) { containers().push_back({kContainer, id, running}); }
    // A digest reference in `repository`, as a pull records next to its tag.
    void add_digest(const std::string& repository) {
        auto reference = parse_reference(repository + "@sha256:" + std::string(64, 'd'));
        ASSERT_TRUE(reference);
        ASSERT_TRUE(service().add_digest_reference(id, *reference));
    }
    std::vector<std::string> lines(const nlohmann::json& report) {
        std::vector<std::string> out;
        for (const auto& item : report)
            for (const auto& [key, value] : item.items()) out.push_back(key + " " + value.get<std::string>());
        return out;
    }
    std::string conflict(std::string_view name, bool force) {
        auto removed = service().remove(name, force);
        if (removed) return "no conflict";
        EXPECT_EQ(removed.error().category(), ErrorCategory::Conflict) << removed.error().message();
        return removed.error().message();
    }
    bool exists() { return service().record(id).has_value(); }

    std::string id;
    std::string short_id;
};

TEST_F(ImageRemove, OneOfSeveralTagsOnlyUntagsEvenWhileAContainerUsesTheImage) {
    ASSERT_TRUE(service().tag(id, "app", "2"));
    use(true);
    auto removed = service().remove("app:1", false);
    ASSERT_TRUE(removed) << removed.error().message();
    EXPECT_EQ(lines(*removed), std::vector<std::string>{"Untagged app:1"});
    EXPECT_TRUE(exists());
}

TEST_F(ImageRemove, ATagAndItsDigestAreOneReference) {
    add_digest("app");
    use(false);
    EXPECT_EQ(conflict("app:1", false),
              std::format("conflict: unable to remove repository reference \"app:1\" (must force) - container {} is "
                          "using its referenced image {}",
                          std::string(kContainer).substr(0, 12), short_id));
    EXPECT_EQ(service().references_to(id).size(), 2u);
    // Forced, the tag goes and its digest with it, and the image as in Docker;
    // its stopped container keeps the layers (the record it holds).
    auto removed = service().remove("app:1", true);
    ASSERT_TRUE(removed) << removed.error().message();
    EXPECT_EQ(lines(*removed), (std::vector<std::string>{"Untagged app:1", "Untagged app@sha256:" + std::string(64, 'd'),
                                                         "Deleted " + id}));
    EXPECT_FALSE(exists());
    EXPECT_TRUE(service().references_to(id).empty());
    EXPECT_TRUE(service().layer_paths(id)) << "the stopped container lost its layers";
}

TEST_F(ImageRemove, TheLastTagTakesItsDigestAndTheImage) {
    add_digest("app");
    auto removed = service().remove("app:1", false);
    ASSERT_TRUE(removed) << removed.error().message();
    auto got = lines(*removed);
    ASSERT_GE(got.size(), 3u);
    EXPECT_EQ(got[0], "Untagged app:1");
    EXPECT_EQ(got[1], "Untagged app@sha256:" + std::string(64, 'd'));
    EXPECT_EQ(got[2], "Deleted " + id);
    EXPECT_FALSE(exists());
}

TEST_F(ImageRemove, TwoRepositoriesByIdNeedForce) {
    ASSERT_TRUE(service().tag(id, "other", "1"));
    EXPECT_EQ(conflict(id, false), std::format("conflict: unable to delete {} (must be forced) - image is referenced in "
                                               "multiple repositories",
                                               short_id));
    EXPECT_EQ(conflict(short_id, false), conflict(id, false)); // an ID prefix is the ID
    auto removed = service().remove(short_id, true);
    ASSERT_TRUE(removed) << removed.error().message();
    EXPECT_FALSE(exists());
}

TEST_F(ImageRemove, TwoTagsOfOneRepositoryByIdNeedForce) {
    ASSERT_TRUE(service().tag(id, "app", "2"));
    EXPECT_NE(conflict(id, false).find("image is referenced in multiple repositories"), std::string::npos);
    EXPECT_TRUE(exists());
}

TEST_F(ImageRemove, OneRepositoryByIdUntagsAndDeletes) {
    add_digest("app");
    auto removed = service().remove(id.substr(7), false); // the ID without "sha256:"
    ASSERT_TRUE(removed) << removed.error().message();
    auto got = lines(*removed);
    EXPECT_EQ(std::ranges::count_if(got, [](const std::string& line) { return line.starts_with("Untagged "); }), 2);
    EXPECT_NE(std::ranges::find(got, "Deleted " + id), got.end());
    EXPECT_FALSE(exists());
}

TEST_F(ImageRemove, ARunningContainerCannotBeForcedById) {
    use(true);
    std::string running = std::format("conflict: unable to delete {} (cannot be forced) - image is being used by "
                                      "running container {}",
                                      short_id, std::string(kContainer).substr(0, 12));
    EXPECT_EQ(conflict(id, true), running);
    ASSERT_TRUE(service().tag(id, "other", "1"));
    EXPECT_EQ(conflict(id, false), running); // checked before the names, as moby does
    EXPECT_TRUE(exists());
    EXPECT_EQ(service().references_to(id).size(), 2u);
}

TEST_F(ImageRemove, AStoppedContainerByIdMustBeForced) {
    use(false);
    EXPECT_EQ(conflict(short_id, false), std::format("conflict: unable to delete {} (must be forced) - image is being "
                                                     "used by stopped container {}",
                                                     short_id, std::string(kContainer).substr(0, 12)));
    EXPECT_EQ(service().references_to(id).size(), 1u); // refused: its name stays
    auto removed = service().remove(short_id, true);
    ASSERT_TRUE(removed) << removed.error().message();
    EXPECT_EQ(lines(*removed), (std::vector<std::string>{"Untagged app:1", "Deleted " + id}));
    EXPECT_FALSE(exists());
    EXPECT_TRUE(service().layer_paths(id)) << "the stopped container still needs its layers";
}

// Docker's `rmi -f` of an image only a stopped container uses: the image is
// gone from every listing, the container keeps its layers and config (it can
// start, export and commit), and its removal frees them. The held record is
// in the index file itself: a berthd killed in between finds it again, and
// releases it at start once no container uses it.
TEST_F(ImageRemove, ForcedWithAStoppedContainerDeletesTheImageAndTheContainerKeepsItsLayers) {
    use(false);
    std::string layer = service().record(id)->diff_ids[0];
    auto removed = service().remove("app:1", true);
    ASSERT_TRUE(removed) << removed.error().message();
    EXPECT_EQ(lines(*removed), (std::vector<std::string>{"Untagged app:1", "Deleted " + id}));
    EXPECT_FALSE(service().resolve(id));
    EXPECT_FALSE(service().resolve(short_id));
    EXPECT_TRUE(service().list(*api::Filters::parse(""))->empty());
    EXPECT_TRUE(service().disk_usage()["Images"].empty());
    EXPECT_TRUE(service().prune(*api::Filters::parse(R"({"dangling":["false"]})")));
    ASSERT_TRUE(service().layer_paths(id)) << "prune took the stopped container's layers";
    EXPECT_TRUE(service().has_snapshot(layer));
    EXPECT_TRUE(content().has(id));

    CommitOptions options;
    options.container_config = {{"Cmd", {"sh"}}};
    std::string tar = testing_support::one_file_tar("new", "new");
    auto committed = service().commit(id, [&](const std::function<bool(std::string_view)>& sink) -> Result<> {
        sink(tar);
        return {};
    }, options);
    ASSERT_TRUE(committed) << "commit of the container: " << committed.error().message();
    ASSERT_TRUE(service().remove(*committed, false));

    auto reopened = store::ImageStore::open(root() + "/image/index.json");
    ASSERT_TRUE(reopened);
    EXPECT_TRUE((*reopened)->held(id)) << "the held record is not in the index file";
    EXPECT_FALSE((*reopened)->get(id));

    containers().clear();
    service().release_unused_held(); // as at start, after a kill between the container's removal and the release
    EXPECT_FALSE(service().stored_record(id));
    EXPECT_FALSE(service().has_snapshot(layer));
    EXPECT_FALSE(content().has(id));
    EXPECT_TRUE(content().list().empty());
}

TEST_F(ImageRemove, ForcedByNameWithARunningContainerUntagsAndKeeps) {
    use(true);
    auto removed = service().remove("app:1", true);
    ASSERT_TRUE(removed) << removed.error().message();
    EXPECT_EQ(lines(*removed), std::vector<std::string>{"Untagged app:1"});
    EXPECT_TRUE(exists());
}

Result<std::string> commit_on(ImageService& service, const std::string& parent, const std::string& file) {
    CommitOptions options;
    options.container_config = {{"Cmd", {"sh"}}};
    std::string layer = testing_support::one_file_tar(file, file);
    return service.commit(parent, [&](const std::function<bool(std::string_view)>& sink) -> Result<> {
        sink(layer);
        return {};
    }, options);
}

// A commit records its parent: the parent cannot be deleted by ID while its
// child exists (not even forced), by name it is only untagged; deleting the
// child takes the parents nothing else keeps along, unless --no-prune.
TEST_F(ImageRemove, ParentsOfCommittedImages) {
    auto child = commit_on(service(), id, "child");
    ASSERT_TRUE(child) << child.error().message();
    ASSERT_TRUE(service().tag(*child, "child", "1"));
    EXPECT_EQ(conflict(id, true), std::format("conflict: unable to delete {} (cannot be forced) - image has dependent "
                                              "child images",
                                              short_id));
    auto untagged = service().remove("app:1", false);
    ASSERT_TRUE(untagged) << untagged.error().message();
    EXPECT_EQ(lines(*untagged), std::vector<std::string>{"Untagged app:1"});
    EXPECT_TRUE(exists()) << "an untagged parent stays for its child";
    // An intermediate image: out of `docker images`, in `docker images -a`.
    auto listed = service().list(*api::Filters::parse(""), false);
    ASSERT_TRUE(listed);
    EXPECT_EQ(listed->size(), 1u);
    EXPECT_EQ(service().list(*api::Filters::parse(""), true)->size(), 2u);

    auto removed = service().remove("child:1", false, false); // --no-prune
    ASSERT_TRUE(removed) << removed.error().message();
    EXPECT_FALSE(service().record(*child));
    EXPECT_TRUE(exists()) << "--no-prune took the parent";

    auto second = commit_on(service(), id, "second");
    ASSERT_TRUE(second);
    removed = service().remove(*second, false);
    ASSERT_TRUE(removed) << removed.error().message();
    auto got = lines(*removed);
    EXPECT_NE(std::ranges::find(got, "Deleted " + *second), got.end());
    EXPECT_NE(std::ranges::find(got, "Deleted " + id), got.end()) << "the untagged parent stayed";
    EXPECT_FALSE(exists());
}

TEST_F(ImageRemove, ATaggedParentStaysWhenItsChildGoes) {
    auto child = commit_on(service(), id, "child");
    ASSERT_TRUE(child);
    ASSERT_TRUE(service().remove(*child, false));
    EXPECT_TRUE(exists());
}

TEST_F(ImageRemove, ANameThatIsNoneOfTheImagesIsNotFound) {
    auto removed = service().remove("nothing:1", false);
    ASSERT_FALSE(removed);
    EXPECT_EQ(removed.error().category(), ErrorCategory::NotFound);
    EXPECT_EQ(removed.error().message(), "No such image: nothing:1");
}

} // namespace
} // namespace berth::images
