// The chunked, thread-count-independent loop under every Monte Carlo run (monte_carlo.hpp): samples spread over
// threads in blocks, results handed to a sink in sample order, chunk by chunk. Generic in what one sample produces (a
// negotiation's Outcome, a staged process's ProcessOutcome), so both kinds of run share one loop. Private to the
// runner layer.
#pragma once

#include "model/parameters.hpp"
#include "runner/monte_carlo.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <limits>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

namespace negsim {

// simulate(sample, result, scratch) fills one sample's result; `scratch` is the worker's own Parameters.
template <class Result, class Simulate>
void run_chunked(const RunOptions& options, const Simulate& simulate, const std::function<void(std::uint64_t, std::span<const Result>)>& sink,
                 const ProgressSink& progress, const Heartbeat& heartbeat) {
    const unsigned threads = std::max(1u, options.threads);
    const std::uint64_t chunk = std::max<std::uint64_t>(1, options.chunk);
    const std::uint64_t chunks = (options.samples + chunk - 1) / chunk;
    // Two buffers: the workers fill chunk c + 1 while the calling thread hands chunk c to the sink, in order.
    std::array<std::vector<Result>, 2> buffers;
    for (auto& buffer : buffers) buffer.resize(static_cast<std::size_t>(std::min(chunk, options.samples)));
    const auto first_of = [&](std::uint64_t c) { return options.first_sample + c * chunk; };
    const auto count_of = [&](std::uint64_t c) { return static_cast<std::size_t>(std::min(chunk, options.samples - c * chunk)); };

    // Workers take small blocks of samples from a shared counter (negotiations differ in length, so a fixed split
    // would leave one thread idle); which thread runs a sample never changes its result. Each worker owns one
    // Parameters for all its samples.
    constexpr std::size_t kBlock = 16;
    constexpr int kBeatMilliseconds = 200;  // often enough for a terminal bar to move; the bar throttles its own drawing
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> finished{0};  // samples of the chunk being computed that are done (for the heartbeat)
    // An exception in a worker (a solver result read without an answer: a bug) must not terminate the process: the
    // first one is kept, the other workers stop taking samples, and it is rethrown here once they are joined.
    std::exception_ptr failure;
    std::atomic<bool> failure_seen{false};  // read by the heartbeat's wait without the lock
    std::mutex failure_lock;
    const auto rethrow_failure = [&] {
        if (failure) std::rethrow_exception(failure);
    };
    const auto work = [&](std::uint64_t c) {
        try {
            Parameters parameters;
            std::vector<Result>& out = buffers[c % 2];
            const std::size_t count = count_of(c);
            for (std::size_t begin = next.fetch_add(kBlock); begin < count; begin = next.fetch_add(kBlock)) {
                for (std::size_t i = begin; i < std::min(begin + kBlock, count); ++i) simulate(first_of(c) + i, out[i], parameters);
                finished += std::min(begin + kBlock, count) - begin;
            }
        } catch (...) {
            const std::lock_guard lock(failure_lock);
            if (!failure) failure = std::current_exception();
            failure_seen = true;
            next = std::numeric_limits<std::size_t>::max() / 2;  // no block is left to take
        }
    };
    const auto compute = [&](std::uint64_t c) {
        next = 0;
        finished = 0;
        std::vector<std::jthread> pool;
        for (unsigned w = 0; w < threads; ++w) pool.emplace_back(work, c);
        return pool;  // joined when the caller drops it
    };

    // Until chunk c is computed, tells the heartbeat every kBeatMilliseconds (the pool is joined after).
    const auto beat_until_done = [&](std::uint64_t c, std::uint64_t done_before) {
        if (!heartbeat) return;
        while (finished.load() < count_of(c) && !failure_seen.load()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(kBeatMilliseconds));
            heartbeat(done_before + finished.load(), options.samples);
        }
    };

    if (chunks == 0) return;
    {
        const auto pool = compute(0);
        beat_until_done(0, 0);
    }  // joined here
    for (std::uint64_t c = 0; c < chunks; ++c) {
        rethrow_failure();  // chunk c is complete: joined at the end of the previous statement or iteration
        std::vector<std::jthread> ahead;
        if (c + 1 < chunks) ahead = compute(c + 1);
        sink(first_of(c), std::span<const Result>(buffers[c % 2].data(), count_of(c)));
        const std::uint64_t done = first_of(c) - options.first_sample + count_of(c);
        if (progress && progress(done, options.samples)) break;
        if (c + 1 < chunks) beat_until_done(c + 1, done);
    }  // `ahead` joins here, before chunk c + 1 is handed on (or discarded)
    rethrow_failure();  // the chunk computed ahead of a stop
}

}  // namespace negsim
