// The Files tab's tar code: headers read from a stream fed in odd pieces, and
// downloads that cannot write outside the chosen folder.
#include "ui/client/container_files.h"
#include "ui/client/files_tar.h"
#include "ui/client/files_tar_source.h"

#include <QTemporaryDir>
#include <QtTest/QTest>

#include <cstring>
#include <format>

#include <filesystem>
#include <fstream>

using namespace berth::ui;
namespace fs = std::filesystem;

namespace {

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Feeds `archive` 7 bytes at a time: headers and data split anywhere.
template <typename Reader>
void feedInPieces(Reader& reader, const std::string& archive) {
    for (size_t at = 0; at < archive.size(); at += 7) reader.feed(std::string_view(archive).substr(at, 7));
}

} // namespace

class FilesTarTest : public QObject {
    Q_OBJECT
private slots:
    void packedTreeReadsBack();
    void downloadsStayInsideTheFolder();
    void directChildrenOfAListing();
    void aTreeIsMadeAsItIsReadInSmallPieces();
    void aFileCutShortWhileSentIsAnError();
};

void FilesTarTest::packedTreeReadsBack() {
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    fs::create_directories(root / "tree/sub");
    std::ofstream(root / "tree/sub/file.txt") << "content";
    std::ofstream(root / "tree" / std::string(120, 'n')) << "long";
    fs::create_symlink("sub/file.txt", root / "tree/link");
    auto archive = tar::read_all(tar::PackSource::of_paths({root / "tree"}));
    QVERIFY(archive);

    std::vector<tar::Entry> entries;
    std::string data;
    tar::StreamReader reader([&](const tar::Entry& e) { entries.push_back(e); return true; },
                             [&](const tar::Entry&, std::string_view bytes) { data += bytes; return true; });
    feedInPieces(reader, *archive);
    QVERIFY(reader.finished());
    QCOMPARE(entries.size(), size_t{5});
    QCOMPARE(entries[0].path, std::string("tree"));
    QCOMPARE(entries[0].type, tar::Entry::Type::Directory);
    bool sawLink = false, sawLong = false;
    for (const auto& e : entries) {
        if (e.path == "tree/link") {
            sawLink = true;
            QCOMPARE(e.type, tar::Entry::Type::Symlink);
            QCOMPARE(e.link_target, std::string("sub/file.txt"));
        }
        if (e.path == "tree/" + std::string(120, 'n')) sawLong = true;
    }
    QVERIFY(sawLink);
    QVERIFY(sawLong);
    QVERIFY(data.find("content") != std::string::npos && data.find("long") != std::string::npos);
}

void FilesTarTest::downloadsStayInsideTheFolder() {
    // A hostile archive, made with our writer from a tree of the same shape
    // and then renamed in place: ../, absolute, a link out and a write through it.
    QTemporaryDir source, destination, outside;
    const fs::path src = source.path().toStdString();
    fs::create_directories(src / "d");
    std::ofstream(src / "d/ok.txt") << "fine";
    std::ofstream(src / "d/aaaaaaaaaa") << "escape";
    fs::create_symlink(outside.path().toStdString(), src / "d/out");
    auto archive = tar::read_all(tar::PackSource::of_paths({src / "d"}));
    QVERIFY(archive);
    // Rename "d/aaaaaaaaaa" to "../escaped1" (same length keeps the checksum fixable: recompute below).
    std::string hostile = *archive;
    auto rename = [&hostile](const std::string& from, const std::string& to) {
        size_t at = hostile.find(from);
        QVERIFY(at != std::string::npos && at % 512 == 0);
        std::memset(hostile.data() + at, 0, 100);
        std::memcpy(hostile.data() + at, to.data(), to.size());
        std::memset(hostile.data() + at + 148, ' ', 8);
        unsigned sum = 0;
        for (size_t i = 0; i < 512; ++i) sum += static_cast<unsigned char>(hostile[at + i]);
        std::string checksum = std::format("{:06o}", sum);
        std::memcpy(hostile.data() + at + 148, checksum.data(), 6);
        hostile[at + 154] = '\0';
    };
    rename("d/aaaaaaaaaa", "../escaped");
    tar::SafeExtractor extractor(destination.path().toStdString());
    tar::StreamReader reader([&](const tar::Entry& e) { return extractor.entry(e); },
                             [&](const tar::Entry& e, std::string_view bytes) { return extractor.data(e, bytes); });
    feedInPieces(reader, hostile);
    auto written = extractor.finish();
    QVERIFY(written);
    const fs::path dst = destination.path().toStdString();
    QCOMPARE(read_all(dst / "d/ok.txt"), std::string("fine"));
    QVERIFY(!fs::exists(dst / "escaped"));
    QVERIFY(!fs::exists(fs::path(destination.path().toStdString()).parent_path() / "escaped"));
    QVERIFY(!fs::exists(fs::symlink_status(dst / "d/out"))); // a link to an absolute path is refused
    QCOMPARE(extractor.refused().size(), size_t{2});
    QVERIFY(fs::is_empty(outside.path().toStdString()));
    QVERIFY(tar::contained_path("/etc/passwd").empty());
    QVERIFY(tar::contained_path("a/../../b").empty());
    QCOMPARE(tar::contained_path("./a/./b").string(), std::string("a/b"));
}

void FilesTarTest::directChildrenOfAListing() {
    std::vector<tar::Entry> all(5);
    all[0].path = "etc";
    all[0].type = tar::Entry::Type::Directory;
    all[1].path = "etc/passwd";
    all[2].path = "etc/ssl";
    all[2].type = tar::Entry::Type::Directory;
    all[3].path = "etc/ssl/cert.pem";
    all[4].path = "etc/group";
    auto children = directChildren(all);
    QCOMPARE(children.size(), size_t{3});
    QCOMPARE(children[0].path, std::string("ssl")); // folders first
    QCOMPARE(children[1].path, std::string("group"));
    QCOMPARE(children[2].path, std::string("passwd"));
}

void FilesTarTest::aTreeIsMadeAsItIsReadInSmallPieces() {
    // A file of 300,000 bytes read 1000 bytes at a time: no read returns more
    // than it was asked for, the include filter applies inside a left-out
    // directory, and the pieces make the same tar as one read of it all.
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    fs::create_directories(root / "skipped/kept");
    std::string big(300000, '\0');
    for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + i % 23);
    std::ofstream(root / "big.bin", std::ios::binary) << big;
    std::ofstream(root / "skipped/dropped.txt") << "no";
    std::ofstream(root / "skipped/kept/wanted.txt") << "yes";
    auto include = [](const std::string& name, bool) { return !name.starts_with("skipped") || name.starts_with("skipped/kept"); };

    auto source = tar::PackSource::of_tree(root, include);
    std::string archive;
    char piece[1000];
    int reads = 0;
    for (;;) {
        auto got = source.read(std::span<char>(piece));
        QVERIFY(got);
        QVERIFY(*got <= sizeof piece);
        if (*got == 0) break;
        archive.append(piece, *got);
        ++reads;
    }
    QVERIFY(reads > 300);
    auto whole = tar::read_all(tar::PackSource::of_tree(root, include));
    QVERIFY(whole);
    QCOMPARE(archive, *whole);

    std::vector<std::string> names;
    std::string bigRead;
    tar::StreamReader reader([&](const tar::Entry& e) { names.push_back(e.path); return true; },
                             [&](const tar::Entry& e, std::string_view bytes) {
                                 if (e.path == "big.bin") bigRead += bytes;
                                 return true;
                             });
    reader.feed(archive);
    QVERIFY(reader.finished());
    QCOMPARE(names, (std::vector<std::string>{"big.bin", "skipped/kept", "skipped/kept/wanted.txt"}));
    QVERIFY(bigRead == big);
}

void FilesTarTest::aFileCutShortWhileSentIsAnError() {
    QTemporaryDir dir;
    const fs::path file = fs::path(dir.path().toStdString()) / "shrinks.bin";
    std::ofstream(file, std::ios::binary) << std::string(100000, 'z');
    auto source = tar::PackSource::of_paths({file});
    char piece[4096];
    auto first = source.read(std::span<char>(piece)); // the header and the start of the content
    QVERIFY(first && *first == sizeof piece);
    fs::resize_file(file, 10);
    berth::Result<size_t> got = size_t{1};
    while (got && *got > 0) got = source.read(std::span<char>(piece));
    QVERIFY(!got);
    QVERIFY(got.error().message().find("shrinks.bin") != std::string::npos);
}

QTEST_MAIN(FilesTarTest)
#include "files_tar_test.moc"
