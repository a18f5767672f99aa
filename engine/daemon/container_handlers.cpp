#include "daemon/container_handlers.h"

#include "api/server/blocking.h"
#include "base/clock.h"
#include "daemon/streaming.h"
#include "logs/log_reader.h"
#include "logs/stream_framing.h"

#include <atomic>
#include <deque>
#include <sys/eventfd.h>
#include <thread>

namespace berth::daemon {
namespace {

using api::Exchange;
using api::Task;
using nlohmann::json;
namespace asio = api::asio;
namespace http = api::http;

template <typename T>
T value_or_throw(Result<T> result) {
    if (!result) throw api::ApiException{result.error()};
    return std::move(*result);
}

void ok_or_throw(Result<> result) {
    if (!result) throw api::ApiException{result.error()};
}

std::optional<int> int_param(const Exchange& exchange, const char* name) {
    auto text = exchange.query().get(name);
    if (!text || text->empty()) return std::nullopt;
    try {
        size_t used = 0;
        int value = std::stoi(*text, &used);
        if (used == text->size()) return value;
    } catch (const std::exception&) {
    }
    throw api::ApiException{Error(ErrorCategory::Invalid, std::format("invalid value for {}: {}", name, *text))};
}

Task create(Exchange& exchange, ContainerContext& context) {
    json body = exchange.json_body();
    if (!body.is_object()) throw api::ApiException{Error(ErrorCategory::Invalid, "config cannot be empty in order to create a container")};
    std::string name = exchange.query().get("name").value_or("");
    api::ApiVersion version = exchange.version();
    auto created = co_await api::run_blocking(context.blocking_pool,
                                              [&] { return context.service.create(name, body, version); });
    co_await exchange.reply_json(http::status::created, value_or_throw(std::move(created)));
}

Task start(Exchange& exchange, ContainerContext& context) {
    std::string id = exchange.param("name");
    auto started = co_await api::run_blocking(context.blocking_pool, [&] { return context.service.start(id); });
    bool already = value_or_throw(std::move(started));
    co_await exchange.reply_empty(already ? http::status::not_modified : http::status::no_content);
}

Task stop(Exchange& exchange, ContainerContext& context, bool restart) {
    std::string id = exchange.param("name");
    auto timeout = int_param(exchange, "t");
    auto signal = exchange.query().get("signal");
    if (signal && signal->empty()) signal.reset();
    if (restart) {
        auto restarted = co_await api::run_blocking(context.blocking_pool,
                                                    [&] { return context.service.restart(id, timeout, signal); });
        ok_or_throw(std::move(restarted));
        co_await exchange.reply_empty(http::status::no_content);
        co_return;
    }
    auto stopped = co_await api::run_blocking(context.blocking_pool,
                                              [&] { return context.service.stop(id, timeout, signal); });
    bool already = value_or_throw(std::move(stopped));
    co_await exchange.reply_empty(already ? http::status::not_modified : http::status::no_content);
}

// The CLI waits for this answer's headers before it starts the container, so
// they go out as soon as the wait is registered; the body when it is over.
Task wait(Exchange& exchange, ContainerContext& context) {
    auto token = value_or_throw(context.service.wait_begin(exchange.param("name"),
                                                           exchange.query().get("condition").value_or("")));
    co_await exchange.begin_stream("application/json");
    // No thread waits: a change anywhere wakes this coroutine to look again, and
    // a client that hangs up ends it (a hundred `docker run`s wait at once).
    auto wakeup = std::make_shared<Wakeup>(co_await asio::this_coro::executor);
    auto gone = std::make_shared<std::atomic<bool>>(false);
    exchange.watch_client_close([gone, wakeup] {
        *gone = true;
        wakeup->notify();
    });
    struct Listening {
        containers::ContainerService& service;
        uint64_t handle;
        ~Listening() { service.remove_change_listener(handle); }
    } listening{context.service, context.service.add_change_listener(token.id, [wakeup] { wakeup->notify(); })};
    std::optional<containers::WaitResult> result;
    while (!(result = context.service.wait_poll(token)) && !*gone) co_await wakeup->wait();
    if (result) {
        json answer{{"StatusCode", result->status_code}, {"Error", nullptr}};
        if (!result->error.empty()) answer["Error"] = {{"Message", result->error}};
        co_await exchange.write_chunk(answer.dump() + "\n");
    }
    co_await exchange.end_stream();
}

Task remove(Exchange& exchange, ContainerContext& context) {
    std::string id = exchange.param("name");
    bool force = exchange.query().flag("force");
    bool volumes = exchange.query().flag("v");
    if (exchange.query().flag("link"))
        throw api::ApiException{Error(ErrorCategory::NotImplemented, "legacy links are not supported by berthd")};
    auto removed = co_await api::run_blocking(context.blocking_pool,
                                              [&] { return context.service.remove(id, force, volumes); });
    ok_or_throw(std::move(removed));
    co_await exchange.reply_empty(http::status::no_content);
}

// Output from the monitor, stdcopy-framed; with a tty the client gets the bytes raw.
Task relay_output(api::UnixSocket& monitor, api::UnixSocket& client, bool tty) {
    logs::FrameDecoder decoder;
    char buffer[32768];
    while (true) {
        boost::system::error_code ec;
        size_t n = co_await monitor.async_read_some(asio::buffer(buffer), asio::redirect_error(asio::use_awaitable, ec));
        if (ec || n == 0) break;
        std::string_view data(buffer, n);
        std::string out;
        if (tty) {
            decoder.feed(data);
            while (true) {
                auto frame = decoder.next();
                if (!frame || !*frame) break;
                out += (*frame)->payload;
            }
        } else {
            out.assign(data);
        }
        if (out.empty()) continue;
        co_await asio::async_write(client, asio::buffer(out), asio::redirect_error(asio::use_awaitable, ec));
        if (ec) break;
    }
}

// Docker's detach keys: "ctrl-p,ctrl-q" (the default), any "ctrl-<x>" or
// single characters, comma-separated. Invalid: Docker's error.
Result<std::string> parse_detach_keys(std::string_view text) {
    if (text.empty()) return std::string("\x10\x11");
    std::string keys;
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        std::string_view key = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        if (key.size() == 1) {
            keys += key[0];
        } else if (key.size() == 6 && key.starts_with("ctrl-")) {
            char c = key[5];
            if (c >= 'a' && c <= 'z') keys += static_cast<char>(c - 'a' + 1);
            else if (c == '@') keys += '\0';
            else if (c >= '[' && c <= '_') keys += static_cast<char>(c - '[' + 27);
            else return fail(ErrorCategory::Invalid, "Unknown character: '{}'", key);
        } else {
            return fail(ErrorCategory::Invalid, "Unknown character: '{}'", key);
        }
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return keys;
}

// The client's stdin to the monitor, watching for the detach keys: bytes that
// might start the sequence are held back until it is complete (then the
// session ends, the container keeps running) or broken (then they go on).
Task relay_input(api::UnixSocket& client, api::UnixSocket& monitor, std::string early, std::string detach_keys,
                 std::shared_ptr<bool> detached) {
    boost::system::error_code ec;
    std::string held;
    auto forward = [&](std::string_view data) -> std::string {
        std::string out;
        for (char c : data) {
            held += c;
            if (!detach_keys.empty() && detach_keys.starts_with(held)) {
                if (held.size() == detach_keys.size()) {
                    *detached = true;
                    return out;
                }
                continue;
            }
            out += held;
            held.clear();
        }
        return out;
    };
    std::string first = forward(early);
    if (!first.empty()) co_await asio::async_write(monitor, asio::buffer(first), asio::redirect_error(asio::use_awaitable, ec));
    char buffer[16384];
    while (!ec && !*detached) {
        size_t n = co_await client.async_read_some(asio::buffer(buffer), asio::redirect_error(asio::use_awaitable, ec));
        if (ec || n == 0) break;
        std::string out = forward(std::string_view(buffer, n));
        if (!out.empty()) co_await asio::async_write(monitor, asio::buffer(out), asio::redirect_error(asio::use_awaitable, ec));
    }
    if (*detached) {
        // Closing outright (not a half close) tells the monitor to keep the container's stdin open.
        monitor.close(ec);
        client.shutdown(asio::socket_base::shutdown_both, ec);
        co_return;
    }
    // The client closed its stdin: the container's sees EOF (with StdinOnce).
    monitor.shutdown(asio::socket_base::shutdown_send, ec);
}

// A hijacked session (attach, exec start): answers 101, waits for the
// monitor connection `register_delivery` hands over (now, or once the
// container starts), then relays both ways until the output ends.
Task relay_session(Exchange& exchange, bool tty, bool with_stdin, std::string detach_keys_text,
                   const std::function<Result<>(std::function<void(Result<UniqueFd>)>)>& register_delivery) {
    std::string detach_keys = value_or_throw(parse_detach_keys(detach_keys_text));
    auto executor = co_await asio::this_coro::executor;
    auto wakeup = std::make_shared<Wakeup>(executor);
    auto delivered = std::make_shared<std::optional<Result<UniqueFd>>>();
    ok_or_throw(register_delivery([wakeup, delivered](Result<UniqueFd> fd) {
        asio::post(wakeup->timer.get_executor(), [wakeup, delivered, fd = std::move(fd)]() mutable {
            *delivered = std::move(fd);
            wakeup->timer.cancel();
        });
    }));
    co_await exchange.upgrade(tty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream");
    while (!delivered->has_value()) co_await wakeup->wait();
    if (!**delivered) {
        // The process did not start: say why on the stream, as Docker does for exec.
        std::string message = (**delivered).error().message() + "\n";
        std::string out;
        if (tty) out = message;
        else logs::append_frame(out, logs::StdStream::Stderr, message);
        boost::system::error_code ec;
        co_await asio::async_write(exchange.socket(), asio::buffer(out), asio::redirect_error(asio::use_awaitable, ec));
        exchange.socket().shutdown(asio::socket_base::shutdown_both, ec);
        co_return;
    }
    api::UnixSocket monitor(executor);
    monitor.assign(asio::local::stream_protocol(), (**delivered)->release());
    auto& buffered = exchange.buffered();
    std::string early(static_cast<const char*>(buffered.data().data()), buffered.size());
    buffered.consume(buffered.size());
    auto detached = std::make_shared<bool>(false);
    // The input relay borrows both sockets: the session must outlive it, so
    // it is awaited (after being woken by the shutdown) before returning.
    auto input_done = std::make_shared<Wakeup>(executor);
    auto input_running = std::make_shared<bool>(with_stdin);
    if (with_stdin)
        asio::co_spawn(executor, relay_input(exchange.socket(), monitor, std::move(early), detach_keys, detached),
                       [input_done, input_running](std::exception_ptr) {
                           *input_running = false;
                           input_done->notify();
                       });
    co_await relay_output(monitor, exchange.socket(), tty);
    boost::system::error_code ec;
    exchange.socket().shutdown(asio::socket_base::shutdown_both, ec);
    exchange.socket().cancel(ec);
    monitor.close(ec);
    while (*input_running) co_await input_done->wait();
}

Task attach(Exchange& exchange, ContainerContext& context) {
    const auto& query = exchange.query();
    auto container = value_or_throw(context.service.find(exchange.param("name")));
    containers::AttachStreams streams{query.flag("stdin"), query.flag("stdout"), query.flag("stderr")};
    if (!query.flag("stream") && !query.flag("logs"))
        throw api::ApiException{Error(ErrorCategory::Invalid, "at least one of stream or logs must be set")};
    auto& service = context.service;
    std::string id = container.id;
    co_await relay_session(exchange, container.tty(), streams.in, query.get("detachKeys").value_or(""),
                           [&service, id, streams](auto deliver) {
        return service.attach(id, streams, std::move(deliver));
    });
}

Task exec_create(Exchange& exchange, ContainerContext& context) {
    json body = exchange.json_body();
    auto id = value_or_throw(context.service.exec_create(exchange.param("name"), body));
    co_await exchange.reply_json(http::status::created, json{{"Id", id}});
}

Task exec_start(Exchange& exchange, ContainerContext& context) {
    json body = exchange.json_body();
    if (!body.is_object()) body = json::object();
    std::string id = exchange.param("id");
    bool tty = value_or_throw(context.service.exec_tty(id));
    auto& service = context.service;
    if (body.value("Detach", false)) {
        auto started = co_await api::run_blocking(context.blocking_pool,
                                                  [&] { return service.exec_start(id, true, [](Result<UniqueFd>) {}); });
        ok_or_throw(std::move(started));
        co_await exchange.reply(http::status::ok, "", "application/json");
        co_return;
    }
    auto& pool = context.blocking_pool;
    std::string detach_keys = value_or_throw(context.service.exec_inspect(id))["DetachKeys"].get<std::string>();
    co_await relay_session(exchange, tty, true, detach_keys, [&service, &pool, id](auto deliver) -> Result<> {
        // Starting blocks (the monitor's handshake): off the io thread; a failure
        // reaches the session as an undelivered connection.
        pool.post([&service, id, deliver]() {
            auto shared = std::make_shared<bool>(false);
            auto once = [deliver, shared](Result<UniqueFd> fd) {
                if (*shared) return;
                *shared = true;
                deliver(std::move(fd));
            };
            if (auto started = service.exec_start(id, false, once); !started) once(std::unexpected(started.error()));
        });
        return {};
    });
}

// The log entries, read on a thread of their own (following blocks) and
// handed to the connection's coroutine in batches.
struct LogPump {
    std::mutex mutex;
    std::deque<std::string> chunks;
    bool finished = false;
    std::optional<Error> error;
    UniqueFd cancel{::eventfd(0, EFD_CLOEXEC)};
};

Task logs(Exchange& exchange, ContainerContext& context) {
    const auto& query = exchange.query();
    auto container = value_or_throw(context.service.find(exchange.param("name")));
    logs::LogReadOptions options;
    options.show_stdout = query.flag("stdout");
    options.show_stderr = query.flag("stderr");
    if (!options.show_stdout && !options.show_stderr)
        throw api::ApiException{Error(ErrorCategory::Invalid, "You must choose at least one stream")};
    options.follow = query.flag("follow");
    options.tail = logs::parse_tail(query.get("tail").value_or("all"));
    if (auto since = query.get("since"); since && !since->empty() && *since != "0")
        options.since_ns = value_or_throw(parse_api_timestamp(*since));
    if (auto until = query.get("until"); until && !until->empty() && *until != "0")
        options.until_ns = value_or_throw(parse_api_timestamp(*until));
    bool timestamps = query.flag("timestamps");
    bool details = query.flag("details");
    bool tty = container.tty();
    std::string driver = container.host_config.value("LogConfig", json::object()).value("Type", "json-file");

    auto pump = std::make_shared<LogPump>();
    auto executor = co_await asio::this_coro::executor;
    auto wakeup = std::make_shared<Wakeup>(executor);
    logs::FollowControl control;
    control.cancel_fd = pump->cancel.get();
    std::string id = container.id;
    auto& service = context.service;
    control.stopped = [&service, id] {
        auto current = service.find(id);
        return !current || !current->state.running();
    };
    // Opening first: a driver that cannot be read is an error answer, not a
    // stream. It reads the file (the tail), so not on an io thread.
    auto reader = value_or_throw(co_await api::run_blocking(
        context.blocking_pool, [&] { return logs::LogReader::open(driver, container.log_path, options, control); }));
    co_await exchange.begin_stream(tty ? "application/vnd.docker.raw-stream"
                                       : "application/vnd.docker.multiplexed-stream");
    std::thread worker([pump, wakeup, reader = std::move(reader), timestamps, details, tty]() mutable {
        while (true) {
            auto entry = reader->next();
            std::lock_guard lock(pump->mutex);
            if (!entry) pump->error = entry.error();
            if (!entry || !*entry) {
                pump->finished = true;
                wakeup->notify();
                return;
            }
            std::string line = logs::format_log_line(**entry, timestamps, details);
            std::string chunk;
            if (tty) chunk = std::move(line);
            else logs::append_frame(chunk, logs::std_stream((*entry)->stream), line);
            pump->chunks.push_back(std::move(chunk));
            if (pump->chunks.size() == 1) wakeup->notify();
        }
    });
    bool open = true;
    while (true) {
        std::string batch;
        bool finished;
        {
            std::lock_guard lock(pump->mutex);
            while (!pump->chunks.empty()) {
                batch += pump->chunks.front();
                pump->chunks.pop_front();
            }
            finished = pump->finished;
        }
        if (!batch.empty() && open) open = co_await exchange.write_chunk(batch);
        if (finished) break;
        if (!open) {
            uint64_t one = 1;
            (void)::write(pump->cancel.get(), &one, sizeof(one));
        }
        co_await wakeup->wait();
    }
    // It has finished; its end (the reader's files closed, the thread's stack
    // given back: tens of milliseconds on a loaded machine) is waited for off
    // the io thread, which answers every other connection meanwhile.
    co_await api::run_blocking(context.blocking_pool, [&worker] {
        worker.join();
        return true;
    });
    if (open) co_await exchange.end_stream();
}

Task list(Exchange& exchange, ContainerContext& context) {
    const auto& query = exchange.query();
    auto filters = value_or_throw(api::Filters::parse(query.get("filters").value_or("")));
    int limit = int_param(exchange, "limit").value_or(-1);
    bool all = query.flag("all");
    bool size = query.flag("size");
    auto listed = co_await api::run_blocking(context.blocking_pool,
                                             [&] { return context.service.list(all, limit, size, filters); });
    co_await exchange.reply_json(http::status::ok, value_or_throw(std::move(listed)));
}

Task inspect(Exchange& exchange, ContainerContext& context) {
    std::string id = exchange.param("name");
    bool size = exchange.query().flag("size");
    auto inspected = co_await api::run_blocking(context.blocking_pool,
                                                [&] { return context.service.inspect(id, size); });
    co_await exchange.reply_json(http::status::ok, value_or_throw(std::move(inspected)));
}

// docker stats: a sample a second while streaming; one (with the CPU deltas
// over a second, unless one-shot) otherwise.
Task stats(Exchange& exchange, ContainerContext& context) {
    const auto& query = exchange.query();
    bool streaming = query.get("stream").value_or("1") != "0" && query.get("stream").value_or("true") != "false";
    bool one_shot = query.flag("one-shot");
    auto [name, id] = value_or_throw(context.service.stats_names(exchange.param("name")));
    runtime::DockerStatsStream samples(name, id, context.machine_memory);
    auto executor = co_await asio::this_coro::executor;
    asio::steady_timer timer(executor);
    auto sample = [&]() -> asio::awaitable<Result<json>> {
        co_return co_await api::run_blocking(context.blocking_pool, [&] { return context.service.stats(id, samples); });
    };
    if (!streaming) {
        auto first = co_await sample();
        if (!one_shot && first) {
            timer.expires_after(std::chrono::seconds(1));
            boost::system::error_code ignored;
            co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
            first = co_await sample();
        }
        co_await exchange.reply_json(http::status::ok, value_or_throw(std::move(first)));
        co_return;
    }
    auto first = value_or_throw(co_await sample());
    co_await exchange.begin_stream("application/json");
    bool open = co_await exchange.write_chunk(first.dump() + "\n");
    while (open) {
        timer.expires_after(std::chrono::seconds(1));
        boost::system::error_code ignored;
        co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
        auto next = co_await sample();
        if (!next) break;
        open = co_await exchange.write_chunk(next->dump() + "\n");
    }
    if (open) co_await exchange.end_stream();
}

Task update(Exchange& exchange, ContainerContext& context) {
    json body = exchange.json_body();
    std::string id = exchange.param("name");
    auto updated = co_await api::run_blocking(context.blocking_pool, [&] { return context.service.update(id, body); });
    co_await exchange.reply_json(http::status::ok, value_or_throw(std::move(updated)));
}

Task top(Exchange& exchange, ContainerContext& context) {
    std::string id = exchange.param("name");
    std::string args = exchange.query().get("ps_args").value_or("");
    auto result = co_await api::run_blocking(context.blocking_pool, [&] { return context.service.top(id, args); });
    co_await exchange.reply_json(http::status::ok, value_or_throw(std::move(result)));
}

} // namespace

void add_container_routes(api::Router& router, ContainerContext& context) {
    using http::verb;
    auto route = [&](verb method, std::string pattern, auto handler) {
        router.add(method, std::move(pattern),
                   [&context, handler](Exchange& exchange) -> Task { co_await handler(exchange, context); });
    };
    route(verb::post, "/containers/create", create);
    route(verb::get, "/containers/json", list);
    route(verb::get, "/containers/{name}/json", inspect);
    route(verb::post, "/containers/{name}/start", start);
    route(verb::post, "/containers/{name}/stop",
          [](Exchange& e, ContainerContext& c) -> Task { co_await stop(e, c, false); });
    route(verb::post, "/containers/{name}/restart",
          [](Exchange& e, ContainerContext& c) -> Task { co_await stop(e, c, true); });
    route(verb::post, "/containers/{name}/kill", [](Exchange& e, ContainerContext& c) -> Task {
        ok_or_throw(c.service.kill(e.param("name"), e.query().get("signal").value_or("SIGKILL")));
        co_await e.reply_empty(http::status::no_content);
    });
    route(verb::post, "/containers/{name}/wait", wait);
    route(verb::delete_, "/containers/{name}", remove);
    route(verb::post, "/containers/{name}/attach", attach);
    route(verb::get, "/containers/{name}/logs", logs);
    route(verb::get, "/containers/{name}/top", top);
    route(verb::get, "/containers/{name}/stats", stats);
    route(verb::post, "/containers/{name}/update", update);
    route(verb::post, "/containers/prune", [](Exchange& e, ContainerContext& c) -> Task {
        auto filters = value_or_throw(api::Filters::parse(e.query().get("filters").value_or("")));
        auto pruned = co_await api::run_blocking(c.blocking_pool, [&] { return c.service.prune(filters); });
        co_await e.reply_json(http::status::ok, value_or_throw(std::move(pruned)));
    });
    route(verb::post, "/containers/{name}/exec", exec_create);
    route(verb::post, "/exec/{id}/start", exec_start);
    route(verb::get, "/exec/{id}/json", [](Exchange& e, ContainerContext& c) -> Task {
        co_await e.reply_json(http::status::ok, value_or_throw(c.service.exec_inspect(e.param("id"))));
    });
    route(verb::post, "/exec/{id}/resize", [](Exchange& e, ContainerContext& c) -> Task {
        auto rows = int_param(e, "h").value_or(0);
        auto cols = int_param(e, "w").value_or(0);
        ok_or_throw(c.service.exec_resize(e.param("id"), static_cast<unsigned>(rows), static_cast<unsigned>(cols)));
        co_await e.reply(http::status::ok, "", "text/plain; charset=utf-8");
    });
    route(verb::post, "/containers/{name}/rename", [](Exchange& e, ContainerContext& c) -> Task {
        ok_or_throw(c.service.rename(e.param("name"), e.query().get("name").value_or("")));
        co_await e.reply_empty(http::status::no_content);
    });
    route(verb::post, "/containers/{name}/pause", [](Exchange& e, ContainerContext& c) -> Task {
        ok_or_throw(c.service.pause(e.param("name"), true));
        co_await e.reply_empty(http::status::no_content);
    });
    route(verb::post, "/containers/{name}/unpause", [](Exchange& e, ContainerContext& c) -> Task {
        ok_or_throw(c.service.pause(e.param("name"), false));
        co_await e.reply_empty(http::status::no_content);
    });
    route(verb::post, "/containers/{name}/resize", [](Exchange& e, ContainerContext& c) -> Task {
        auto rows = int_param(e, "h").value_or(0);
        auto cols = int_param(e, "w").value_or(0);
        ok_or_throw(c.service.resize(e.param("name"), static_cast<unsigned>(rows), static_cast<unsigned>(cols)));
        co_await e.reply(http::status::ok, "", "text/plain; charset=utf-8");
    });
}

} // namespace berth::daemon
