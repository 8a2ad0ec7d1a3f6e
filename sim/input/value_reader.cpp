// Reading ideals and value functions (value_reader.hpp).
#include "input/value_reader.hpp"

#include "model/text.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace negsim {

namespace {

// An affine value over a continuous issue, {"at_min": a, "at_max": b}: v = a at the issue's min, b at its max, straight
// between (GENIUS's linear evaluators and GeniusWeb's number utilities; docs/interop.md). The ideal must be the end
// with the higher value (either end when they are equal).
ValueFunction read_affine(const Node& node, const Issue& issue, double ideal) {
    if (!node.raw().is_object()) node.fail(what_is(node.raw()) + "; expected \"linear\", \"quadratic\" or {\"at_min\": value, \"at_max\": value} for continuous issue " + quote_text(issue.id));
    node.object({"at_min", "at_max"});
    const double at_min = node.required("at_min").number_in(0.0, 1.0, "values must lie in [0, 1]");
    const double at_max = node.required("at_max").number_in(0.0, 1.0, "values must lie in [0, 1]");
    const double best_end = at_max > at_min ? issue.max : issue.min;
    if (at_max != at_min && ideal != best_end)
        node.fail("the agent's ideal " + format_number(ideal) + " is not the end where this value is highest; expected ideal " + format_number(best_end) + " for issue " + quote_text(issue.id));
    ValueFunction f;
    f.shape = Shape::affine;
    f.slope = (at_max - at_min) / issue.span();
    f.intercept = at_min - f.slope * issue.min;
    return f;
}

}  // namespace

double read_ideal(const Node& node, const Issue& issue) {
    if (issue.discrete) {
        if (!node.raw().is_string()) node.fail(what_is(node.raw()) + "; expected one of the options of issue " + quote_text(issue.id) + ": " + join_quoted(issue.options));
        const std::string name = node.string();
        const auto it = std::find(issue.options.begin(), issue.options.end(), name);
        if (it == issue.options.end()) node.fail(quote_text(name) + " is not an option of issue " + quote_text(issue.id) + "; expected one of " + join_quoted(issue.options) + did_you_mean(name, issue.options));
        return static_cast<double>(it - issue.options.begin());
    }
    const double x = node.number();
    if (x < issue.min || x > issue.max)
        node.fail(show(node.raw()) + " is outside the range of issue " + quote_text(issue.id) + "; expected a value in " + describe_range(issue));
    return x;
}

ValueFunction read_value_function(const Node& node, const Issue& issue, double ideal) {
    ValueFunction f;
    if (node.raw().is_string()) {
        f.shape = node.one_of({"linear", "quadratic"}) == "linear" ? Shape::linear : Shape::quadratic;
        return f;
    }
    if (!issue.discrete) return read_affine(node, issue, ideal);
    if (!node.raw().is_object()) node.fail(what_is(node.raw()) + "; expected \"linear\", \"quadratic\" or an object giving a value in [0, 1] per option");
    f.shape = Shape::table;
    std::vector<bool> seen(issue.options.size(), false);
    for (const auto& item : node.raw().items()) {
        const Node child = node.child(item.key());
        const std::size_t o = lookup(child, item.key(), issue.options, "option");
        seen[o] = true;
        f.table[o] = child.number_in(0.0, 1.0, "option values must lie in [0, 1]");
    }
    for (std::size_t o = 0; o < issue.options.size(); ++o)
        if (!seen[o]) node.fail("missing option " + quote_text(issue.options[o]) + "; give a value for every option of issue " + quote_text(issue.id));
    const auto ideal_index = static_cast<std::size_t>(ideal);
    const double best = *std::max_element(f.table.begin(), f.table.begin() + static_cast<std::ptrdiff_t>(issue.options.size()));
    if (f.table[ideal_index] != best)
        node.child(issue.options[ideal_index]).fail(show(node.child(issue.options[ideal_index]).raw()) + " is the value of the agent's ideal option " + quote_text(issue.options[ideal_index]) + "; the ideal option must have the table's highest value, " + format_number(best));
    return f;
}

}  // namespace negsim
