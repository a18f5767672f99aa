#include "volumes/plugin_client.h"

#include "base/go_errno.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace berth::volumes {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

// Runs one asynchronous operation on `io`; the stream's deadline turns a hang
// into beast::error::timeout.
template <typename Start>
boost::system::error_code run_operation(asio::io_context& io, Start&& start) {
    boost::system::error_code result = asio::error::would_block;
    io.restart();
    start([&result](boost::system::error_code ec, auto&&...) { result = ec; });
    io.run();
    return result;
}

struct RawAnswer {
    int status = 0;
    std::string body;
};

template <typename Protocol>
Result<RawAnswer> exchange(asio::io_context& io, typename Protocol::endpoint endpoint, const PluginAddress& plugin,
                           http::request<http::string_body>& request, std::chrono::milliseconds timeout) {
    beast::basic_stream<Protocol> stream(io);
    stream.expires_after(timeout);
    auto ec = run_operation(io, [&](auto handler) { stream.async_connect(endpoint, handler); });
    if (ec) return fail(ErrorCategory::Unavailable, "connecting to plugin {} at {}: {}", plugin.name, plugin.address, go_error_text(ec));
    ec = run_operation(io, [&](auto handler) { http::async_write(stream, request, handler); });
    if (ec) return fail(ErrorCategory::Unavailable, "sending {} to plugin {}: {}", std::string(request.target()), plugin.name, go_error_text(ec));
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(16 * 1024 * 1024);
    ec = run_operation(io, [&](auto handler) { http::async_read(stream, buffer, parser, handler); });
    if (ec) return fail(ErrorCategory::Unavailable, "reading plugin {}'s answer to {}: {}", plugin.name, std::string(request.target()), go_error_text(ec));
    return RawAnswer{static_cast<int>(parser.get().result_int()), std::move(parser.get().body())};
}

Result<asio::ip::tcp::endpoint> tcp_endpoint(asio::io_context& io, const PluginAddress& plugin) {
    auto colon = plugin.address.rfind(':');
    std::string host = plugin.address.substr(0, colon);
    if (host.starts_with('[') && host.ends_with(']')) host = host.substr(1, host.size() - 2);
    asio::ip::tcp::resolver resolver(io);
    boost::system::error_code ec;
    auto results = resolver.resolve(host, plugin.address.substr(colon + 1), ec);
    if (ec || results.empty())
        return fail(ErrorCategory::Unavailable, "resolving plugin {} address {}: {}", plugin.name, plugin.address, go_error_text(ec));
    return results.begin()->endpoint();
}

} // namespace

Result<nlohmann::json> plugin_answer(std::string_view method, int status, const std::string& body) {
    nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
    std::string err;
    if (parsed.is_object())
        if (auto found = parsed.find("Err"); found != parsed.end() && found->is_string()) err = found->get<std::string>();
    if (status != 200)
        return fail(ErrorCategory::System, "{}: {}", method, err.empty() ? body : err);
    if (!err.empty()) return fail(ErrorCategory::System, "{}", err);
    if (body.empty()) return nlohmann::json::object();
    if (parsed.is_discarded()) return fail(ErrorCategory::System, "{}: the plugin's answer is not JSON", method);
    return parsed;
}

Result<nlohmann::json> call_plugin(const PluginAddress& plugin, std::string_view method, const nlohmann::json& body,
                                   std::chrono::milliseconds timeout) {
    http::request<http::string_body> request{http::verb::post, "/" + std::string(method), 11};
    request.set(http::field::host, plugin.tcp ? plugin.address : std::string("plugin"));
    request.set(http::field::user_agent, "berthd");
    request.set(http::field::accept, kPluginMediaType);
    request.set(http::field::content_type, kPluginMediaType);
    request.body() = body.is_null() ? std::string() : body.dump();
    request.prepare_payload();
    asio::io_context io;
    Result<RawAnswer> answer = [&]() -> Result<RawAnswer> {
        if (!plugin.tcp)
            return exchange<asio::local::stream_protocol>(io, asio::local::stream_protocol::endpoint(plugin.address),
                                                          plugin, request, timeout);
        auto endpoint = tcp_endpoint(io, plugin);
        if (!endpoint) return std::unexpected(endpoint.error());
        return exchange<asio::ip::tcp>(io, *endpoint, plugin, request, timeout);
    }();
    if (!answer) return std::unexpected(answer.error());
    return plugin_answer(method, answer->status, answer->body);
}

} // namespace berth::volumes
