// Fixed capacities and size limits, in one place. The scenario capacities keep every per-negotiation buffer on the
// stack (the hot loop allocates nothing); the sweep limits keep a design from asking for more memory than a machine
// has. The loader and the sweep readers reject larger inputs with a clear message.
#pragma once

#include <array>
#include <cstddef>

namespace negsim {

inline constexpr std::size_t kMaxAgents = 64;
inline constexpr std::size_t kMaxIssues = 64;
inline constexpr std::size_t kMaxOptions = 32;
// The aggregates that conditions may name (each region keeps at most one range per such aggregate): a threshold or a
// pledge on the guarantee's total force, the number of troop contributors, and a couple more.
inline constexpr std::size_t kMaxAggregateLimits = 4;
// Stages of one process (docs/protocols.md, "Stages"): a sample keeps every stage's outcome (about 1.5 kB each); the
// reports' two tracks need two, an agenda of a handful of issues a few more.
inline constexpr std::size_t kMaxStages = 6;
// The conditions on one stage's issues that the later stages' dependencies name: an anticipating agent values the
// stage's packages through the 2^n cases they make (each a play of the later stages), so n stays small.
inline constexpr std::size_t kMaxStageConditions = 4;

// A sweep: a grid factor of more values than this is a typo, not a design; and a design of more points than this is
// refused before its points are built, because each point is a whole Monte Carlo run and the sweep holds every
// point's values and record (about a kilobyte at 1000 samples) in memory until its final files are written.
inline constexpr std::size_t kMaxGridLevels = 1000000;
inline constexpr std::size_t kMaxSweepPoints = 1000000;

// One flag per agent: who is in a coalition, who must accept, who votes.
using AgentMask = std::array<bool, kMaxAgents>;

}  // namespace negsim
