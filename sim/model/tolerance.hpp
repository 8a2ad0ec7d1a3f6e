// The one table of numerical tolerances and tuning limits, and the one test of "acceptable": every comparison of a
// utility with a threshold, every solver's stopping rule and every cap on a search's work takes its value from here
// (docs/protocols.md, "Tolerances"; the optimiser's policies and the measurements behind them: docs/design/optimiser.md).
#pragma once

#include <cstddef>

namespace negsim::tolerance {

// Utility units (utilities lie in [-1, 1] with link terms, thresholds in [0, 1]). An offer built to meet a threshold
// exactly may fall short of it by rounding in the optimiser; this much shortfall still counts as meeting it.
inline constexpr double kAccept = 1e-12;

// Relative to a vote criterion's total weight: a share of the votes is turned into a threshold by one multiplication,
// and the accepting voters' weights are summed; a coalition that meets the share exactly must not fail on rounding.
inline constexpr double kVoteWeight = 1e-12;

// In the issues' unit: `negsim evaluate` reports a package whose budget issues add up to more than the budget's
// maximum plus this much. Offers meet a budget by mixing two optima, so their sum can exceed it by rounding only.
inline constexpr double kBudget = 1e-12;

// A proof that no package meets every required threshold (engine/deal_screen.hpp), or that a restricted zone is empty
// (cooperative/zone.hpp, ZoneQuestions), must clear the thresholds by this much more than kAccept: it covers rounding in the weighted-sum oracle (a budget's price is bisected to ~1e-12) and
// in the maximin solver's value, so a proof errs only towards playing out a round that could have been passed over.
inline constexpr double kProofSlack = 1e-9;

// The deal screen's limits and its renewal by exponentiated subgradient steps (engine/deal_screen.cpp;
// docs/design/optimiser.md, "Renewal"). Counts of oracle calls and boxes, and weights that sum to 1.
//   Boxes (regions times combinations of discrete options) a proof may cover: one Bound each, stored inline in every
//   negotiation's screen; a package space cut into more boxes is not screened (its rounds are played out).
inline constexpr std::size_t kMaxScreenBoxes = 64;
//   A renewal spends at most kRenewBaseSteps + A / kRenewAgentsPerStep oracle calls per box (A the required agents),
//   and never more than kRenewSteps. Fewer agents make the optimiser's proof, or playing the round out, cheap, so a
//   failing renewal must give up sooner there: min(24, 4 + A/2) against a flat 24 cut the instructions per negotiation
//   (callgrind) by 9% at 4 and 6 parties, 2% at 16, and left 35 and 64 parties unchanged.
inline constexpr int kRenewSteps = 24;
inline constexpr int kRenewBaseSteps = 4;
inline constexpr int kRenewAgentsPerStep = 2;
//   The step: lambda_i is multiplied by exp(-kRenewStep (u_i(x) - threshold_i)), surpluses in utility units, so a
//   shortfall of 0.1 multiplies a weight by e^0.4 ~ 1.5 per step: the weight reaches the agent a package leaves short
//   within the few steps allowed. Every renewed bound is evaluated exactly, so the step only decides how often a
//   renewal succeeds, never whether a proof is sound; no other value was measured.
inline constexpr double kRenewStep = 4.0;
//   Before its steps, every required agent gets at least this share of the weight (split equally among them), so that
//   an agent the last proof gave no weight (a multiplicative step can never revive a zero) can come back.
inline constexpr double kRenewFloor = 0.01;

// The concession's bisections (engine/offer.cpp). The Lagrange multiplier's bracket is bisected geometrically until
// its ends are this close relative to each other (or the optima at its ends differ in one continuous issue): closer
// multipliers no longer change the weighted-sum optimum at double precision.
inline constexpr double kMultiplierBracket = 1e-10;
// The share of the way between the two optima around the critical multiplier is bisected to this width: a share
// of the way that is a few ulps of 1, so the concession binds the proposer's threshold to rounding.
inline constexpr double kMixBracket = 1e-15;
//   Bisection steps at most, caps on work that the brackets above normally end first: the multiplier's bracket
//   [m, 8m] reaches kMultiplierBracket in about 35 geometric halvings; the mix's [0, 1] reaches kMixBracket in 50.
inline constexpr int kConcessionIterations = 60;
inline constexpr int kMixIterations = 64;
//   The proposer's own multiplier starts just above 0: ties among the others' optima go its way and every agent has a
//   positive weight, which makes the optimum Pareto-efficient.
inline constexpr double kConcessionStartMultiplier = 1e-9;

// The one search for a Lagrange multiplier (optimise/multiplier.hpp): m = 1, kMultiplierGrowth, kMultiplierGrowth^2,
// ... until the priced optimum is feasible, giving up past kMaxMultiplier: the optimum is then (nearly) the
// unconstrained best for the priced term, and the caller sees that it is still infeasible. kMultiplierFloor is an
// absolute width that ends a bracket whose low end is 0, where a relative width cannot.
inline constexpr double kMultiplierGrowth = 8.0;
inline constexpr double kMaxMultiplier = 1e15;
inline constexpr double kMultiplierFloor = 1e-300;

// Relative to an issue's span. A recorded value closer than this to a bound of its issue (a range end, or the value of
// a condition on the issue) is written as that bound (model/bounds.hpp): strict conditions put region bounds one
// double away from the condition's value (5e-324 above 0), and mixes of columns land on a bound only up to rounding.
// A billionth of the range is far below any meaningful difference and far above rounding.
inline constexpr double kAtBound = 1e-9;

// Relative to the larger of 1 and the value's magnitude: a nominal value this close to the centre of the distribution
// that replaces it (random/distributions.hpp, centre) states the same thing, so `validate` does not warn about it. A
// midpoint such as (0.45 + 0.65) / 2 differs from the typed 0.55 by rounding only; a billionth is far above that.
inline constexpr double kNominalCentre = 1e-9;

// The simplex (optimise/simplex.*) works on the problem equilibrated so that every row's and every column's largest
// entry is 1 and the largest objective coefficient is 1; its tolerances are therefore relative to the magnitudes of
// the data (the scaling of Bixby 2002 and Koberstein 2005; docs/protocols.md, "The simplex").
//   A pivot element must exceed this share of the largest entry of its column: smaller ones are round-off of a zero,
//   and dividing by them is what made answers of the old absolute-tolerance tableau wrong by up to 0.036.
inline constexpr double kLpPivot = 1e-9;
//   A column improves the objective only if its scaled reduced cost is below -kLpOptimality: two orders tighter than
//   the dual residual check below, so that an answer the iterations accept also passes the check. A round-off
//   reduced cost that gets past it is caught by the ray test (a column with no pivot is not "unbounded" unless the
//   data confirm the ray), which is what the old absolute-tolerance tableau lacked.
inline constexpr double kLpOptimality = 1e-11;
//   A basic value this far below zero (scaled) is round-off of a zero; phase 1 calls a problem infeasible only when
//   the artificials keep more than this share of the right-hand side. Two orders tighter than the primal residual
//   check, for the same reason.
inline constexpr double kLpFeasibility = 1e-11;
//   Each phase gives up (numerical failure) after kLpIterationsPerSize * (rows + columns + kLpIterationsBase) pivots:
//   a cap on work, not a tolerance. Bland's rule cannot cycle, so only a tableau spoilt by round-off is expected to
//   come near it; the cap stops such a tableau from spinning (the answer then goes through the usual fallbacks).
inline constexpr std::size_t kLpIterationsPerSize = 50;
inline constexpr std::size_t kLpIterationsBase = 10;

// The residual (KKT) check on every answer the simplex calls optimal, on the original data: each residual is divided
// by the sum of the magnitudes of the terms it adds up, so it measures cancellation, not units. A correct answer in
// double precision has residuals near 1e-15 times the growth of the tableau; 1e-9 leaves six orders of magnitude for
// that growth on the masters' ill-conditioned (scaled 1e-6..1e6, repeated-column) rows, and still rejects any
// answer wrong in the ninth digit, far finer than the 1e-9 the deal screen's proofs keep in hand (kProofSlack).
//   primal: |A x - b|_i relative to |b_i| + sum_j |a_ij x_j|, and x >= 0;
inline constexpr double kLpPrimalResidual = 1e-9;
//   dual: the violation of (A'y)_j >= c_j relative to |c_j| + sum_i |a_ij y_i|;
inline constexpr double kLpDualResidual = 1e-9;
//   complementary slackness: the reduced cost of a positive x_j relative to the same magnitude.
inline constexpr double kLpComplementarity = 1e-9;

// Column generation (optimise/package_optimizer.cpp) stops when the best new column would raise the master's value
// by at most this much relative to 1 + |value|: two orders above the simplex's optimality tolerance, so a column that
// only round-off makes look improving is not added for ever.
inline constexpr double kColumnGain = 1e-11;
// A mix of columns whose value for a continuous issue lies within this share of the span of a bound of its box
// is that bound (1.7e-15 would read as a different package from 0).
inline constexpr double kMixSnap = 1e-12;
// best_above_floors first solves the maximin over the floors: an optimal value below -kFloorsCheck proves that no
// package meets them (kProofSlack's margin, for the same reasons); above it the floors problem decides.
inline constexpr double kFloorsCheck = 1e-9;
// A budget's price (optimise/weighted_optimum.cpp) is bisected until its bracket is this narrow, relative.
inline constexpr double kBudgetPriceBracket = 1e-12;
//   ...or after this many bisection steps: from a bracket [m, 8m] a relative width of 1e-12 takes about 41 geometric
//   halvings, and a bracket from 0 needs some arithmetic halvings first; 80 covers both with room.
inline constexpr int kBudgetPriceIterations = 80;

// Limits of the package optimiser's column generation (optimise/package_optimizer.cpp, optimise/master_problem.hpp;
// docs/design/optimiser.md). A search that meets one reports its best answer as stalled, never as optimal.
//   Pricing rounds (master solves) per search: a cap on work that stops a search round-off keeps pricing. It is not
//   what ends searches in practice: no Paris sample of 20 000 (seed 7) has a stalled answer.
inline constexpr int kColumnGenerationRounds = 80;
//   Columns a master holds. At the cap the columns the master does not use are dropped (its basis keeps at most one
//   per row) and it is solved afresh from the rest, so the search goes on: before that, 176 of 20 000 Paris samples
//   (seed 7) ended stalled at this cap; since, none do. The simplex is sized for 2 + kMaxAgents + this many columns.
inline constexpr std::size_t kMasterColumns = 48;
//   Combinations of the discrete issues' options solved as separate boxes; beyond this many, each combination is
//   evaluated as a single package when no continuous issue is free (exact, up to kMaxEnumeratedCombinations), and
//   otherwise the discrete issues are fixed at options found by a heuristic: one unrestricted solve over mixes of
//   packages, whose value bounds the optimum from above, then coordinate ascent from its heaviest column
//   (discrete_search.hpp); the answer carries its gap to that bound. Each box costs a whole search; Paris has 5 per
//   region (15 over its 3 regions).
inline constexpr std::size_t kMaxDiscreteCombinations = 64;
//   The coordinate search over discrete options: at most this many passes over the issues (each pass that moves no
//   option ends it; the 36-issue coalition case settles in 2 or 3), and a move must gain this much, relative to
//   1 + |score|, so that round-off cannot make two options trade places for ever.
inline constexpr int kDiscreteSearchPasses = 8;
inline constexpr double kDiscreteSearchGain = 1e-12;
//   A heuristic answer whose gap to its upper bound is within this much (relative to 1 + |value|) is optimal: the
//   masters' own optimality tolerance, so such an answer is as good as a solved box's.
inline constexpr double kDiscreteGap = 1e-9;
//   The relaxation over mixes of packages that bounds such an answer is solved until its Lagrangian bound is within
//   this much of its value (relative to 1 + |value|), not to kColumnGain: past the enumeration it serves as a bound
//   and as the search's start, and the column generation's tail is where most of its rounds go (on coalition-35, 74%
//   of the floors relaxation's rounds come after its gap falls below 1e-3). The integrality gaps it bounds there reach
//   0.15, so a bound looser by 1e-3 moves a reported gap by a fraction of that; where the discrete answer reaches the
//   relaxation's value, and so could be proven optimal, the relaxation is solved to optimality after all.
inline constexpr double kRelaxationGap = 1e-3;
// The zone search under a vote with more minimal winning coalitions than the loader lists (cooperative/zone.cpp):
// at most this many coalition moves (maximin over the best coalition at the last package, then the best coalition at
// its answer). Each move raises the margin or ends the search; on the 35- and 64-party quorum cases of
// docs/performance.md the search settled within 3 moves, so 8 only stops a pathological cycle of ties.
inline constexpr int kCoalitionMoves = 8;
//   The floors repair (restore_floors): the smallest share of the way towards the check's package that restores every
//   floor is multiplied by this, so that rounding in the blend cannot leave the package short again.
inline constexpr double kFloorsRepairFactor = 2.0;

// In objective weight: the small weight an objective gives the agents it does not aim at, so that among packages
// equally good for the ones it aims at it takes one that is best for the others too (Pareto-efficient): the
// proposer's own weight in an offer (engine/offer.cpp), the others' in an offer under beliefs (engine/belief_offer.cpp),
// the unbounded agents' in the optimiser's first columns (optimise/package_optimizer.cpp). Small enough never to trade
// a visible amount of the main objective, large enough to break ties well above rounding.
inline constexpr double kTieBreakWeight = 1e-6;
// In objective weight, relative to the largest power: the least weight an offer (engine/offer.cpp) gives every agent
// other than the proposer, so that an agent of power 0 still counts and the offer stays Pareto-efficient, while
// powers up to a thousandfold apart still rank the others as the scenario says.
inline constexpr double kOtherWeightFloor = 1e-3;
// In objective weight: agent 0's weight in the two-agent Pareto frontier's floors problems (cooperative/solutions.cpp),
// which maximise agent 1's utility: weakly efficient points are pushed to the efficient end.
inline constexpr double kFrontierTieBreakWeight = 1e-9;

// Private information (engine/beliefs.*, engine/belief_offer.*; docs/protocols.md, "Private information").
//   In reservation units: the largest reservation value whose predicted threshold an offer meets is found on a grid
//   of steps 2^-L, the first L with 2^-L at most this (where a bisection of [0, 1] to this width ends): far below any
//   difference in r an analyst can state and far above a double's resolution of [0, 1].
inline constexpr double kBeliefBisection = 1e-12;
//   In reservation units: a belief reduced to "r_j is above c" (an answer contradicted the prior) is served by an offer
//   for r_j = c + this: well above the optimiser's feasibility slack (1e-9), so the offer really clears c, and far
//   below any meaningful concession.
inline constexpr double kBeliefStep = 1e-6;
//   In acceptance probability: the golden-section search over the family of offers stops when its bracket is this
//   narrow; the proposer's expected utility is flat to second order at its optimum, so it is then within ~1e-14 of it.
inline constexpr double kBeliefSearch = 1e-7;
//   Relative to 1 + |value|: a box of the offer family (engine/belief_offer.cpp) is skipped when the optimum it had at
//   lower floors, which bounds it from above, is below the best value already held by more than this. The masters'
//   optimality tolerance is 1e-11 (kColumnGain); this is a hundred times that, so a bound from a round-off-high solve
//   never hides a box that could win, while a box that trails by a meaningful amount is never solved again.
inline constexpr double kFamilyBoundMargin = 1e-9;
//   Packages a box of the offer family carries from one member's solve to the next (optimise/package_optimizer.hpp,
//   CarriedColumns): the floors master's support, at most one package per bounded agent and one more. Eight hold the
//   whole support up to seven bounded agents (every Paris scenario); a larger support carries its first eight, which
//   only starts the next search from fewer columns.
inline constexpr std::size_t kCarriedColumns = 8;

// Numbers read from another tool's files (sim/interop/, docs/interop.md) are decimal text: weights meant to sum to 1
// (0.1 + 0.2 + 0.7 = 1.0000000000000002) and values meant to lie in [0, 1] miss by rounding. Within this much,
// relative to 1, they are taken as written to be exact (a sum of 1, a value at 0 or 1); beyond it they are converted
// (weights that sum to s != 1 scale the values by s) or, where negsim cannot hold them, refused.
inline constexpr double kImportedRounding = 1e-12;

// GENIUS profiles are written with weights rounded to a few decimals (ANAC's Laptop domain sums to 1.00005), and
// GENIUS normalises them. Weights whose sum is within this much of 1 are normalised (and the import says so): at most
// 10^-3 is what ten weights rounded to four decimals can miss by (10 x 0.5 x 10^-4 = 5 x 10^-4), with room; a sum
// farther from 1 is meant (0.8: every value scaled by it, so that utilities stay GENIUS's).
inline constexpr double kGeniusWeightSum = 1e-3;

// A grid level lo + k (hi - lo) / (L - 1) computed in doubles misses the decimal the user would type by rounding
// (0.3 + 0.12 = 0.42000000000000004). The level is taken as the shortest decimal (at most kGridLevelDigits
// significant digits) that reads back within kGridLevelUlps units in the last place of the computed value, so that
// the value printed, written and run is the one a user can type to reproduce the point; a level no such decimal
// comes that close to (a third) keeps its computed value.
inline constexpr int kGridLevelDigits = 15;
inline constexpr int kGridLevelUlps = 1;

// Sobol indices lie in [0, 1] and are read in classes: negligible (below ~0.05), moderate, dominant (above ~0.3). A
// bootstrap 95% interval wider than this spans at least two classes, so the index does not say which class the factor
// is in: the sweep warns (sweep.json "warnings", and stderr) that its design is too small (analysis/sobol.hpp).
inline constexpr double kSobolIntervalWidth = 0.3;

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
// Caps on work in the Nash master (cooperative/nash.cpp): the Newton step is halved at most this many times looking
// for an increase of the objective (a step below 2^-40 ~ 1e-12 of Newton's is given up; the Frank-Wolfe steps go
// on), and the pairwise line search bisects at most this many times (2^-100 of the pair's weight, past double
// precision; it also stops once the midpoint equals an end).
inline constexpr int kNashNewtonHalvings = 40;
inline constexpr int kNashLineSearchSteps = 100;

// Sampled inputs kept for sensitivity.csv (analysis/sensitivity.hpp): the rank correlations need every kept sample's
// value of every input, so the first kSensitivitySamples samples are kept, or fewer when a scenario has so many
// inputs that they would hold more than kSensitivityValues values (64 MB): memory then stops growing with the run
// (coalition-35, 1 297 inputs: about 6 000 samples). The `samples` column of sensitivity.csv says how many were used.
inline constexpr std::size_t kSensitivitySamples = 100000;
inline constexpr std::size_t kSensitivityValues = 8000000;
//   Columns of at least this many values are ranked by a radix sort, shorter ones by a comparison sort: a radix sort
//   clears and sums 8 tables of 256 counts whatever the length, which costs more than sorting a few hundred values
//   (a 20-sample run of coalition-35 spent 134M instructions on them), and pays from about a thousand values on.
inline constexpr std::size_t kRadixSortFrom = 1024;

}  // namespace negsim::tolerance

namespace negsim {

// Whether a package worth `utility` to an agent meets its `threshold` (a reservation value, an aspiration or a floor):
// the single acceptability test of agents, offers, zones and the summary.
[[nodiscard]] inline bool acceptable(double utility, double threshold) { return utility >= threshold - tolerance::kAccept; }

// Whether a zone margin (zone.hpp: the best worst surplus over required agents) says that a zone of agreement exists.
[[nodiscard]] inline bool zone_exists(double margin) { return margin >= -tolerance::kAccept; }

}  // namespace negsim
