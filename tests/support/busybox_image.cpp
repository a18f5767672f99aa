#include "support/busybox_image.h"

#include "support/temp_dir.h"

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace berth::testing {

namespace fs = std::filesystem;

namespace {

std::string run_and_read(const std::string& command) {
    std::string out;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return out;
    std::array<char, 4096> piece{};
    size_t got = 0;
    while ((got = std::fread(piece.data(), 1, piece.size(), pipe)) > 0) out.append(piece.data(), got);
    ::pclose(pipe);
    return out;
}

void write_file(const fs::path& path, std::string_view text) {
    std::ofstream(path) << text;
}

} // namespace

std::string busybox_binary() {
    for (const char* candidate : {"/usr/bin/busybox", "/bin/busybox"})
        if (fs::exists(candidate)) return candidate;
    return {};
}

Result<> import_busybox_image(api::EngineClient& client, const std::string& reference) {
    const std::string busybox = busybox_binary();
    if (busybox.empty()) return fail(ErrorCategory::NotFound, "busybox (busybox-static) is not installed");
    TempDir dir("berth-busybox");
    const fs::path root = dir / "rootfs";
    for (const char* sub : {"bin", "etc", "tmp"}) fs::create_directories(root / sub);
    fs::copy_file(busybox, root / "bin/busybox");
    std::istringstream applets(run_and_read(busybox + " --list"));
    for (std::string applet; std::getline(applets, applet);)
        if (!applet.empty() && applet != "busybox") fs::create_symlink("busybox", root / "bin" / applet);
    write_file(root / "etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
    write_file(root / "etc/group", "root:x:0:\nnogroup:x:65534:\n");
    const std::string tarball = dir / "rootfs.tar";
    if (std::system(("tar -C " + root.string() + " -cf " + tarball + " .").c_str()) != 0)
        return fail(ErrorCategory::System, "tar of the busybox root filesystem failed");
    std::ifstream in(tarball, std::ios::binary);
    const std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto colon = reference.rfind(':');
    const std::string repo = reference.substr(0, colon), tag = colon == std::string::npos ? "latest" : reference.substr(colon + 1);
    // changes=CMD ["/bin/sh"], URL-encoded.
    auto response = client.request("POST", "/images/create?fromSrc=-&repo=" + repo + "&tag=" + tag +
                                               "&changes=CMD%20%5B%22%2Fbin%2Fsh%22%5D",
                                   body, "application/x-tar");
    if (!response) return std::unexpected(response.error());
    if (response->status != 200) return std::unexpected(api::error_from_response(*response));
    return {};
}

} // namespace berth::testing
