// The runner over the ranks of a job (distributed_run.hpp). The run is cut into units (a quarter of the runner's
// chunk, so that chunk boundaries are unit boundaries). Rank 0 hands units out on request, computes units itself on a
// thread of its own, and its main thread (the only one that calls MPI) hands every unit to the sink in order, calling
// progress only at chunk boundaries, as run_monte_carlo does. The units that hold probed samples are rank 0's; the
// others go to whichever rank asks first (zone searches make rank 0's first units slow), at most `window` units
// ahead of the sink (bounding rank 0's memory).
//
// Messages: a worker sends kResult (empty the first time, then the unit index and its outcomes as raw bytes) and
// waits for kWork: a unit index, or empty for "no more". Every worker has one request open at a time, and rank 0
// answers every request, so when the run ends (or stops early) no message is left unreceived.
#include "cluster/distributed_run.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

namespace negsim {

namespace {

// Outcomes travel as their bytes: every rank runs the same negsim binary on the same kind of machine.
static_assert(std::is_trivially_copyable_v<Outcome>, "Outcome is sent between ranks as raw bytes");
static_assert(std::is_trivially_copyable_v<ProcessOutcome>, "ProcessOutcome is sent between ranks as raw bytes");

constexpr int kResult = 1;  // worker -> rank 0: a request, with the outcomes of the unit it computed
constexpr int kWork = 2;    // rank 0 -> worker: the next unit to compute, or empty: no more
constexpr std::uint64_t kSplit = 4;  // units per chunk

struct Layout {
    std::uint64_t first = 0, samples = 0, chunk = 1, unit = 1, units = 0, pinned = 0, window = 0;
    [[nodiscard]] std::uint64_t first_of(std::uint64_t u) const { return first + u * unit; }
    [[nodiscard]] std::size_t count_of(std::uint64_t u) const { return static_cast<std::size_t>(std::min(unit, samples - u * unit)); }
    [[nodiscard]] bool ends_chunk(std::uint64_t u) const { return (u + 1) * unit % chunk == 0 || u + 1 == units; }
};

Layout layout_of(const RunOptions& options, std::uint64_t probe_samples, int ranks) {
    Layout l;
    l.first = options.first_sample;
    l.samples = options.samples;
    l.chunk = std::max<std::uint64_t>(1, options.chunk);
    l.unit = l.chunk % kSplit == 0 ? l.chunk / kSplit : l.chunk;
    l.units = l.samples / l.unit + (l.samples % l.unit != 0 ? 1 : 0);
    l.pinned = std::min(l.units, probe_samples / l.unit + (probe_samples % l.unit != 0 ? 1 : 0));
    l.window = 4 * kSplit * static_cast<std::uint64_t>(ranks);
    return l;
}

// The runner's options for unit u alone: its samples, in one chunk.
RunOptions unit_options(const RunOptions& options, const Layout& layout, std::uint64_t u) {
    RunOptions one = options;
    one.first_sample = layout.first_of(u);
    one.samples = layout.count_of(u);
    one.chunk = one.samples;
    return one;
}

// Computes unit u with the runner's threads; the probe sees only the samples below probe_samples.
std::vector<Outcome> compute(const Scenario& scenario, const RunOptions& options, const Layout& layout, std::uint64_t u, const SampleProbe& probe,
                             std::uint64_t probe_samples) {
    const RunOptions one = unit_options(options, layout, u);
    std::vector<Outcome> outcomes;
    outcomes.reserve(layout.count_of(u));
    const SampleProbe limited = probe ? SampleProbe([&](std::uint64_t sample, const Parameters& parameters) {
        if (sample - layout.first < probe_samples) probe(sample, parameters);
    })
                                      : SampleProbe();
    run_monte_carlo(scenario, one, [&](std::uint64_t, std::span<const Outcome> part) { outcomes.insert(outcomes.end(), part.begin(), part.end()); }, {},
                    limited);
    return outcomes;
}

template <typename T>
std::string bytes_of(const T& value) {
    return std::string(reinterpret_cast<const char*>(&value), sizeof value);
}

// What a rank computes for one unit: its results in sample order (a run's Outcomes, a process's ProcessOutcomes).
template <class Result>
using UnitCompute = std::function<std::vector<Result>(std::uint64_t unit)>;

// Another rank's process: asks for units and computes them until there are no more.
template <class Result>
void work(Cluster& cluster, const Layout& layout, const UnitCompute<Result>& compute_unit) {
    std::string result;  // empty: the first request
    while (true) {
        cluster.send(0, kResult, result);
        const Message work = cluster.receive(kWork);
        if (work.bytes.empty()) return;
        std::uint64_t u = 0;
        if (work.bytes.size() != sizeof u) throw std::runtime_error("rank 0 sent a work message of " + std::to_string(work.bytes.size()) + " bytes");
        std::memcpy(&u, work.bytes.data(), sizeof u);
        if (u >= layout.units) throw std::runtime_error("rank 0 sent unit " + std::to_string(u) + " of a run of " + std::to_string(layout.units));
        const std::vector<Result> outcomes = compute_unit(u);
        result = bytes_of(u);
        result.append(reinterpret_cast<const char*>(outcomes.data()), outcomes.size() * sizeof(Result));
    }
}

// Rank 0's units and the pool the others draw from; rank 0 computes its own on a thread of its own (with the probe).
template <class Result>
class Pool {
public:
    enum class Next { unit, later, none };

    Pool(const Layout& layout, const UnitCompute<Result>& compute_own)
        : layout_(layout), next_(layout.pinned), thread_([this, &compute_own](std::stop_token stop) { run(stop, compute_own); }) {}
    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;

    // The next unit for anyone: none once all are handed out or the run stopped; later while it is too far ahead.
    std::pair<Next, std::uint64_t> take() {
        const std::lock_guard lock(lock_);
        return take_locked();
    }
    // Unit u if rank 0 computed it (and rethrows a failure of its thread).
    std::optional<std::vector<Result>> computed(std::uint64_t u) {
        const std::lock_guard lock(lock_);
        if (failure_) std::rethrow_exception(failure_);
        const auto it = ready_.find(u);
        if (it == ready_.end()) return std::nullopt;
        std::vector<Result> outcomes = std::move(it->second);
        ready_.erase(it);
        return outcomes;
    }
    void wait_a_moment() {
        std::unique_lock lock(lock_);
        changed_.wait_for(lock, std::chrono::microseconds(500));
    }
    void sunk(std::uint64_t units) {
        {
            const std::lock_guard lock(lock_);
            sunk_ = units;
        }
        changed_.notify_all();
    }
    // No unit is handed out any more; joins the thread after the unit it computes and rethrows its failure, if any.
    void finish() {
        {
            const std::lock_guard lock(lock_);
            stopped_ = true;
        }
        thread_.request_stop();
        changed_.notify_all();
        if (thread_.joinable()) thread_.join();
        if (failure_) std::rethrow_exception(failure_);
    }

private:
    std::pair<Next, std::uint64_t> take_locked() {
        if (stopped_ || next_ >= layout_.units) return {Next::none, 0};
        if (next_ >= sunk_ + layout_.window) return {Next::later, 0};
        return {Next::unit, next_++};
    }
    void run(std::stop_token stop, const UnitCompute<Result>& compute_own) {
        try {
            // The probed units in order: as in run_monte_carlo, the probe keeps its rows for two chunks (zones.hpp),
            // so unit u starts only once the sink has returned from the unit two chunks before it.
            const std::uint64_t reuse = 2 * layout_.chunk / layout_.unit;
            for (std::uint64_t u = 0; u < layout_.pinned; ++u) {
                {
                    std::unique_lock lock(lock_);
                    if (!changed_.wait(lock, stop, [&] { return u < reuse || sunk_ > u - reuse; })) return;
                }
                deliver(u, compute_own(u));
            }
            while (true) {
                std::uint64_t u = 0;
                {
                    std::unique_lock lock(lock_);
                    std::pair<Next, std::uint64_t> next{Next::later, 0};
                    if (!changed_.wait(lock, stop, [&] { return (next = take_locked()).first != Next::later; })) return;
                    if (next.first == Next::none) return;
                    u = next.second;
                }
                deliver(u, compute_own(u));
            }
        } catch (...) {
            {
                const std::lock_guard lock(lock_);
                failure_ = std::current_exception();
            }
            changed_.notify_all();
        }
    }
    void deliver(std::uint64_t u, std::vector<Result> outcomes) {
        {
            const std::lock_guard lock(lock_);
            ready_.emplace(u, std::move(outcomes));
        }
        changed_.notify_all();
    }

    const Layout& layout_;
    std::mutex lock_;
    std::condition_variable_any changed_;
    std::map<std::uint64_t, std::vector<Result>> ready_;   // computed here, not yet sunk
    std::uint64_t next_;                                   // the next unit to hand out
    std::uint64_t sunk_ = 0;                               // units the sink has returned from
    bool stopped_ = false;
    std::exception_ptr failure_;
    std::jthread thread_;  // last: started once the state above exists, joined before it goes
};

// Rank 0: hands every unit to the sink in order, its own as its thread finishes them and the others' as they come,
// and answers the other ranks' requests.
template <class Result>
void lead(Cluster& cluster, const Layout& layout, const std::function<void(std::uint64_t, std::span<const Result>)>& sink, const ProgressSink& progress,
          const UnitCompute<Result>& compute_own) {
    std::map<std::uint64_t, std::vector<Result>> arrived;                       // other ranks' units, ahead of the sink
    std::vector<std::optional<std::uint64_t>> given(static_cast<std::size_t>(cluster.size()));  // each rank's unit in hand
    std::deque<int> waiting;                                                    // ranks to answer once the sink moves on
    int active = cluster.size() - 1;                                            // ranks not yet told "no more"
    Pool<Result> pool(layout, compute_own);

    const auto answer = [&](int rank) {
        const auto [next, u] = pool.take();
        if (next == Pool<Result>::Next::later) {
            waiting.push_back(rank);
            return;
        }
        if (next == Pool<Result>::Next::none) {
            cluster.send(rank, kWork, {});
            --active;
            return;
        }
        given[static_cast<std::size_t>(rank)] = u;
        cluster.send(rank, kWork, bytes_of(u));
    };
    // A request, with the outcomes of the unit that rank was given, if any.
    const auto accept = [&](const Message& message) {
        std::optional<std::uint64_t>& unit = given[static_cast<std::size_t>(message.source)];
        std::uint64_t u = 0;
        if (message.bytes.size() >= sizeof u) std::memcpy(&u, message.bytes.data(), sizeof u);
        const bool fits = unit ? message.bytes.size() == sizeof u + layout.count_of(*unit) * sizeof(Result) && u == *unit : message.bytes.empty();
        if (!fits)
            throw std::runtime_error("rank " + std::to_string(message.source) + " sent a result that does not fit the unit it was given (" +
                                     std::to_string(message.bytes.size()) + " bytes)");
        if (unit) {
            std::vector<Result> outcomes(layout.count_of(u));
            std::memcpy(outcomes.data(), message.bytes.data() + sizeof u, outcomes.size() * sizeof(Result));
            arrived.emplace(u, std::move(outcomes));
            unit.reset();
        }
        answer(message.source);
    };

    for (std::uint64_t u = 0; u < layout.units; ++u) {
        std::optional<std::vector<Result>> outcomes;
        while (true) {
            if (const auto it = arrived.find(u); it != arrived.end()) {
                outcomes = std::move(it->second);
                arrived.erase(it);
            } else {
                outcomes = pool.computed(u);
            }
            if (outcomes) break;
            if (const std::optional<Message> message = cluster.poll(kResult)) accept(*message);
            else pool.wait_a_moment();
        }
        sink(layout.first_of(u), std::span<const Result>(outcomes->data(), outcomes->size()));
        pool.sunk(u + 1);
        for (std::size_t n = waiting.size(); n > 0; --n) {
            const int rank = waiting.front();
            waiting.pop_front();
            answer(rank);
        }
        if (layout.ends_chunk(u) && progress && progress(layout.first_of(u) + layout.count_of(u) - layout.first, layout.samples)) break;
    }
    pool.finish();
    for (const int rank : waiting) answer(rank);  // now "no more"
    while (active > 0) accept(cluster.receive(kResult));
}

}  // namespace

void run_distributed(Cluster& cluster, const Scenario& scenario, const RunOptions& options, const OutcomeSink& sink,
                     const ProgressSink& progress, const SampleProbe& probe, std::uint64_t probe_samples, const Heartbeat& heartbeat) {
    if (cluster.size() == 1) {
        const SampleProbe limited = probe ? SampleProbe([&](std::uint64_t sample, const Parameters& parameters) {
            if (sample - options.first_sample < probe_samples) probe(sample, parameters);
        })
                                          : SampleProbe();
        run_monte_carlo(scenario, options, sink, progress, limited, heartbeat);
        return;
    }
    const Layout layout = layout_of(options, probe_samples, cluster.size());
    const UnitCompute<Outcome> compute_unit = [&](std::uint64_t u) { return compute(scenario, options, layout, u, cluster.root() ? probe : SampleProbe(), probe_samples); };
    if (cluster.root()) lead<Outcome>(cluster, layout, sink, progress, compute_unit);
    else work<Outcome>(cluster, layout, compute_unit);
}

void run_distributed_process(Cluster& cluster, const Scenario& scenario, const RunOptions& options, const ProcessSink& sink, const ProgressSink& progress,
                             const Heartbeat& heartbeat) {
    if (cluster.size() == 1) {
        run_process(scenario, options, sink, progress, heartbeat);
        return;
    }
    const Layout layout = layout_of(options, 0, cluster.size());
    const UnitCompute<ProcessOutcome> compute_unit = [&](std::uint64_t u) {
        std::vector<ProcessOutcome> outcomes;
        outcomes.reserve(layout.count_of(u));
        run_process(scenario, unit_options(options, layout, u), [&](std::uint64_t, std::span<const ProcessOutcome> part) { outcomes.insert(outcomes.end(), part.begin(), part.end()); });
        return outcomes;
    };
    if (cluster.root()) lead<ProcessOutcome>(cluster, layout, sink, progress, compute_unit);
    else work<ProcessOutcome>(cluster, layout, compute_unit);
}

}  // namespace negsim
