// Fixed capacities: they keep every per-negotiation buffer on the stack (the hot loop allocates nothing). The loader
// rejects larger scenarios with a clear message.
#pragma once

#include <array>
#include <cstddef>

namespace negsim {

inline constexpr std::size_t kMaxAgents = 64;
inline constexpr std::size_t kMaxIssues = 64;
inline constexpr std::size_t kMaxOptions = 32;

// One flag per agent: who is in a coalition, who must accept, who votes.
using AgentMask = std::array<bool, kMaxAgents>;

}  // namespace negsim
