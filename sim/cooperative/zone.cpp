// ZOPA margin of one sample (zone.hpp).
#include "cooperative/zone.hpp"

#include "optimise/package_optimizer.hpp"
#include "optimise/weighted_optimum.hpp"

#include <algorithm>
#include <limits>

namespace negsim {

namespace {

UtilityProgram surplus_program(const Scenario& s, const Parameters& p) {
    UtilityProgram program;
    for (std::size_t i = 0; i < p.agents; ++i) {
        program.bounded[i] = s.protocol.decision.requires_acceptance(s.agents[i].role);
        program.floor[i] = p.reservation[i];
        program.scale[i] = 1.0;
    }
    return program;
}

}  // namespace

double zone_margin(const Scenario& s, const Parameters& p) {
    const UtilityProgram program = surplus_program(s, p);
    const IdealOrder order = order_ideals(p);
    double best = -std::numeric_limits<double>::infinity();
    for (const IssueBounds& region : s.regions) best = std::max(best, maximin(s, p, order, program, region).value);
    return best;
}

double zone_margin(const Scenario& s, const Parameters& p, const IdealOrder& order, const IssueBounds& restriction) {
    const UtilityProgram program = surplus_program(s, p);
    double best = -std::numeric_limits<double>::infinity();
    for (const IssueBounds& region : s.regions) {
        IssueBounds box = region;
        bool empty = false;
        for (std::size_t k = 0; k < s.issue_count(); ++k) {
            box.lo[k] = std::max(box.lo[k], restriction.lo[k]);
            box.hi[k] = std::min(box.hi[k], restriction.hi[k]);
            empty = empty || box.lo[k] > box.hi[k];
        }
        if (!empty) best = std::max(best, maximin(s, p, order, program, box).value);
    }
    return best;
}

}  // namespace negsim
