// Warnings about a scenario's setup (warnings.hpp).
#include "input/warnings.hpp"

#include "input/parameter_places.hpp"
#include "model/text.hpp"
#include "model/tolerance.hpp"
#include "random/distributions.hpp"

#include <algorithm>
#include <cmath>

namespace negsim {

namespace {

// A distribution centred on the nominal value only spreads it: the nominal value still says where the draws lie.
bool off_centre(double nominal, const Distribution& d) {
    const double c = centre(d);
    return std::abs(nominal - c) > tolerance::kNominalCentre * std::max({1.0, std::abs(nominal), std::abs(c)});
}

}  // namespace

std::vector<std::string> scenario_warnings(const Scenario& s) {
    std::vector<std::string> warnings;
    const MonteCarloSpec& mc = s.monte_carlo;
    for (std::size_t i = 0; i < s.agent_count(); ++i)
        for (const ParameterRef& ref : drawn_parameters(s, i)) {
            const Distribution& d = mc.distribution(ref);
            if (d.kind == Distribution::Kind::fixed || (d.kind == Distribution::Kind::normal && !d.mean_given)) continue;
            const double nominal = nominal_value(s.agents[i], ref);
            if (!off_centre(nominal, d)) continue;
            warnings.push_back(nominal_pointer(s, ref) + ": the nominal value " + format_number(nominal) + " is not used in sampling: the " +
                               distribution_name(d.kind) + " distribution at " + distribution_pointer(s, ref) + ", centred on " +
                               format_number(centre(d)) + ", replaces it in every sample (solve and evaluate use the nominal value)");
        }
    for (std::size_t n = 0; n < mc.shocks.size(); ++n) {
        if (mc.shocks[n].probability < 1.0) continue;
        for (const ShockEffect& effect : mc.shocks[n].effects)
            if (effect.op == ShockEffect::Op::set)
                warnings.push_back(nominal_pointer(s, effect.parameter) + ": the nominal value is not used in sampling: the shock " +
                                   quote_text(mc.shocks[n].id) + " at /monte_carlo/uncertainty/shocks/" + std::to_string(n) +
                                   " has probability 1 and sets it in every sample");
    }
    // The acceptance threshold r / discount^t (docs/protocols.md) passes 1, the most any package is worth, at
    // t* = ln r / ln discount (rounds counted from 0); a deal needs it to stay at or below 1 until the last round.
    for (std::size_t i = 0; i < s.agent_count(); ++i) {
        const Agent& a = s.agents[i];
        if (!(a.discount < 1.0) || !(a.reservation > 0.0)) continue;
        const double crossing = std::log(a.reservation) / std::log(a.discount);
        const int first = static_cast<int>(std::floor(crossing)) + 1;  // the first round t with r / discount^t > 1
        if (first <= s.protocol.rounds - 1)
            warnings.push_back("/agents/" + std::to_string(i) + "/discount: with reservation " + format_number(a.reservation) + " and discount " +
                               format_number(a.discount) + " per round, " + quote_text(a.id) + "'s acceptance threshold r / discount^t exceeds 1 from round " +
                               std::to_string(first) + " of " + std::to_string(s.protocol.rounds) +
                               " (counted from 0): it would then reject even its ideal package (a discount factor over the whole negotiation, "
                               "as in GENIUS, copied as a per-round one?)");
    }
    // A vote with more minimal winning coalitions than the loader lists: the zone is searched, not enumerated
    // (zone.hpp), and what the search cannot decide is counted in summary.json.
    if (!s.protocol.decision.winning_complete)
        warnings.push_back("/protocol/decision_rule: the vote has more minimal winning coalitions than the " +
                           std::to_string(s.protocol.decision.winning.size()) +
                           " negsim lists, so the zone of possible agreement is searched over coalitions: a zone it finds exists, one it rules "
                           "out does not, and what it can do neither with counts as no zone (zone.undecided_samples and "
                           "zone.undecided_searches in summary.json; docs/design/vote-zone.md)");
    return warnings;
}

}  // namespace negsim
