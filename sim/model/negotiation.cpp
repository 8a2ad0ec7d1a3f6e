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

}  // namespace negsim
