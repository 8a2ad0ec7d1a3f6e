// The one table of numerical tolerances and the one test of "acceptable": every comparison of a utility with a
// threshold, and every solver's stopping rule, takes its tolerance from here (docs/protocols.md, "Tolerances").
#pragma once

namespace negsim::tolerance {

// Utility units (utilities lie in [-1, 1] with link terms, thresholds in [0, 1]). An offer built to meet a threshold
// exactly may fall short of it by rounding in the optimiser; this much shortfall still counts as meeting it.
inline constexpr double kAccept = 1e-12;

// Baron–Ferejohn continuation values (model/continuation.hpp): the largest violation of an equilibrium condition, in
// units of the surplus, at which a candidate structure is taken as the equilibrium. Rounding in the closed forms
// leaves ~1e-15; the looser bound absorbs the conditioning of nearly undiscounted agents (1 - d ~ 1e-9).
inline constexpr double kEquilibrium = 1e-10;

// 1 - d standing in for an undiscounted agent (d = 1) in the continuation values: the limit d -> 1 at a common rate,
// below any 1 - d of a double d < 1 (>= 1.1e-16), yet far from underflow when divided into.
inline constexpr double kUndiscounted = 1e-200;

// 1 - d, relative to the smallest 1 - d of a discounted agent, at which the structure of that limit is identified (the
// closed forms at kUndiscounted itself cannot tell structures apart; continuation.cpp).
inline constexpr double kNearlyUndiscounted = 1e-6;

}  // namespace negsim::tolerance

namespace negsim {

// Whether a package worth `utility` to an agent meets its `threshold` (a reservation value, an aspiration or a floor):
// the single acceptability test of agents, offers, zones and the summary.
[[nodiscard]] inline bool acceptable(double utility, double threshold) { return utility >= threshold - tolerance::kAccept; }

// Whether a zone margin (zone.hpp: the best worst surplus over required agents) says that a zone of agreement exists.
[[nodiscard]] inline bool zone_exists(double margin) { return margin >= -tolerance::kAccept; }

}  // namespace negsim
