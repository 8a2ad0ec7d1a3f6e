// ZOPA margin of one sample (zone.hpp).
#include "zone.hpp"

#include "package_optimizer.hpp"
#include "weighted_optimum.hpp"

#include <limits>

namespace negsim {

double zone_margin(const Scenario& s, const Parameters& p) {
    UtilityProgram program;
    for (std::size_t i = 0; i < p.agents; ++i) {
        program.bounded[i] = s.protocol.decision.requires_acceptance(s.agents[i].role);
        program.floor[i] = p.reservation[i];
        program.scale[i] = 1.0;
    }
    const IdealOrder order = order_ideals(p);
    double best = -std::numeric_limits<double>::infinity();
    for (const IssueBounds& region : s.regions) best = std::max(best, maximin(s, p, order, program, region).value);
    return best;
}

}  // namespace negsim
