// The runner over the ranks of a job (distributed_run.hpp). Rank 0 computes its chunks on a thread of its own while
// its main thread (the only one that calls MPI) takes the other ranks' chunks as they arrive and hands all of them to
// the sink in order; the other ranks compute theirs in order and send each whole, as raw Outcome bytes.
//
// Messages: a worker sends rank 0 each chunk (tag kResult: the chunk index, then its outcomes) and, when it has no
// more to compute or was told to stop, an empty kResult ("done"); rank 0 sends every worker one kStop, after the
// last chunk it needed or at an early stop, and then takes every kResult still coming until each worker's "done",
// so that no message is left unreceived and no worker is left blocked in a send.
#include "cluster/distributed_run.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

namespace negsim {

namespace {

// Outcomes travel as their bytes: every rank runs the same negsim binary on the same kind of machine.
static_assert(std::is_trivially_copyable_v<Outcome>, "Outcome is sent between ranks as raw bytes");

constexpr int kResult = 1;  // worker -> rank 0: a chunk, or empty: "done"
constexpr int kStop = 2;    // rank 0 -> worker: compute no more chunks

struct Layout {
    std::uint64_t first, samples, chunk, chunks, probe_samples;
    int ranks;
    [[nodiscard]] std::uint64_t first_of(std::uint64_t c) const { return first + c * chunk; }
    [[nodiscard]] std::size_t count_of(std::uint64_t c) const { return static_cast<std::size_t>(std::min(chunk, samples - c * chunk)); }
    [[nodiscard]] int owner(std::uint64_t c) const { return chunk_owner(c, chunk, probe_samples, ranks); }
};

// Computes chunk c with the runner's threads; the probe sees only the samples below probe_samples.
std::vector<Outcome> compute(const Scenario& scenario, const RunOptions& options, const Layout& layout, std::uint64_t c, const SampleProbe& probe) {
    RunOptions one = options;
    one.first_sample = layout.first_of(c);
    one.samples = layout.count_of(c);
    one.chunk = one.samples;
    std::vector<Outcome> outcomes;
    outcomes.reserve(layout.count_of(c));
    const SampleProbe limited = probe ? SampleProbe([&](std::uint64_t sample, const Parameters& parameters) {
        if (sample - layout.first < layout.probe_samples) probe(sample, parameters);
    })
                                      : SampleProbe();
    run_monte_carlo(scenario, one, [&](std::uint64_t, std::span<const Outcome> part) { outcomes.insert(outcomes.end(), part.begin(), part.end()); }, {},
                    limited);
    return outcomes;
}

std::string encode(std::uint64_t c, const std::vector<Outcome>& outcomes) {
    std::string bytes(sizeof c + outcomes.size() * sizeof(Outcome), '\0');
    std::memcpy(bytes.data(), &c, sizeof c);
    std::memcpy(bytes.data() + sizeof c, outcomes.data(), outcomes.size() * sizeof(Outcome));
    return bytes;
}

// Another rank's process: computes its chunks in order until told to stop.
void work(Cluster& cluster, const Scenario& scenario, const RunOptions& options, const Layout& layout) {
    bool stopped = false;
    for (std::uint64_t c = 0; c < layout.chunks && !stopped; ++c) {
        if (layout.owner(c) != cluster.rank()) continue;
        stopped = cluster.poll(kStop).has_value();
        if (!stopped) cluster.send(0, kResult, encode(c, compute(scenario, options, layout, c, {})));
    }
    cluster.send(0, kResult, {});
    if (!stopped) (void)cluster.receive(kStop);
}

// Rank 0's own chunks, computed ahead on a thread of their own. As in run_monte_carlo, chunk c is started only once
// the sink has returned from chunk c - 2 (the probe's rows are kept for two chunks: zones.hpp).
class LocalChunks {
public:
    LocalChunks(const Scenario& scenario, const RunOptions& options, const Layout& layout, const SampleProbe& probe)
        : thread_([this, &scenario, &options, &layout, &probe](std::stop_token stop) { run(stop, scenario, options, layout, probe); }) {}
    LocalChunks(const LocalChunks&) = delete;
    LocalChunks& operator=(const LocalChunks&) = delete;

    // Chunk c if it is ready (and rethrows a failure of the thread).
    std::optional<std::vector<Outcome>> take(std::uint64_t c) {
        const std::lock_guard lock(lock_);
        if (failure_) std::rethrow_exception(failure_);
        const auto it = ready_.find(c);
        if (it == ready_.end()) return std::nullopt;
        std::vector<Outcome> outcomes = std::move(it->second);
        ready_.erase(it);
        return outcomes;
    }
    void wait_a_moment() {
        std::unique_lock lock(lock_);
        changed_.wait_for(lock, std::chrono::microseconds(500));
    }
    void sunk(std::uint64_t chunks) {
        {
            const std::lock_guard lock(lock_);
            sunk_ = chunks;
        }
        changed_.notify_all();
    }
    // Stops the thread after the chunk it is computing, and rethrows its failure, if any.
    void finish() {
        thread_.request_stop();
        changed_.notify_all();
        if (thread_.joinable()) thread_.join();
        if (failure_) std::rethrow_exception(failure_);
    }

private:
    void run(std::stop_token stop, const Scenario& scenario, const RunOptions& options, const Layout& layout, const SampleProbe& probe) {
        try {
            for (std::uint64_t c = 0; c < layout.chunks; ++c) {
                if (layout.owner(c) != 0) continue;
                {
                    std::unique_lock lock(lock_);
                    if (!changed_.wait(lock, stop, [&] { return sunk_ + 1 >= c; })) return;
                }
                std::vector<Outcome> outcomes = compute(scenario, options, layout, c, probe);
                {
                    const std::lock_guard lock(lock_);
                    ready_.emplace(c, std::move(outcomes));
                }
                changed_.notify_all();
            }
        } catch (...) {
            {
                const std::lock_guard lock(lock_);
                failure_ = std::current_exception();
            }
            changed_.notify_all();
        }
    }

    std::mutex lock_;
    std::condition_variable_any changed_;
    std::map<std::uint64_t, std::vector<Outcome>> ready_;
    std::uint64_t sunk_ = 0;  // chunks the sink has returned from
    std::exception_ptr failure_;
    std::jthread thread_;  // last: started once the state above exists, joined before it goes
};

// Rank 0: hands every chunk to the sink in order, its own as its thread finishes them and the others' as they come.
void lead(Cluster& cluster, const Scenario& scenario, const RunOptions& options, const Layout& layout, const OutcomeSink& sink,
          const ProgressSink& progress, const SampleProbe& probe) {
    std::map<std::uint64_t, std::vector<Outcome>> arrived;  // other ranks' chunks, ahead of the sink
    int done = 0;                                           // workers that sent "done"
    // A worker's message: its "done", or a chunk it owns that has not come before, of the chunk's length.
    const auto accept = [&](const Message& message) {
        if (message.bytes.empty()) {
            ++done;
            return;
        }
        std::uint64_t c = 0;
        if (message.bytes.size() >= sizeof c) std::memcpy(&c, message.bytes.data(), sizeof c);
        if (message.bytes.size() < sizeof c || c >= layout.chunks || layout.owner(c) != message.source || arrived.count(c) ||
            message.bytes.size() != sizeof c + layout.count_of(c) * sizeof(Outcome))
            throw std::runtime_error("rank " + std::to_string(message.source) + " sent a chunk message that does not fit the run (" +
                                     std::to_string(message.bytes.size()) + " bytes)");
        std::vector<Outcome> outcomes(layout.count_of(c));
        std::memcpy(outcomes.data(), message.bytes.data() + sizeof c, outcomes.size() * sizeof(Outcome));
        arrived.emplace(c, std::move(outcomes));
    };
    // Other ranks' chunks are taken while rank 0 waits, but no more than two per rank ahead of the sink: a worker
    // that runs further ahead waits in its send (bounding rank 0's memory).
    const std::size_t ahead = 2 * static_cast<std::size_t>(layout.ranks);

    LocalChunks local(scenario, options, layout, probe);
    for (std::uint64_t c = 0; c < layout.chunks; ++c) {
        std::optional<std::vector<Outcome>> outcomes;
        while (!outcomes) {
            if (layout.owner(c) == 0) {
                outcomes = local.take(c);
            } else if (const auto it = arrived.find(c); it != arrived.end()) {
                outcomes = std::move(it->second);
                arrived.erase(it);
            }
            if (outcomes) break;
            std::optional<Message> message;
            if (layout.owner(c) != 0 || arrived.size() < ahead) message = cluster.poll(kResult);
            if (message) accept(*message);
            else local.wait_a_moment();
        }
        sink(layout.first_of(c), std::span<const Outcome>(outcomes->data(), outcomes->size()));
        local.sunk(c + 1);
        if (progress && progress(layout.first_of(c) - layout.first + layout.count_of(c), layout.samples)) break;
    }
    local.finish();
    for (int r = 1; r < layout.ranks; ++r) cluster.send(r, kStop, {});
    while (done < layout.ranks - 1) accept(cluster.receive(kResult));
}

}  // namespace

int chunk_owner(std::uint64_t chunk, std::uint64_t chunk_size, std::uint64_t probe_samples, int ranks) {
    const std::uint64_t pinned = probe_samples / chunk_size + (probe_samples % chunk_size != 0 ? 1 : 0);  // chunks holding a probed sample
    if (ranks <= 1 || chunk < pinned) return 0;
    return static_cast<int>((chunk - pinned + 1) % static_cast<std::uint64_t>(ranks));
}

void run_distributed(Cluster& cluster, const Scenario& scenario, const RunOptions& options, const OutcomeSink& sink,
                     const ProgressSink& progress, const SampleProbe& probe, std::uint64_t probe_samples) {
    const std::uint64_t chunk = std::max<std::uint64_t>(1, options.chunk);
    const Layout layout{options.first_sample, options.samples, chunk, (options.samples + chunk - 1) / chunk, probe_samples, cluster.size()};
    if (cluster.size() == 1) {
        const SampleProbe limited = probe ? SampleProbe([&](std::uint64_t sample, const Parameters& parameters) {
            if (sample - layout.first < probe_samples) probe(sample, parameters);
        })
                                          : SampleProbe();
        run_monte_carlo(scenario, options, sink, progress, limited);
        return;
    }
    if (cluster.root()) lead(cluster, scenario, options, layout, sink, progress, probe);
    else work(cluster, scenario, options, layout);
}

}  // namespace negsim
