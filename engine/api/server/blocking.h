#pragma once
// Runs blocking work (unpacking a layer, hashing a blob) on a thread pool and
// resumes the handler's coroutine on its own executor with the result, so the
// io threads keep serving other connections meanwhile.

#include "api/server/blocking_pool.h"

#include <boost/asio.hpp>
#include <exception>
#include <optional>
#include <type_traits>

namespace berth::api {

template <typename Work>
boost::asio::awaitable<std::invoke_result_t<Work&>> run_blocking(BlockingPool& pool, Work work) {
    namespace asio = boost::asio;
    using Value = std::invoke_result_t<Work&>;
    std::optional<Value> result;
    std::exception_ptr failure; // rethrown in the handler, whose router answers 500
    co_await asio::async_initiate<const asio::use_awaitable_t<>&, void()>(
        [&pool, &work, &result, &failure](auto handler) {
            pool.post([&work, &result, &failure, handler = std::move(handler)]() mutable {
                try {
                    result.emplace(work());
                } catch (...) {
                    failure = std::current_exception();
                }
                auto executor = asio::get_associated_executor(handler);
                asio::post(executor, std::move(handler));
            });
        },
        asio::use_awaitable);
    if (failure) std::rethrow_exception(failure);
    co_return std::move(*result);
}

} // namespace berth::api
