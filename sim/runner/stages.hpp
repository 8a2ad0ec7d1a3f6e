// A process in stages played per sample (docs/protocols.md, "Stages"): each stage's parameters drawn from its own
// streams, moved by the earlier results it depends on, then negotiated; its deal, or its status quo when it fails,
// fixes its issues for the stages after it. Under anticipation an agent values a stage's packages by what they lead
// to: the later stages are played out in the same sample for each case the stage's packages can make.
#pragma once

#include "engine/protocol.hpp"
#include "model/outcome.hpp"
#include "model/scenario.hpp"
#include "runner/monte_carlo.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace negsim {

using ProcessSink = std::function<void(std::uint64_t first, std::span<const ProcessOutcome> outcomes)>;

// Each stage's rounds, as negotiate_traced records them (engine/protocol.hpp): empty for a stage not reached.
using StageTraces = std::array<std::vector<TraceRow>, kMaxStages>;

// One sample alone (`negsim run --sample K` on a scenario in stages; `negsim trace` with `traces`).
[[nodiscard]] ProcessOutcome play_process(const Scenario& scenario, std::uint64_t seed, std::uint64_t sample, StageTraces* traces = nullptr);

// As run_monte_carlo, for a scenario in stages; each stage's outcome carries its zone margin.
void run_process(const Scenario& scenario, const RunOptions& options, const ProcessSink& sink, const ProgressSink& progress = {},
                 const Heartbeat& heartbeat = {});

// The chunk of samples a process run hands over at a time: a ProcessOutcome holds every stage's outcome (about 14 kB),
// so the two chunks in flight stay near 30 MB.
inline constexpr std::uint64_t kProcessChunk = 1024;

}  // namespace negsim
