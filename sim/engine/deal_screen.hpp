// A proof, reusable from round to round, that no package meets the acceptance threshold of every agent whose consent
// the decision rule requires: a round with such thresholds cannot end in a deal whatever is offered, so its offer
// need not be built (rounds.hpp). It is what lets the engine pass over the early rounds of a long negotiation cheaply.
//
// For each box of the package space (each region of the hard constraints and, within it, each combination of the
// discrete issues' options; past the optimiser's enumeration, the region itself), weights lambda >= 0 with
//     max_{x in box} sum_i lambda_i u_i(x)  <  sum_i lambda_i (threshold_i - tolerance)
// prove that every package in the box leaves some required agent below its threshold (weak Lagrangian duality;
// Geoffrion 1974, "Lagrangean relaxation for integer programming", Math. Programming Study 2:82). The left side does
// not depend on the thresholds, so a proof made in one round is checked against a later round's thresholds with one
// dot product per box. The weights are the duals of the maximin problem at the thresholds where the proof was made
// (package_optimizer.hpp); the left side is evaluated exactly by the weighted-sum oracle, so a proof never rests on
// the optimiser's convergence.
#pragma once

#include "model/coalition.hpp"
#include "model/negotiation.hpp"
#include "model/tolerance.hpp"
#include "optimise/weighted_optimum.hpp"

#include <array>
#include <cstddef>

namespace negsim {

class DealScreen {
public:
    // Whether the current proof shows that no package meets `threshold` for every required agent.
    [[nodiscard]] bool rules_out(const std::array<double, kMaxAgents>& threshold) const;

    // Replaces the proof by one made at `threshold`, and returns rules_out(threshold). Fails (and holds no proof) when
    // some box has a package within the optimiser's tolerance of every threshold, when nobody's consent is required,
    // or when the package space has more than tolerance::kMaxScreenBoxes boxes.
    bool prove(const Negotiation& n, const AgentMask& required, const std::array<double, kMaxAgents>& threshold);

    // Whether there is a proof, for some thresholds (renew() starts from it).
    [[nodiscard]] bool holds_proof() const { return count_ > 0; }

    // Tries to replace the current proof by one for `threshold` without the optimiser: starting from each box's
    // weights, a few steps of exponentiated subgradient descent on the dual function (multiplicative weights;
    // Kivinen & Warmuth 1997, "Exponentiated gradient versus gradient descent for linear predictors", Information and
    // Computation 132:1), each priced by one call of the weighted-sum oracle. Every bound it keeps is evaluated
    // exactly, as prove()'s are, so it is as sound; it only fails more often, and then prove() is asked. Returns
    // rules_out(threshold); on failure the current proof is kept.
    bool renew(const Negotiation& n, const AgentMask& required, const std::array<double, kMaxAgents>& threshold);

private:
    struct Bound {
        Coefficients lambda;  // the weights; zero for agents whose consent is not required
        double best;          // max over the box of sum_i lambda_i u_i(x)
    };
    // Left uninitialised (about 33 KB, sizeof(DealScreen) with g++ 12 on x86-64; one per negotiation): only the first
    // count_ are read, each written by prove() or renew().
    std::array<Bound, tolerance::kMaxScreenBoxes> bounds_;
    std::size_t count_ = 0;  // 0: no proof
    std::size_t agents_ = 0;
};

}  // namespace negsim
