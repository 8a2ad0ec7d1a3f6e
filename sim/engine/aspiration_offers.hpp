// The stacked protocol's aspiration offer rules (docs/protocols.md, "stacked-alternating"): "aspiration-worst", the
// package worst for the proposer among those worth at least its aspiration, and "aspiration-random", one drawn among
// them. Both search the boxes of the package space: a region with every discrete issue fixed to an option.
//
// A proposer's boxes are listed once per negotiation, sorted by the proposer's best utility in each (ties in
// enumeration order), so that an offer is a bisection (Fujita 2013 and the platforms' time-based agents look up their
// outcome space sorted by utility the same way): O(B log B) per negotiation for B boxes, then O(log B) per offer when
// every issue is discrete, instead of B utility evaluations per offer. Memory: 24 bytes per box and proposer, twice that
// while sorting (a 10^6-outcome domain: 24 MB per party and thread, docs/performance.md).
#pragma once

#include "model/negotiation.hpp"
#include "random/random_stream.hpp"

#include <cstdint>
#include <vector>

namespace negsim {

class AspirationOffers {
public:
    // Lists proposer i's boxes under the negotiation's parameters (the loader bounds their number:
    // kMaxEnumeratedCombinations per region).
    AspirationOffers(const Negotiation& n, std::size_t i);

    // "aspiration-worst": of the boxes with a package worth at least `target`, the one whose least such package is worth
    // least (a box straddling the target is worth exactly the target), ties to the first in enumeration order; that
    // package, on the straight way from the box's best package to its worst. No box reaches the target: the proposer's
    // best package (the first box of the highest utility).
    [[nodiscard]] Package worst_above(double target) const;

    // "aspiration-random": a box drawn uniformly among those with a package worth at least `target`, then a share drawn
    // uniformly in [0, lambda*] of the way from its best package to its worst, lambda* the last share still worth the
    // target. Two draws per offer from `draws`. No box reaches the target: the proposer's best package.
    [[nodiscard]] Package drawn_above(double target, RandomStream& draws) const;

private:
    struct Entry {
        double u_top;          // the proposer's utility of the box's best package
        double u_bottom;       // ... and of its worst
        std::uint32_t index;   // the box's place in enumeration order (regions, then option combinations)
    };
    struct Box;

    [[nodiscard]] Box box_of(const IssueBounds& fixed) const;
    [[nodiscard]] Box box(std::uint32_t index) const;
    [[nodiscard]] std::size_t first_reaching(double target) const;
    [[nodiscard]] Package best_package() const;
    [[nodiscard]] double last_share_above(const Box& box, const Entry& entry, double target) const;

    const Negotiation* n_;
    std::size_t proposer_;
    bool all_discrete_;          // every box is a single package (u_top == u_bottom)
    std::vector<Entry> sorted_;  // by u_top, then index
};

}  // namespace negsim
