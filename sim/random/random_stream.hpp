// Counter-based random streams (Salmon et al. 2011, "Parallel random numbers: as easy as 1, 2, 3", SC'11).
// A stream is identified by (seed, sample, purpose) alone, so a draw never depends on which thread ran the sample
// or on how many other draws were made before it: results are identical for any thread count, and any sample can
// be replayed by itself. Every draw in negsim comes from here.
#pragma once

#include <Random123/philox.h>

#include <cstdint>

namespace negsim {

// What a stream is for; combined with agent and issue indices into one 64-bit purpose word (see purpose()).
enum class Purpose : std::uint64_t {
    weights = 1,
    ideal = 2,
    reservation = 3,
    breakdown = 4,      // one sequential stream per sample: one draw per round without a deal
    ratification = 5,   // one sequential stream per sample: one draw per agent that must ratify
    proposer = 6,       // random-proposer protocol: one draw per round
    frontier = 7,       // weight vectors for sampling a Pareto frontier (negsim solve)
    power = 8,          // indexed by agent
    discount = 9,       // indexed by agent
    exponent = 10,      // indexed by agent
    correlation = 11,   // indexed by correlation block
    shock = 12,         // indexed by shock
    salience = 13,      // indexed by agent
    // Sweep designs and their statistics (analysis/sweep/design.hpp, analysis/sobol.hpp): the `sample` slot holds the factor
    // (designs) or the bootstrap resample, so a stream is one column or one resample, drawn in order.
    lhs_permutation = 14,  // Latin hypercube: the order of a factor's strata
    lhs_jitter = 15,       // Latin hypercube: the position within each stratum
    sobol_base = 16,       // Saltelli base matrices A (agent slot 0) and B (agent slot 1)
    bootstrap = 17,        // bootstrap resamples of the rows of a Sobol design
    stacked_offer = 18,    // stacked-alternating "aspiration-random" offers: one sequential stream per sample, drawn per offer
};

[[nodiscard]] constexpr std::uint64_t purpose(Purpose kind, std::uint64_t agent = 0, std::uint64_t issue = 0) {
    return (static_cast<std::uint64_t>(kind) << 32) | (agent << 16) | issue;
}

class RandomStream {
public:
    RandomStream(std::uint64_t seed, std::uint64_t sample, std::uint64_t purpose_word)
        : key_{{seed, 0x6e656773696d0001ULL}}, counter_{{sample, purpose_word, 0, 0}} {}

    // Uniform on the open interval (0, 1), with 53 random bits.
    [[nodiscard]] double uniform() {
        if (next_ == 4) refill();
        const std::uint64_t bits = block_.v[next_++];
        return (static_cast<double>(bits >> 11) + 0.5) * 0x1.0p-53;
    }

private:
    void refill() {
        block_ = r123::Philox4x64{}(counter_, key_);
        ++counter_.v[2];
        next_ = 0;
    }

    r123::Philox4x64::key_type key_;
    r123::Philox4x64::ctr_type counter_;
    r123::Philox4x64::ctr_type block_{};
    unsigned next_ = 4;
};

}  // namespace negsim
