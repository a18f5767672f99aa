// ContainerStore: reservations, lookups as Docker's (full ID, name with or
// without '/', unique prefix), renames and removals, and what survives a re-open.

#include "containers/container_store.h"

#include "base/files.h"
#include "support/temp_dir.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

namespace berth::containers {
namespace {

namespace fs = std::filesystem;
using berth::testing::TempDir;

// Two IDs sharing the prefix "abc1", a third starting "def".
const std::string kWeb = "abc1230000000000000000000000000000000000000000000000000000000001";
const std::string kDb = "abc1450000000000000000000000000000000000000000000000000000000002";
const std::string kCache = "def0000000000000000000000000000000000000000000000000000000000003";

Container make(const std::string& id, const std::string& name) {
    Container c;
    c.id = id;
    c.name = name;
    c.created = "2025-01-01T00:00:00Z";
    c.image_id = "sha256:feed";
    c.path = "sh";
    c.config = {{"Image", "busybox"}};
    c.host_config = {{"NetworkMode", "bridge"}};
    return c;
}

std::unique_ptr<ContainerStore> open_store(const std::string& root) {
    auto store = ContainerStore::open(root);
    EXPECT_TRUE(store) << store.error().message();
    return store ? std::move(*store) : nullptr;
}

void add(ContainerStore& store, const std::string& id, const std::string& name) {
    ASSERT_TRUE(store.reserve(id, name));
    auto committed = store.commit(make(id, name));
    ASSERT_TRUE(committed) << committed.error().message();
}

std::string conflict_message(const std::string& name, const std::string& id) {
    return "Conflict. The container name \"/" + name + "\" is already in use by container \"" + id +
           "\". You have to remove (or rename) that container to be able to reuse that name.";
}

class ContainerStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        store_ = open_store(root_ / "containers");
        ASSERT_TRUE(store_);
        add(*store_, kWeb, "web");
        add(*store_, kDb, "db");
        add(*store_, kCache, "cache");
    }
    std::string root() const { return root_ / "containers"; }

    TempDir root_{"berth-container-store"};
    std::unique_ptr<ContainerStore> store_;
};

TEST_F(ContainerStoreTest, OpenMakesTheRoot) {
    EXPECT_TRUE(fs::is_directory(root()));
    EXPECT_EQ(store_->directory(kWeb), root() + "/" + kWeb);
}

TEST_F(ContainerStoreTest, CommitWritesThePrivateRecord) {
    std::string record = store_->directory(kWeb) + "/container.json";
    auto text = read_file(record);
    ASSERT_TRUE(text);
    EXPECT_EQ(container_from_json(nlohmann::json::parse(*text)).name, "web");
    struct stat st{};
    ASSERT_EQ(::stat(record.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(ContainerStoreTest, FindsByFullId) {
    auto found = store_->find(kDb);
    ASSERT_TRUE(found) << found.error().message();
    EXPECT_EQ(found->name, "db");
}

TEST_F(ContainerStoreTest, FindsByNameWithAndWithoutSlash) {
    auto plain = store_->find("web");
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->id, kWeb);
    auto slashed = store_->find("/web");
    ASSERT_TRUE(slashed);
    EXPECT_EQ(slashed->id, kWeb);
}

TEST_F(ContainerStoreTest, FindsByUniquePrefix) {
    auto found = store_->find("abc12");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, kWeb);
    found = store_->find("d");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, kCache);
    found = store_->find(kDb.substr(0, 12));
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, kDb);
}

TEST_F(ContainerStoreTest, AmbiguousPrefixIsNotFound) {
    auto found = store_->find("abc1");
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().category(), ErrorCategory::NotFound);
    EXPECT_EQ(found.error().message(), "No such container: abc1");
}

TEST_F(ContainerStoreTest, UnknownAndEmptyReferencesAreNotFound) {
    for (const std::string& reference : {std::string("nope"), std::string("/nope"), std::string("0"), std::string()}) {
        auto found = store_->find(reference);
        ASSERT_FALSE(found) << reference;
        EXPECT_EQ(found.error().category(), ErrorCategory::NotFound);
        EXPECT_EQ(found.error().message(), "No such container: " + reference);
    }
}

// Docker looks a reference up as an exact ID, then a name, then an ID prefix.
TEST_F(ContainerStoreTest, NameWinsOverIdPrefix) {
    const std::string other = "fed0000000000000000000000000000000000000000000000000000000000004";
    add(*store_, other, "def");
    auto found = store_->find("def");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, other);
}

TEST_F(ContainerStoreTest, ReservedNameConflictsWithDockersMessage) {
    auto taken = store_->reserve(std::string(64, 'e'), "web");
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().category(), ErrorCategory::Conflict);
    EXPECT_EQ(taken.error().message(), conflict_message("web", kWeb));
    EXPECT_FALSE(fs::exists(store_->directory(std::string(64, 'e'))));
}

TEST_F(ContainerStoreTest, ReservationHoldsTheNameBeforeCommit) {
    const std::string id(64, 'e');
    ASSERT_TRUE(store_->reserve(id, "pending"));
    EXPECT_TRUE(fs::is_directory(store_->directory(id)));
    // Not a container yet.
    EXPECT_FALSE(store_->find("pending"));
    EXPECT_FALSE(store_->get(id));
    auto second = store_->reserve(std::string(64, 'f'), "pending");
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().message(), conflict_message("pending", id));
}

TEST_F(ContainerStoreTest, ReleaseFreesNameAndDirectory) {
    const std::string id(64, 'e');
    ASSERT_TRUE(store_->reserve(id, "pending"));
    store_->release(id);
    EXPECT_FALSE(fs::exists(store_->directory(id)));
    EXPECT_TRUE(store_->reserve(std::string(64, 'f'), "pending"));
}

TEST_F(ContainerStoreTest, CommitReplacesTheRecord) {
    Container web = *store_->get(kWeb);
    web.state.status = "running";
    web.state.pid = 77;
    ASSERT_TRUE(store_->commit(web));
    EXPECT_EQ(store_->find("web")->state.pid, 77);
    auto reopened = open_store(root());
    ASSERT_TRUE(reopened);
    EXPECT_EQ(reopened->find("web")->state.status, "running");
}

TEST_F(ContainerStoreTest, ListHasEveryCommittedContainer) {
    ASSERT_TRUE(store_->reserve(std::string(64, 'e'), "pending"));
    auto all = store_->list();
    std::vector<std::string> names;
    for (const auto& c : all) names.push_back(c.name);
    std::ranges::sort(names);
    EXPECT_EQ(names, (std::vector<std::string>{"cache", "db", "web"}));
}

TEST_F(ContainerStoreTest, RenameConflictKeepsTheOldName) {
    auto renamed = store_->rename(kWeb, "db");
    ASSERT_FALSE(renamed);
    EXPECT_EQ(renamed.error().category(), ErrorCategory::Conflict);
    EXPECT_EQ(renamed.error().message(), conflict_message("db", kDb));
    EXPECT_EQ(store_->find("web")->id, kWeb);
    EXPECT_EQ(store_->find("db")->id, kDb);
}

TEST_F(ContainerStoreTest, RenameOfUnknownIdIsNotFound) {
    auto renamed = store_->rename(std::string(64, 'e'), "x");
    ASSERT_FALSE(renamed);
    EXPECT_EQ(renamed.error().category(), ErrorCategory::NotFound);
}

TEST_F(ContainerStoreTest, RenameIsPersistedAndFreesTheOldName) {
    ASSERT_TRUE(store_->rename(kWeb, "frontend"));
    EXPECT_EQ(store_->find("frontend")->id, kWeb);
    EXPECT_EQ(store_->get(kWeb)->name, "frontend");
    EXPECT_FALSE(store_->find("web"));

    auto reopened = open_store(root());
    ASSERT_TRUE(reopened);
    EXPECT_EQ(reopened->find("/frontend")->id, kWeb);
    EXPECT_FALSE(reopened->find("web"));
    // The old name is free again, the new one is not.
    EXPECT_TRUE(reopened->reserve(std::string(64, 'e'), "web"));
    auto taken = reopened->reserve(std::string(64, 'f'), "frontend");
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().message(), conflict_message("frontend", kWeb));
}

TEST_F(ContainerStoreTest, RemoveDropsRecordDirectoryAndName) {
    ASSERT_TRUE(store_->remove(kDb));
    EXPECT_FALSE(fs::exists(store_->directory(kDb)));
    EXPECT_FALSE(store_->get(kDb));
    EXPECT_FALSE(store_->find("db"));
    // "abc1" is no longer ambiguous.
    auto found = store_->find("abc1");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, kWeb);
    EXPECT_TRUE(store_->reserve(std::string(64, 'e'), "db"));

    auto reopened = open_store(root());
    ASSERT_TRUE(reopened);
    EXPECT_FALSE(reopened->get(kDb));
    EXPECT_EQ(reopened->list().size(), 2u);
}

TEST_F(ContainerStoreTest, ReopenRestoresContainersAndNames) {
    store_.reset();
    auto reopened = open_store(root());
    ASSERT_TRUE(reopened);
    EXPECT_EQ(reopened->list().size(), 3u);
    EXPECT_EQ(reopened->find("web")->id, kWeb);
    EXPECT_EQ(reopened->find("/db")->id, kDb);
    EXPECT_EQ(reopened->find("def")->id, kCache);
    EXPECT_EQ(reopened->get(kWeb)->config, nlohmann::json({{"Image", "busybox"}}));
    auto taken = reopened->reserve(std::string(64, 'e'), "cache");
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().message(), conflict_message("cache", kCache));
}

TEST_F(ContainerStoreTest, OpenSweepsUnfinishedCreates) {
    const std::string unfinished(64, 'e');
    ASSERT_TRUE(store_->reserve(unfinished, "half"));
    ASSERT_TRUE(write_file_atomically(store_->directory(unfinished) + "/hostname", "half\n"));
    store_.reset();

    auto reopened = open_store(root());
    ASSERT_TRUE(reopened);
    EXPECT_FALSE(fs::exists(root() + "/" + unfinished));
    EXPECT_EQ(reopened->list().size(), 3u);
    // Its name was never a container's: free.
    EXPECT_TRUE(reopened->reserve(std::string(64, 'f'), "half"));
}

TEST_F(ContainerStoreTest, OpenSkipsUnreadableRecords) {
    const std::string garbled(64, 'e'), incomplete(64, 'f');
    ASSERT_TRUE(store_->reserve(garbled, "garbled"));
    ASSERT_TRUE(write_file_atomically(store_->directory(garbled) + "/container.json", "{not json"));
    ASSERT_TRUE(store_->reserve(incomplete, "incomplete"));
    ASSERT_TRUE(write_file_atomically(store_->directory(incomplete) + "/container.json", R"({"id": "x"})"));
    store_.reset();

    auto reopened = open_store(root());
    ASSERT_TRUE(reopened);
    EXPECT_EQ(reopened->list().size(), 3u);
    EXPECT_FALSE(reopened->get(garbled));
    EXPECT_FALSE(reopened->get(incomplete));
    EXPECT_FALSE(reopened->find("garbled"));
    EXPECT_EQ(reopened->find("web")->id, kWeb);
}

TEST(ContainerStoreOpen, UncreatableRootIsSystemError) {
    TempDir dir("berth-container-store");
    ASSERT_TRUE(write_file_atomically(dir / "file", "x"));
    auto store = ContainerStore::open(dir / "file/containers");
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().category(), ErrorCategory::System);
}

// A record being written (two fsyncs; on a busy disk tens of milliseconds)
// must not hold up lookups, which the API's io threads make for every request
// naming a container: with them waiting, berthd's /_ping waited too. The
// commit here is stuck opening its temporary file, a FIFO nobody reads yet.
TEST_F(ContainerStoreTest, LookupsDoNotWaitForARecordBeingWritten) {
    std::promise<void> fifo_made;
    std::thread writer([&] {
        std::string temporary = store_->directory(kWeb) + "/container.json.tmp." + std::to_string(::gettid());
        ASSERT_EQ(::mkfifo(temporary.c_str(), 0600), 0);
        fifo_made.set_value();
        (void)store_->commit(make(kWeb, "web")); // fails in the end: a FIFO cannot be fsynced
    });
    fifo_made.get_future().wait();
    std::this_thread::sleep_for(std::chrono::milliseconds(50)); // the commit is in open() now
    auto lookups = std::async(std::launch::async, [&] {
        return store_->find("web").has_value() && store_->get(kDb).has_value() && store_->list().size() == 3;
    });
    bool answered = lookups.wait_for(std::chrono::seconds(2)) == std::future_status::ready;
    // Let the commit through (a reader for the FIFO, drained to its end) either way.
    std::string temporary;
    for (const auto& entry : fs::directory_iterator(store_->directory(kWeb)))
        if (entry.path().filename().string().starts_with("container.json.tmp.")) temporary = entry.path();
    std::thread reader([&] {
        std::ifstream drain(temporary);
        std::string ignored((std::istreambuf_iterator<char>(drain)), std::istreambuf_iterator<char>());
    });
    writer.join();
    reader.join();
    EXPECT_TRUE(answered) << "lookups waited for the commit's write";
    EXPECT_TRUE(lookups.get());
}

// Lookups hand out the record as committed, shared: a later commit replaces it
// without changing what a reader holds (it is read after the store's lock is
// let go), and the removal of the record leaves the reader's copy whole.
TEST_F(ContainerStoreTest, SnapshotsStayAsCommitted) {
    auto before = store_->snapshot(kWeb);
    ASSERT_TRUE(before);
    Container running = make(kWeb, "web");
    running.state.status = "running";
    ASSERT_TRUE(store_->commit(running));
    auto after = store_->find_snapshot("web");
    ASSERT_TRUE(after) << after.error().message();
    EXPECT_EQ((*after)->state.status, "running");
    EXPECT_EQ(before->state.status, "created");
    EXPECT_EQ(store_->get(kWeb)->state.status, "running");

    ASSERT_TRUE(store_->remove(kWeb));
    EXPECT_EQ(store_->snapshot(kWeb), nullptr);
    EXPECT_EQ((*after)->name, "web");
    auto gone = store_->find_snapshot("web");
    ASSERT_FALSE(gone);
    EXPECT_EQ(gone.error().message(), "No such container: web");
}

// A rename replaces the snapshot too: the old one keeps the old name.
TEST_F(ContainerStoreTest, RenameLeavesEarlierSnapshotsAlone) {
    auto before = store_->snapshot(kDb);
    ASSERT_TRUE(store_->rename(kDb, "database"));
    EXPECT_EQ(before->name, "db");
    EXPECT_EQ(store_->snapshot(kDb)->name, "database");
}

} // namespace
} // namespace berth::containers
