// Offers under beliefs and learning from answers (belief_offer.hpp; docs/protocols.md, "Private information").
#include "engine/belief_offer.hpp"

#include "engine/offer.hpp"
#include "engine/strategy.hpp"
#include "model/tolerance.hpp"
#include "model/utility.hpp"
#include "optimise/package_optimizer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>
#include <vector>

namespace negsim {

namespace {

// Grid points over alpha in (0, 1] before the golden-section refinement: the expected utility need not be unimodal
// over the whole family (a package jumps between regions), so the refinement starts around the best grid point.
constexpr int kGrid = 8;

struct Member {
    bool found = false;
    BeliefOffer offer;
};

// What the family's solves proved and found so far, box by box over every region (package_optimizer.hpp, BoxBounds):
// the floors rise with alpha, so a member at alpha may skip the boxes that a member at a lower alpha proved unable to
// win; and each box's next solve starts from the packages its last one ended with. Kept only when every region's
// boxes fit (Paris: 5 options of its one discrete issue in each of 3 regions); a family larger than kMembers members
// solves the rest in full.
class FamilyBounds {
public:
    static constexpr std::size_t kBoxes = tolerance::kMaxDiscreteCombinations;
    static constexpr std::size_t kMembers = 64;

    explicit FamilyBounds(const Scenario& s) {
        // Every region has at least one box, so regions that fit have a slot each in first_.
        std::size_t total = 0;
        for (std::size_t r = 0; r < s.regions.size() && total <= kBoxes; ++r) {
            first_[r] = total;
            total += static_cast<std::size_t>(std::min(discrete_combinations(s, s.regions[r]), static_cast<double>(kBoxes) + 1.0));
        }
        boxes_ = total <= kBoxes && s.regions.size() <= kBoxes ? total : 0;
    }

    // The bounds for a member at `alpha`: for each box, the least proven at any alpha' <= alpha.
    [[nodiscard]] std::array<double, kBoxes> at(double alpha) const {
        std::array<double, kBoxes> bound;
        bound.fill(std::numeric_limits<double>::infinity());
        for (std::size_t m = 0; m < members_; ++m)
            if (alpha_[m] <= alpha)
                for (std::size_t b = 0; b < boxes_; ++b) bound[b] = std::min(bound[b], bound_[m][b]);
        return bound;
    }

    void record(double alpha, const std::array<double, kBoxes>& bound) {
        if (boxes_ == 0 || members_ == kMembers) return;
        alpha_[members_] = alpha;
        bound_[members_++] = bound;
    }

    // Region r's boxes in a member's bounds, and the packages they carry (empty when the family's boxes do not fit).
    [[nodiscard]] BoxBounds region(std::array<double, kBoxes>& bound, std::size_t r, std::size_t regions) {
        if (boxes_ == 0) return {};
        const std::size_t end = r + 1 < regions ? first_[r + 1] : boxes_;
        return {std::span<double>(bound).subspan(first_[r], end - first_[r]), -std::numeric_limits<double>::infinity(),
                std::span<CarriedColumns>(columns_).subspan(first_[r], end - first_[r])};
    }

private:
    std::size_t boxes_ = 0, members_ = 0;
    std::array<std::size_t, kBoxes + 1> first_{};
    // Only the first members_ entries are read (at()), each written by record(): left uninitialised, a family costs
    // no 32 KB clear per offer.
    std::array<double, kMembers> alpha_;
    std::array<std::array<double, kBoxes>, kMembers> bound_;
    // Each box's carried packages: only the counts start cleared (CarriedColumns), the packages are written before
    // they are read.
    std::array<CarriedColumns, kBoxes> columns_;
};

// The floors of family member alpha: the proposer's own threshold; for each needed agent its true threshold (known)
// or the one predicted at the alpha-quantile of the belief.
UtilityProgram family_program(std::size_t proposer, const std::array<double, kMaxAgents>& threshold, const AgentMask& coalition,
                              const RoundView& view, std::size_t agents, double alpha) {
    UtilityProgram program;
    for (std::size_t j = 0; j < agents; ++j) {
        program.objective[j] = j == proposer ? 1.0 : tolerance::kTieBreakWeight;  // every member Pareto-efficient
        program.bounded[j] = j == proposer || coalition[j];
        if (!program.bounded[j]) continue;
        const ResponderView& v = view[j];
        program.floor[j] = j == proposer || v.known ? threshold[j] : v.model.threshold(belief_quantile(v.belief, *v.prior, alpha));
    }
    return program;
}

// P(every needed agent accepts x | beliefs): a known agent's own test, else the belief's mass on the reservation
// values whose predicted threshold x meets (independent beliefs: the product).
double acceptance_of(const Negotiation& believed, std::size_t proposer, const std::array<double, kMaxAgents>& threshold,
                     const AgentMask& coalition, const RoundView& view, const Package& x) {
    const Parameters& p = believed.parameters;
    double probability = 1.0;
    for (std::size_t j = 0; j < p.agents && probability > 0.0; ++j) {
        if (j == proposer || !coalition[j]) continue;
        const double u = utility(believed.scenario, p, j, x);
        const ResponderView& v = view[j];
        probability *= v.known ? (acceptable(u, threshold[j]) ? 1.0 : 0.0) : mass_below(v.belief, *v.prior, v.model.largest_accepting(u));
    }
    return probability;
}

BeliefOffer evaluated(const Negotiation& believed, std::size_t proposer, const std::array<double, kMaxAgents>& threshold, const AgentMask& coalition,
                      const RoundView& view, double walk_away_value, const Package& x, double alpha) {
    BeliefOffer o;
    o.x = x;
    o.level = alpha;
    o.acceptance = acceptance_of(believed, proposer, threshold, coalition, view, x);
    o.expected = o.acceptance * utility(believed.scenario, believed.parameters, proposer, x) + (1.0 - o.acceptance) * walk_away_value;
    return o;
}

// Family member alpha: the best package for the proposer over every region, or none when no package meets the floors
// (or the proposer would not accept its own package, by the agents' own test).
Member member(const Negotiation& believed, std::size_t proposer, const std::array<double, kMaxAgents>& threshold, const AgentMask& coalition,
              const RoundView& view, double walk_away_value, double alpha, Unproven& unproven, FamilyBounds& family) {
    const Parameters& p = believed.parameters;
    const UtilityProgram program = family_program(proposer, threshold, coalition, view, p.agents, alpha);
    const std::vector<IssueBounds>& regions = believed.scenario.regions;
    std::array<double, FamilyBounds::kBoxes> bound = family.at(alpha);
    // The regions in decreasing order of their best box's bound, the likely answer first, so that the value held rises
    // early; the answer is still the first region in file order among equal values (`best_region`).
    // (Without bounds every ceiling is +infinity and the order is the file's.)
    std::array<std::size_t, FamilyBounds::kBoxes> order{};
    std::array<double, FamilyBounds::kBoxes> ceiling{};
    const std::size_t count = std::min(regions.size(), order.size());
    for (std::size_t g = 0; g < count; ++g) {
        const std::span<double> boxes = family.region(bound, g, regions.size()).bound;
        order[g] = g;
        ceiling[g] = boxes.empty() ? std::numeric_limits<double>::infinity() : *std::max_element(boxes.begin(), boxes.end());
    }
    std::stable_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(count), [&](std::size_t a, std::size_t b) { return ceiling[a] > ceiling[b]; });
    Member best;
    double best_value = 0.0;
    std::size_t best_region = 0;
    for (std::size_t j = 0; j < regions.size(); ++j) {
        const std::size_t g = j < count ? order[j] : j;
        const IssueBounds& region = regions[g];
        BoxBounds known = family.region(bound, g, regions.size());
        if (best.found) known.skip_below = best_value;
        const ProgramResult r = best_above_floors(believed, program, region, &known);
        switch (r.status()) {
            case SolveStatus::optimal: break;
            case SolveStatus::stalled: unproven.add(r->gap); break;  // a real package meeting the floors
            case SolveStatus::infeasible:
            case SolveStatus::unbounded: continue;          // (bounded problem: not reached)
            case SolveStatus::numerical_failure: unproven.add(std::numeric_limits<double>::infinity()); continue;
        }
        if (!acceptable(utility(believed.scenario, p, proposer, r->x), threshold[proposer])) continue;
        if (best.found && (r->value < best_value || (r->value == best_value && g > best_region))) continue;
        best.found = true;
        best_value = r->value;
        best_region = g;
        best.offer.x = r->x;
    }
    family.record(alpha, bound);
    if (best.found) best.offer = evaluated(believed, proposer, threshold, coalition, view, walk_away_value, best.offer.x, alpha);
    return best;
}

bool better(const Member& a, const Member& b) { return a.found && (!b.found || a.offer.expected > b.offer.expected); }

}  // namespace

BeliefOffer offer_under_beliefs(const Negotiation& believed, std::size_t proposer, const std::array<double, kMaxAgents>& threshold,
                                const AgentMask& coalition, const RoundView& view, double walk_away_value, Unproven& unproven) {
    // Knowing every agent it needs, the proposer has nothing to weigh: its offer is the complete-information one.
    bool uncertain = false;
    for (std::size_t j = 0; j < believed.parameters.agents; ++j) uncertain = uncertain || (coalition[j] && j != proposer && !view[j].known);
    if (!uncertain)
        return evaluated(believed, proposer, threshold, coalition, view, walk_away_value, make_offer(believed, proposer, threshold, coalition, unproven), 1.0);
    FamilyBounds family(believed.scenario);
    const auto at = [&](double alpha) { return member(believed, proposer, threshold, coalition, view, walk_away_value, alpha, unproven, family); };
    Member best;
    int best_k = 0;
    for (int k = 1; k <= kGrid; ++k) {
        const Member m = at(static_cast<double>(k) / kGrid);
        // The floors rise with alpha (quantiles and predicted thresholds are non-decreasing), so once no package meets
        // them none does at any higher level.
        if (!m.found) break;
        if (better(m, best)) best = m, best_k = k;
    }
    if (!best.found) {
        // No member is feasible: even the least the beliefs allow does not fit beside the proposer's own threshold.
        // The proposer concedes as under complete information: the best package for the others among those worth its
        // threshold to it (make_offer with the floors of the smallest grid level, which it then cannot meet).
        const UtilityProgram lowest = family_program(proposer, threshold, coalition, view, believed.parameters.agents, 1.0 / kGrid);
        const Package x = make_offer(believed, proposer, lowest.floor, coalition, unproven);
        return evaluated(believed, proposer, threshold, coalition, view, walk_away_value, x, 0.0);
    }
    // Golden-section search (Kiefer 1953) on the bracket around the best grid level, keeping the best member seen.
    constexpr double kRatio = 0.6180339887498949;  // (sqrt 5 - 1) / 2
    double a = static_cast<double>(best_k - 1) / kGrid, b = std::min(1.0, static_cast<double>(best_k + 1) / kGrid);
    double c = b - kRatio * (b - a), d = a + kRatio * (b - a);
    Member mc = at(c), md = at(d);
    while (b - a > tolerance::kBeliefSearch) {
        if (better(md, mc)) {
            a = c, c = d, mc = md;
            d = a + kRatio * (b - a);
            md = at(d);
        } else {
            b = d, d = c, md = mc;
            c = b - kRatio * (b - a);
            mc = at(c);
        }
        if (better(mc, best)) best = mc;
        if (better(md, best)) best = md;
    }
    return best.offer;
}

PrivateTalks::PrivateTalks(const Negotiation& n) : negotiation_(n), scenario_(n.scenario), truth_(n.parameters) {
    for (std::size_t i = 0; i < truth_.agents; ++i)
        for (std::size_t j = 0; j < truth_.agents; ++j) {
            prior_[i][j] = &prior_of(scenario_, i, j);
            if (knows_only_prior(i, j)) belief_[i][j] = prior_belief(*prior_[i][j], scenario_.agents[j].reservation);
        }
}

ThresholdModel PrivateTalks::model(std::size_t j, int t, int next) const {
    ThresholdModel m;
    m.strategy = scenario_.agents[j].strategy;
    m.discount = scenario_.agents[j].discount;
    m.ceiling = utility_ceiling(scenario_.agents[j]);
    m.best = truth_.best[j];
    m.round = t;
    m.rounds = scenario_.protocol.rounds;
    m.next = next;
    return m;
}

BeliefOffer PrivateTalks::offer(std::size_t proposer, int t, const std::array<double, kMaxAgents>& threshold, const AgentMask& coalition,
                                const std::array<int, kMaxAgents>& next, Unproven& unproven) {
    // The proposer's view: the utilities as they are (priorities are known, docs/protocols.md); for the agents it knows
    // only by the prior, a belief about the reservation value.
    RoundView view{};
    for (std::size_t j = 0; j < truth_.agents; ++j)
        if (knows_only_prior(proposer, j)) view[j] = {false, belief_[proposer][j], prior_[proposer][j], model(j, t, next[j])};
    const double walk = walk_away(truth_.reservation[proposer], truth_.discount[proposer], t, utility_ceiling(scenario_.agents[proposer]));
    return offer_under_beliefs(negotiation_, proposer, threshold, coalition, view, walk, unproven);
}

std::array<double, kMaxAgents> PrivateTalks::believed_thresholds(std::size_t proposer, int t, const std::array<double, kMaxAgents>& threshold,
                                                                 const std::array<int, kMaxAgents>& next) const {
    std::array<double, kMaxAgents> believed = threshold;
    for (std::size_t j = 0; j < truth_.agents; ++j)
        if (knows_only_prior(proposer, j))
            believed[j] = model(j, t, next[j]).threshold(belief_quantile(belief_[proposer][j], *prior_[proposer][j], 0.5));
    return believed;
}

double PrivateTalks::acceptance(std::size_t i, std::size_t j, int t, const Package& x, const std::array<int, kMaxAgents>& next, std::size_t proposer) const {
    const double u = utility(scenario_, truth_, j, x);
    return mass_below(belief_[i][j], *prior_[i][j], model(j, t, j == proposer ? -1 : next[j]).largest_accepting(u));
}

void PrivateTalks::observe(int t, const Package& x, const AgentMask& accepted, std::size_t proposer, const std::array<int, kMaxAgents>& next) {
    for (std::size_t j = 0; j < truth_.agents; ++j) {
        bool anyone = false;  // whether some agent knows j only by the prior
        for (std::size_t i = 0; i < truth_.agents; ++i) anyone = anyone || knows_only_prior(i, j);
        if (!anyone) continue;
        // Every observer knows j's utility of x, so all learn the same bound on r_j.
        const double c = model(j, t, j == proposer ? -1 : next[j]).largest_accepting(utility(scenario_, truth_, j, x));
        for (std::size_t i = 0; i < truth_.agents; ++i)
            if (knows_only_prior(i, j))
                belief_[i][j] = updated(belief_[i][j], *prior_[i][j], scenario_.agents[j].reservation, c, accepted[j]);
    }
}

}  // namespace negsim
