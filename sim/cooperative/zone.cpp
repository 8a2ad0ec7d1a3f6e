// ZOPA margin of one sample (zone.hpp).
#include "cooperative/zone.hpp"

#include "optimise/package_optimizer.hpp"
#include "optimise/weighted_optimum.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

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

// The largest maximin value over the boxes. Every required agent is bounded, so each maximin has an answer (optimal,
// or stalled: a lower bound, counted); a result without one would be a bug, and is reported as one.
template <class Boxes>
ZoneMargin best_over(const Scenario& s, const Parameters& p, const IdealOrder& order, Boxes boxes) {
    const UtilityProgram program = surplus_program(s, p);
    bool anyone = false;
    for (std::size_t i = 0; i < p.agents; ++i) anyone = anyone || program.bounded[i];
    ZoneMargin margin{-std::numeric_limits<double>::infinity(), 0};
    boxes([&](const IssueBounds& box) {
        if (!anyone) {  // no agent to measure (a quorum-only rule): every package counts, at margin 0
            margin.value = std::max(margin.value, 0.0);
            return;
        }
        const ProgramResult r = maximin(s, p, order, program, box);
        if (!r.has_value()) throw std::logic_error(std::string("zone margin: the maximin gave no answer (") + to_string(r.status()) + ")");
        margin.value = std::max(margin.value, r->value);
        if (!r.optimal()) ++margin.unproven;
    });
    return margin;
}

}  // namespace

ZoneMargin zone_margin(const Scenario& s, const Parameters& p) {
    const IdealOrder order = order_ideals(p);
    return best_over(s, p, order, [&](const auto& visit) {
        for (const IssueBounds& region : s.regions) visit(region);
    });
}

ZoneMargin zone_margin(const Scenario& s, const Parameters& p, const IdealOrder& order, const IssueBounds& restriction) {
    return best_over(s, p, order, [&](const auto& visit) {
        for (const IssueBounds& region : s.regions) {
            IssueBounds box = region;
            bool empty = false;
            for (std::size_t k = 0; k < s.issue_count(); ++k) {
                box.lo[k] = std::max(box.lo[k], restriction.lo[k]);
                box.hi[k] = std::min(box.hi[k], restriction.hi[k]);
                empty = empty || box.lo[k] > box.hi[k];
            }
            if (!empty) visit(box);
        }
    });
}

}  // namespace negsim
