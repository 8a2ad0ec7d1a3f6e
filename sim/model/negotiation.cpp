// The per-negotiation precomputation (negotiation.hpp).
#include "model/negotiation.hpp"

namespace negsim {

IdealOrder order_ideals(const Parameters& p) {
    IdealOrder order;
    for (std::size_t k = 0; k < p.issues; ++k) {
        auto& sorted = order.by_issue[k];
        // Insertion sort: stable, in place, allocation-free, and fast for the few agents a scenario has.
        for (std::size_t j = 0; j < p.agents; ++j) {
            std::size_t at = j;
            while (at > 0 && p.ideal[sorted[at - 1]][k] > p.ideal[j][k]) {
                sorted[at] = sorted[at - 1];
                --at;
            }
            sorted[at] = static_cast<std::uint8_t>(j);
        }
    }
    return order;
}

OptionTable tabulate_options(const Scenario& s, const Parameters& p) {
    OptionTable t;
    for (std::size_t k = 0; k < p.issues; ++k) {
        t.offset[k] = static_cast<std::uint16_t>(t.slots);
        if (s.issues[k].discrete) t.slots += s.issues[k].options.size();
    }
    t.agents = p.agents;
    t.data.resize(3 * p.agents * t.slots);
    for (std::size_t j = 0; j < p.agents; ++j)
        for (std::size_t k = 0; k < p.issues; ++k) {
            if (!s.issues[k].discrete) continue;
            for (std::size_t o = 0; o < s.issues[k].options.size(); ++o) {
                const std::size_t slot = t.offset[k] + o;
                const std::size_t at = j * t.slots + slot;
                t.data[at] = issue_value(s.agents[j].values[k], static_cast<double>(o), p.ideal[j][k], s.issues[k].span());
                t.data[p.agents * t.slots + at] = p.weight[j][k];
                t.data[2 * p.agents * t.slots + slot * p.agents + j] = p.weight[j][k] * t.data[at];
            }
        }
    return t;
}

}  // namespace negsim
