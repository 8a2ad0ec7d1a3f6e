// The one table of numerical tolerances and the one test of "acceptable": every comparison of a utility with a
// threshold, and every solver's stopping rule, takes its tolerance from here (docs/protocols.md, "Tolerances").
#pragma once

namespace negsim::tolerance {

// Utility units (utilities lie in [-1, 1] with link terms, thresholds in [0, 1]). An offer built to meet a threshold
// exactly may fall short of it by rounding in the optimiser; this much shortfall still counts as meeting it.
inline constexpr double kAccept = 1e-12;

// Relative to a vote criterion's total weight: a share of the votes is turned into a threshold by one multiplication,
// and the accepting voters' weights are summed; a coalition that meets the share exactly must not fail on rounding.
inline constexpr double kVoteWeight = 1e-12;

}  // namespace negsim::tolerance

namespace negsim {

// Whether a package worth `utility` to an agent meets its `threshold` (a reservation value, an aspiration or a floor):
// the single acceptability test of agents, offers, zones and the summary.
[[nodiscard]] inline bool acceptable(double utility, double threshold) { return utility >= threshold - tolerance::kAccept; }

// Whether a zone margin (zone.hpp: the best worst surplus over required agents) says that a zone of agreement exists.
[[nodiscard]] inline bool zone_exists(double margin) { return margin >= -tolerance::kAccept; }

}  // namespace negsim
