// Strategies: how an agent's aspiration (the utility it demands of a deal) moves over the rounds.
// Acceptance follows the aspiration: an agent accepts an offer worth at least its current aspiration.
#pragma once

#include "scenario.hpp"

#include <cmath>
#include <variant>

namespace negsim {

// What a strategy may look at when it sets its aspiration for a round.
struct StrategyContext {
    int round = 0;          // 0-based
    int rounds = 1;         // the protocol's round limit T
    double reservation = 0; // the agent's (sampled) reservation utility
};

// Faratin, Sierra & Jennings (1998), "Negotiation decision functions for autonomous agents", with k = 0 and the
// GENIUS exponent convention: a(t) = 1 - (1 - r) * tau^(1/e), tau = t / (T - 1), so the first round demands 1
// and the last concedes to the reservation value r. e < 1 Boulware (holds out), e = 1 linear, e > 1 Conceder.
[[nodiscard]] inline double aspiration(const TimeDependentStrategy& s, const StrategyContext& c) {
    const double tau = c.rounds > 1 ? static_cast<double>(c.round) / static_cast<double>(c.rounds - 1) : 1.0;
    return 1.0 - (1.0 - c.reservation) * std::pow(tau, 1.0 / s.exponent);
}

// An agent accepts an offer worth at least its current aspiration (1e-12 absorbs rounding in offers built to bind).
[[nodiscard]] inline bool accepts(double utility, double aspiration) { return utility >= aspiration - 1e-12; }

[[nodiscard]] inline double aspiration(const Strategy& s, const StrategyContext& c) {
    return std::visit([&](const auto& strategy) { return aspiration(strategy, c); }, s);
}

}  // namespace negsim
