// Beliefs under private information (docs/protocols.md, "Private information"): what an agent believes about another
// agent's reservation value r_j, the common prior (the scenario's distribution of r_j) truncated to an interval by what
// the other's answers have revealed, and how it predicts the other's acceptance threshold from r_j.
#pragma once

#include <utility>

#include "model/parameters.hpp"
#include "model/scenario.hpp"

#include <cstddef>

namespace negsim {

// r_j lies in [lo, hi], or in (lo, hi] when `open` (lo was learnt from a rejection: r_j > lo), distributed as the prior
// truncated to that interval (Bayes' rule for an observation of the form r_j <= c or r_j > c).
struct Belief {
    double lo = 0.0;
    double hi = 1.0;
    bool open = false;
};

// How responder j's acceptance threshold in round t follows from its reservation value r, j's discount and strategy
// exponent at their nominal values (the scenario's, known to all): its strategy's aspiration a(r, t) and the threshold rule of
// the round (docs/protocols.md, "The round", step 3), theta(r) = max(min(a(r, t), d^(t' - t) a(r, t')), r / d^t).
// Strategies without a schedule in r (tit-for-tat, zeuthen, baron-ferejohn react to offers or to everyone's
// discounts) are predicted to accept whatever beats walking away, a(r, t) = r. theta is non-decreasing in r.
struct ThresholdModel {
    Strategy strategy;             // j's strategy with its nominal exponent
    double discount = 1.0;         // j's nominal discount
    double ceiling = 2.0;          // utility_ceiling(j): walking away's stand-in for r / 0
    double best = 1.0;             // j's best utility u*_j (Parameters::best; its priorities are known to all)
    int round = 0;                 // t
    int rounds = 1;                // T
    int next = -1;                 // j's next turn to propose after t, or -1 (or j proposes now)

    [[nodiscard]] double threshold(double r) const;
    // The largest r in [0, 1] whose threshold an offer worth v to j meets (acceptable()), or -1 if none does.
    [[nodiscard]] double largest_accepting(double v) const;
};

// Agent i's prior about r_j: its misperception of j if the scenario states one, else the common prior (j's uncertainty
// distribution of the reservation value).
[[nodiscard]] const Distribution& prior_of(const Scenario& s, std::size_t i, std::size_t j);

// The belief before any answer: the prior's whole support (the point at the nominal value when the prior is fixed).
[[nodiscard]] Belief prior_belief(const Distribution& prior, double nominal);

// The probability, under belief b about r_j with prior `prior`, that r_j <= c (0 if c < 0: no r qualifies).
[[nodiscard]] double mass_below(const Belief& b, const Distribution& prior, double c);

// The alpha-quantile of the belief (alpha in (0, 1]): the r with mass_below(r) = alpha on a continuous part; a point
// belief's own point (just above it, by kBeliefStep, when it is open).
[[nodiscard]] double belief_quantile(const Belief& b, const Distribution& prior, double alpha);

// The belief after j answered an offer it was predicted to accept exactly when r_j <= c (c = largest_accepting(v)):
// accepted: hi falls to c; rejected: r_j > c, lo rises to c (open). When an answer contradicts the belief (j's true
// discount or exponent is not the nominal one, or a shock moved r_j), the belief moves to what the answer says, within the prior's support.
[[nodiscard]] Belief updated(Belief b, const Distribution& prior, double nominal, double c, bool accepted);

// The prior's support: [min, max] of a uniform or triangular, the domain of a normal or beta, the nominal point when fixed.
[[nodiscard]] std::pair<double, double> support(const Distribution& prior, double nominal);

}  // namespace negsim
