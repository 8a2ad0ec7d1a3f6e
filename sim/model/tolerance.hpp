// The one table of numerical tolerances and the one test of "acceptable": every comparison of a utility with a
// threshold, and every solver's stopping rule, takes its tolerance from here (docs/protocols.md, "Tolerances").
#pragma once

#include <cstddef>

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

// Nash solutions (cooperative/solutions.cpp), for weights normalised to sum 1. kNashGap bounds the shortfall of the
// log of the Nash product from its maximum (the column-generation gap), relative to max(1, g.u) (g the gradient, u
// the utilities, so that small surpluses, whose gradients are large, are not held to an unattainable absolute bound):
// 1e-12 puts a strongly concave optimum within ~1e-6 in the package and a polyhedral one (a budget) at the exact
// mix. kNashInnerGap stops the pairwise Frank-Wolfe steps on the master, relative in the same way: it must be below
// kNashGap. The caps bound the work; a solve that meets a cap before its gap is reported as not converged.
inline constexpr double kNashGap = 1e-12;
// ...or within this many roundings of the gap's own arithmetic (a tiny surplus next to large utilities makes the
// gradient inexact: power ratios of 1e6 leave ~1e-11); 64 * 2^-52 = 1.4e-14 per unit of that noise.
inline constexpr double kNashRounding = 64 * 2.220446049250313e-16;
inline constexpr double kNashInnerGap = 1e-14;
// The master is solved to this share of the last outer gap while columns are still being generated (an exact master
// early on is wasted work); the outer gap alone decides convergence.
inline constexpr double kNashMasterShare = 0.01;
inline constexpr int kNashInnerIterations = 2000;
// Ridge on the Newton step of the Nash master, relative to the Hessian's largest diagonal: columns whose utilities are
// affinely dependent make it singular; 1e-13 keeps it solvable and changes the step by ~1e-13.
inline constexpr double kNashRidge = 1e-13;
inline constexpr int kNashColumnsGenerated = 500;
inline constexpr std::size_t kNashColumns = 64;

}  // namespace negsim::tolerance

namespace negsim {

// Whether a package worth `utility` to an agent meets its `threshold` (a reservation value, an aspiration or a floor):
// the single acceptability test of agents, offers, zones and the summary.
[[nodiscard]] inline bool acceptable(double utility, double threshold) { return utility >= threshold - tolerance::kAccept; }

// Whether a zone margin (zone.hpp: the best worst surplus over required agents) says that a zone of agreement exists.
[[nodiscard]] inline bool zone_exists(double margin) { return margin >= -tolerance::kAccept; }

}  // namespace negsim
