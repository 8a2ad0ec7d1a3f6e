// What an optimiser reports with every answer, and the wrapper that makes the caller look at it: the values of a
// result can only be read when its status says there are values, so a failed solve cannot pass for a solution made
// of zeros (docs/protocols.md, "The exact package optimiser").
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace negsim {

enum class SolveStatus : std::uint8_t {
    optimal,            // proven optimal: the answer passed the residual (KKT) check
    stalled,            // column generation stopped before proving optimality (column or round cap, or a master that
                        // failed even after a re-factorisation and a solve from scratch): the answer is the best
                        // found, feasible, and for a maximisation a lower bound on the optimum
    infeasible,         // no point meets the constraints
    unbounded,          // the objective grows without bound (checked against the data, not only the tableau)
    numerical_failure,  // no answer passed the residual check, even after a re-factorisation and a solve from scratch
};

[[nodiscard]] constexpr const char* to_string(SolveStatus status) {
    switch (status) {
        case SolveStatus::optimal: return "optimal";
        case SolveStatus::stalled: return "stalled";
        case SolveStatus::infeasible: return "infeasible";
        case SolveStatus::unbounded: return "unbounded";
        case SolveStatus::numerical_failure: return "numerical failure";
    }
    return "unknown";
}

// Whether a result with this status carries values (an optimum, or a stalled column generation's best point).
[[nodiscard]] constexpr bool has_answer(SolveStatus status) { return status == SolveStatus::optimal || status == SolveStatus::stalled; }

// A status and, when has_answer(status), a value. Reading the value of a result without one throws std::logic_error:
// a caller must branch on the status first. [[nodiscard]] on the type makes every function returning it nodiscard.
template <class T>
class [[nodiscard]] Solved {
public:
    // A result without values (infeasible, unbounded, numerical failure).
    static Solved failure(SolveStatus status) {
        if (has_answer(status)) throw std::logic_error("a solver result with an answer needs its values");
        return Solved(status);
    }
    static Solved answer(SolveStatus status, const T& value) {
        if (!has_answer(status)) throw std::logic_error("a failed solver result carries no values");
        Solved result(status);
        result.value_ = value;
        return result;
    }

    [[nodiscard]] SolveStatus status() const { return status_; }
    [[nodiscard]] bool has_value() const { return has_answer(status_); }
    [[nodiscard]] bool optimal() const { return status_ == SolveStatus::optimal; }

    [[nodiscard]] const T& value() const {
        if (!has_value()) throw std::logic_error(std::string("read the values of a solver result that has none (") + to_string(status_) + ")");
        return value_;
    }
    [[nodiscard]] const T* operator->() const { return &value(); }

private:
    explicit Solved(SolveStatus status) : status_(status) {}
    SolveStatus status_;
    T value_{};
};

}  // namespace negsim
