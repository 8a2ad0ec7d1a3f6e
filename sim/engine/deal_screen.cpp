// Proofs that no package meets every required threshold (deal_screen.hpp).
#include "engine/deal_screen.hpp"

#include "optimise/package_optimizer.hpp"
#include "engine/strategy.hpp"
#include "model/tolerance.hpp"
#include "model/utility.hpp"

#include <algorithm>
#include <cmath>

namespace negsim {

namespace {

// The screen's boxes of a region: each combination of its discrete options, or, past the optimiser's enumeration, the
// region itself (the weighted-sum oracle is exact over it, discrete options included, so a proof over it is as sound;
// its weights are the relaxation's, which prove less often than a box's own).
template <class Visit>
std::size_t for_each_screen_box(const Scenario& s, const IssueBounds& region, Visit visit) {
    const std::size_t boxes = for_each_discrete_choice(s, region, visit);
    if (boxes > 0) return boxes;
    visit(region);
    return 1;
}

}  // namespace

bool DealScreen::rules_out(const std::array<double, kMaxAgents>& threshold) const {
    for (std::size_t b = 0; b < count_; ++b) {
        // accepts() lets an offer fall tolerance::kAccept short of a threshold; the proof must hold with that allowance.
        double needed = 0.0;
        for (std::size_t i = 0; i < agents_; ++i) needed += bounds_[b].lambda[i] * (threshold[i] - tolerance::kAccept);
        if (!(bounds_[b].best + tolerance::kProofSlack < needed)) return false;
    }
    return count_ > 0;
}

bool DealScreen::prove(const Negotiation& n, const AgentMask& required, const std::array<double, kMaxAgents>& threshold) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    count_ = 0;
    agents_ = p.agents;
    UtilityProgram program;
    bool anyone = false;
    for (std::size_t i = 0; i < p.agents; ++i) {
        program.bounded[i] = required[i];
        program.floor[i] = threshold[i];
        program.scale[i] = 1.0;
        anyone = anyone || required[i];
    }
    if (!anyone) return false;
    bool proven = true;
    std::size_t count = 0;
    for (const IssueBounds& region : s.regions) {
        const std::size_t boxes = for_each_screen_box(s, region, [&](const IssueBounds& box) {
            if (!proven || count == tolerance::kMaxScreenBoxes) {
                proven = false;
                return;
            }
            // The search starts from the required agents' joint optimum alone (maximin's seed), cheaper than from
            // every agent's own optimum too.
            const Package joint = joint_optimum(n, program, box);
            const ProgramResult closest = maximin(n, program, box, &joint);
            // Without an answer there is no proof (and no harm: the round is played out). A stalled answer's value
            // is a lower bound and its weights are still weights: the proof below rests on the exact oracle alone.
            if (!closest.has_value() || closest->value >= -tolerance::kProofSlack) {
                proven = false;  // a package comes (too) close to meeting every threshold
                return;
            }
            Bound& bound = bounds_[count++];
            bound.lambda = closest->lambda;
            const Package x = weighted_optimum(n, bound.lambda, box);
            bound.best = 0.0;
            for (std::size_t i = 0; i < p.agents; ++i)
                if (bound.lambda[i] > 0.0) bound.best += bound.lambda[i] * utility(n, i, x, &box);
        });
        if (boxes == 0 || !proven) return false;
    }
    count_ = count;
    if (rules_out(threshold)) return true;
    count_ = 0;
    return false;
}

// renew()'s search (its constants, with their reasons, in model/tolerance.hpp; the measurements that chose them in
// docs/design/optimiser.md): at most 4 + A/2 oracle calls per box (A the required agents), and never more than 24,
// each step multiplying agent i's weight by exp(-kRenewStep * (u_i(x) - threshold_i)), after every required agent is
// given at least kRenewFloor of the weight (shared equally), so that an agent the last proof left out can come back.
bool DealScreen::renew(const Negotiation& n, const AgentMask& required, const std::array<double, kMaxAgents>& threshold) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    std::size_t required_count = 0;
    for (std::size_t i = 0; i < p.agents; ++i) required_count += required[i] ? 1 : 0;
    if (required_count == 0) return false;
    // Fewer steps with fewer agents, where a proof by the optimiser, or playing the round out, costs less.
    const int steps =
        std::min(tolerance::kRenewSteps, tolerance::kRenewBaseSteps + static_cast<int>(required_count) / tolerance::kRenewAgentsPerStep);
    // The boxes in prove()'s order, so that box b starts from the weights that proved it last time (or, without a
    // proof, from equal weights).
    std::array<Bound, tolerance::kMaxScreenBoxes> renewed;
    std::size_t count = 0;
    bool proven = true;
    for (const IssueBounds& region : s.regions) {
        const std::size_t boxes = for_each_screen_box(s, region, [&](const IssueBounds& box) {
            if (!proven || count == tolerance::kMaxScreenBoxes || (count_ > 0 && count == count_)) {
                proven = false;
                return;
            }
            Coefficients lambda = count_ > 0 ? bounds_[count].lambda : Coefficients{};
            for (std::size_t i = 0; i < p.agents; ++i)
                lambda[i] = required[i] ? std::max(lambda[i], tolerance::kRenewFloor / static_cast<double>(required_count)) : 0.0;
            std::array<double, kMaxAgents> u{};
            for (int step = 0; step < steps; ++step) {
                double total = 0.0;
                for (std::size_t i = 0; i < p.agents; ++i) total += lambda[i];
                for (std::size_t i = 0; i < p.agents; ++i) lambda[i] /= total;
                // The bound these weights give, evaluated exactly as prove() evaluates its own.
                const Package x = weighted_optimum(n, lambda, box);
                double best = 0.0;
                double needed = 0.0;
                for (std::size_t i = 0; i < p.agents; ++i) {
                    if (lambda[i] == 0.0) continue;
                    u[i] = utility(n, i, x, &box);
                    best += lambda[i] * u[i];
                    needed += lambda[i] * (threshold[i] - tolerance::kAccept);
                }
                if (best + tolerance::kProofSlack < needed) {
                    renewed[count++] = {lambda, best};
                    return;
                }
                // The dual function's subgradient in lambda_i is u_i(x) - threshold_i: weight moves to the agents x leaves short.
                for (std::size_t i = 0; i < p.agents; ++i)
                    if (lambda[i] > 0.0) lambda[i] *= std::exp(-tolerance::kRenewStep * (u[i] - threshold[i]));
            }
            proven = false;
        });
        if (boxes == 0 || !proven) return false;
    }
    if (count_ > 0 && count != count_) return false;
    std::copy_n(renewed.begin(), count, bounds_.begin());
    count_ = count;
    agents_ = p.agents;
    return rules_out(threshold);
}

}  // namespace negsim
